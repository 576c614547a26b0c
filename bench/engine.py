"""The `engine` workload: how many leads a second the pure engine evaluates on one core, for
the example agreement (target: at least 50,000).

    python -m bench.run engine [--quick]     (records it; BENCHMARKS.md shows it)
    .venv/bin/python bench/engine.py [--leads 4000] [--rounds 7] [--json FILE]

Generates varied facts (accounts from grade A to D or none, job titles in Polish and English,
0–15 touches of every type spread over 200 days, some sales answers, some nurture leads),
compiles the agreement once, and times `evaluate` over all of them; the best of several rounds
is reported (the least disturbed by other processes), with the CPU time of the process beside
it, then again reading each `trace` (built on first access). No database is touched.
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
from typing import Any

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


COLUMNS = ["measure", "leads", "seconds", "µs/lead", "leads/s", "goal"]
FULL = {"leads": 4000, "rounds": 7}
QUICK = {"leads": 1000, "rounds": 3}


def run(*, quick: bool) -> dict[str, Any]:
    """The workload as `bench.run` calls it: a table for BENCHMARKS.md and the raw figures."""
    result = bench_run(**(QUICK if quick else FULL))
    leads, rounds = result["leads"], result["rounds"]
    seconds = result["seconds"]
    measures = [
        (f"`evaluate`, wall clock, best of {rounds} rounds", "best", "leads_per_second", TARGET),
        ("`evaluate`, CPU time of the process (one core)", "cpu", "cpu_leads_per_second", TARGET),
        (f"`evaluate`, wall clock, median of {rounds} rounds", "median",
         "median_leads_per_second", None),
        ("`evaluate` and reading its `trace`, best", "with_trace",
         "with_trace_leads_per_second", None),
    ]  # fmt: skip
    rows = [
        _row(label, leads, seconds[key], result[rate], goal) for label, key, rate, goal in measures
    ]
    return {
        **result,
        "table": {"columns": COLUMNS, "rows": rows},
        "notes": [
            f"The example agreement (`{result['agreement']}`), compiled once; {leads:,} "
            f"generated leads with {result['mean_touches_per_lead']} touches each on average "
            "(every touch type, 6 campaigns, over 200 days), accounts from grade A to D or none, "
            "job titles in Polish and English, some sales answers, a tenth in nurture.",
            "Pure Python in one process and one thread: no database is read or written (the "
            "database named in the heading is only the empty one the runner creates). The goal "
            f"is {TARGET:,} leads/s on one core; under load the wall clock falls below the CPU "
            f"figure (load average {result['load_average_1min']} on {result['cpus']} CPUs "
            "when measured).",
            "The trace (a sentence and the facts used per conclusion) is built when first read; "
            "ingestion reads it only for leads whose conclusions changed.",
        ],
    }


def _row(label: str, leads: int, seconds: float, rate: int, goal: int | None) -> list[str]:
    met = "" if goal is None else f"≥ {goal:,}/s {'met' if rate >= goal else 'NOT met'}"
    return [label, f"{leads:,}", f"{seconds:.3f}", f"{1e6 / rate:.1f}", f"{rate:,}", met]


def bench_run(*, leads: int, rounds: int) -> dict[str, Any]:
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
    traced = []
    for _ in range(rounds):
        started = time.perf_counter()
        for item in facts:
            _ = evaluate(agreement, item).trace
        traced.append(time.perf_counter() - started)
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    touches = sum(len(item.touches) for item in facts)
    return {
        "agreement": "leadpact/agreements/examples/agreement.pl.yaml",
        "leads": leads,
        "mean_touches_per_lead": round(touches / leads, 2),
        "rounds": rounds,
        "seconds": {
            "best": round(best, 4),
            "median": round(median, 4),
            # CPU seconds of this process: the rate one core gives when no one else wants it.
            "cpu": round(min(cpu), 4),
            "with_trace": round(min(traced), 4),
        },
        "leads_per_second": round(leads / best),
        "median_leads_per_second": round(leads / median),
        "cpu_leads_per_second": round(leads / min(cpu)),
        "with_trace_leads_per_second": round(leads / min(traced)),
        "target_leads_per_second": TARGET,
        "meets_target": leads / best >= TARGET,
        "cpu_meets_target": leads / min(cpu) >= TARGET,
        "python": platform.python_version(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=FULL["leads"])
    parser.add_argument("--rounds", type=int, default=FULL["rounds"])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    result = bench_run(leads=args.leads, rounds=args.rounds)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    verdict = "meets" if result["meets_target"] else "BELOW"
    print(
        f"engine.evaluate: {result['leads_per_second']:,} leads/s "
        f"({args.leads} leads, {result['mean_touches_per_lead']} touches/lead) — {verdict} "
        f"the {TARGET:,}/s target; per CPU second: {result['cpu_leads_per_second']:,}; "
        f"with the trace read too: {result['with_trace_leads_per_second']:,} "
        f"(load average {result['load_average_1min']} on {result['cpus']} CPUs)"
    )
    print("record it with: python -m bench.run engine")


if __name__ == "__main__":
    main()
