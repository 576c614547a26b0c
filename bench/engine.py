"""How many leads a second the pure engine evaluates on one core, for the example agreement.

    .venv/bin/python bench/engine.py [--leads 4000] [--rounds 5]

Generates varied facts (accounts from grade A to D or none, job titles in Polish and English,
0–15 touches of every type spread over 200 days, some sales answers, some nurture leads),
compiles the agreement once, and times `evaluate` over all of them; the best of several rounds
is reported (the least disturbed by other processes), then again reading each `trace` (built on
first access). Also records the load average, as a busy machine halves the figure.
Writes bench/results/engine.json.
Target: at least 50 000 leads/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leadpact.agreements.rules import (  # noqa: E402 -- after the path setup above
    AccountFacts,
    Facts,
    LeadFacts,
    SalesAnswers,
    TouchFact,
    compile_agreement,
    evaluate,
    example_agreement,
)

TARGET = 50_000
NOW = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
INDUSTRIES = ["finance", "insurance", "manufacturing", "retail", "public_sector", "mining", ""]
TITLES = [
    "Prezes Zarządu",
    "CEO",
    "CTO",
    "Dyrektor IT",
    "Kierownik Działu Infrastruktury",
    "IT Manager",
    "Head of Security",
    "Specjalista ds. sieci",
    "Senior DevOps Engineer",
    "Inżynier systemów",
    "Administrator baz danych",
    "Marketing Assistant",
    "Student",
    "",
]


def facts_generate(count: int, *, seed: int = 7) -> list[Facts]:
    rng = random.Random(seed)
    agreement = example_agreement()
    types = [t.code for t in agreement.touch_types]
    accounts = [
        None
        if rng.random() < 0.05
        else AccountFacts(
            industry=rng.choice(INDUSTRIES),
            employees=rng.choice([None, rng.randint(5, 20_000)]),
            annual_revenue=rng.choice([None, rng.uniform(1e6, 5e8)]),
            country=rng.choice(["PL", "PL", "PL", "DE", ""]),
            is_target=rng.random() < 0.3,
            attributes={"cloud_strategy": rng.choice(["hybrid", "on_prem", "migrating"])},
        )
        for _ in range(max(1, count // 4))
    ]
    result = []
    for index in range(count):
        # Titles carry an index now and then so the persona cache sees unseen titles too.
        title = rng.choice(TITLES)
        if index % 5 == 0 and title:
            title = f"{title} {index}"
        touches = tuple(
            TouchFact(
                rng.choice(types),
                f"c{rng.randint(1, 6)}",
                NOW - timedelta(hours=rng.randint(0, 200 * 24)),
            )
            for _ in range(rng.randint(0, 15))
        )
        nurtured = rng.random() < 0.1
        result.append(
            Facts(
                account=rng.choice(accounts),
                lead=LeadFacts(job_title=title),
                touches=touches,
                sales=SalesAnswers(
                    product_potential=rng.choice([None, None, True, False]),
                    horizon_months=rng.choice([None, 3, 9, 18]),
                ),
                stage="nurture" if nurtured else rng.choice(["inquiry", "mql", "sal"]),
                now=NOW,
                rejected_at=NOW - timedelta(days=rng.randint(1, 60)) if nurtured else None,
            )
        )
    return result


def bench_run(*, leads: int, rounds: int) -> dict[str, object]:
    agreement = example_agreement()
    compile_agreement(agreement)
    facts = facts_generate(leads)
    for item in facts[:500]:
        evaluate(agreement, item)
    timings, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for item in facts:
            evaluate(agreement, item)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    best = min(timings)
    traced = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in facts:
            _ = evaluate(agreement, item).trace
        traced.append(time.perf_counter() - started)
    touches = sum(len(item.touches) for item in facts)
    return {
        "benchmark": "engine.evaluate",
        "agreement": "examples/agreement.pl.yaml",
        "leads": leads,
        "mean_touches_per_lead": round(touches / leads, 2),
        "rounds": rounds,
        "best_seconds": round(best, 4),
        "leads_per_second": round(leads / best),
        "microseconds_per_lead": round(best / leads * 1e6, 2),
        "median_leads_per_second": round(leads / sorted(timings)[len(timings) // 2]),
        # CPU seconds of this process: the rate one core gives when no one else wants it.
        "cpu_leads_per_second": round(leads / min(cpu)),
        # The trace is built when first read; ingestion reads it only when something changed.
        "with_trace_leads_per_second": round(leads / min(traced)),
        "target_leads_per_second": TARGET,
        "meets_target": leads / best >= TARGET,
        "cpu_meets_target": leads / min(cpu) >= TARGET,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    result = bench_run(leads=args.leads, rounds=args.rounds)
    out = ROOT / "bench" / "results" / "engine.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    verdict = "meets" if result["meets_target"] else "BELOW"
    print(
        f"engine.evaluate: {result['leads_per_second']:,} leads/s "
        f"({result['microseconds_per_lead']} µs/lead, {args.leads} leads, "
        f"{result['mean_touches_per_lead']} touches/lead) — {verdict} the {TARGET:,}/s target"
    )
    print(
        f"per CPU second of this process: {result['cpu_leads_per_second']:,} leads/s; "
        f"with the trace read too: {result['with_trace_leads_per_second']:,} leads/s "
        f"(load average {result['load_average_1min']} on {result['cpus']} CPUs)"
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
