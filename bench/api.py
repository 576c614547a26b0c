"""The `api` workload: single-touch `POST /api/v1/touches` and `GET /api/v1/leads/{id}` over
HTTP, beside a trivial JSON view (`GET /healthz`) served by the same gunicorn in the same run.

The database holds a generated history (the example agreement in force, a few thousand leads
through `leadpact.demo.history`). gunicorn runs `config.wsgi` on 127.0.0.1 with 2 workers × 4
threads; this process drives it with a bounded load: a few client threads, each on one
keep-alive `http.client` connection, for a fixed time per measurement (≤ 30 s). Client and
server share the machine, so the trivial view's figure is the ceiling for this setup.
"""

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections

from leadpact.demo.history import history_generate
from leadpact.leads.models import Lead
from leadpact.users.models import User
from leadpact.users.services import token_create

SEED = 2026
CLIENTS = 4
WORKERS, THREADS = 2, 4
GOALS = {"touch": 0.12, "lead": 0.20}
P99_GOAL_MS = 50.0
MAX_REQUESTS = 200_000
COLUMNS = ["request", "requests", "seconds", "req/s", "p50 ms", "p99 ms", "vs trivial", "goal"]


@dataclass(frozen=True)
class Sizes:
    leads: int
    months: int
    warmup: float
    seconds: float


FULL = Sizes(leads=3000, months=3, warmup=3, seconds=20)
QUICK = Sizes(leads=400, months=1, warmup=1, seconds=5)

Request = tuple[str, str, bytes | None]  # method, path, body
Maker = Callable[[random.Random, int, int], Request]


@dataclass
class Measure:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    reconnects: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def run(*, quick: bool) -> dict[str, Any]:
    sizes = QUICK if quick else FULL
    _say(f"generating {sizes.leads:,} leads over {sizes.months} month(s) of history")
    summary = history_generate(leads=sizes.leads, months=sizes.months, seed=SEED)
    admin = User.objects.get(email="admin@leadpact.demo")
    secret = token_create(user=admin, name="bench", scopes=["touches:write", "leads:read"]).secret
    leads = list(Lead.objects.values_list("id", "email", "account__domain"))
    connections.close_all()

    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    makers: dict[str, Maker] = {
        "trivial": lambda rng, client, n: ("GET", "/healthz", None),
        "lead": lambda rng, client, n: ("GET", f"/api/v1/leads/{rng.choice(leads)[0]}", None),
        "touch": lambda rng, client, n: ("POST", "/api/v1/touches", _touch(rng, leads, client, n)),
    }
    measures: dict[str, Measure] = {}
    with _gunicorn() as port:
        for name in ("trivial", "lead", "touch"):
            _say(
                f"{name}: {CLIENTS} clients, {sizes.seconds:.0f} s after {sizes.warmup:.0f} s warm-up"
            )
            _drive(port, headers, makers[name], Measure(name), sizes.warmup)
            measures[name] = _drive(port, headers, makers[name], Measure(name), sizes.seconds)
    return _result(measures, sizes, summary.leads)


def _touch(
    rng: random.Random, leads: Sequence[tuple[int, str, str | None]], client: int, n: int
) -> bytes:
    _, email, domain = rng.choice(leads)
    kind, campaign = rng.choice(
        [("article_read", "blog-czym-jest-nis2"), ("video_watched", "video-demo-platformy"),
         ("case_study_download", "case-study-siec-handlowa-sd-wan"),
         ("webinar_registration", "webinar-bench")]
    )  # fmt: skip
    touch = {
        "external_id": f"bench-{os.getpid()}-{client}-{n}-{rng.getrandbits(32)}",
        "source": "bench",
        "type": kind,
        "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        "campaign": campaign,
        "lead": {"email": email},
        **({"account": {"domain": domain}} if domain else {}),
    }
    return json.dumps({"touches": [touch]}).encode()


def _drive(
    port: int, headers: dict[str, str], make: Maker, measure: Measure, seconds: float
) -> Measure:
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()

    def client(number: int) -> None:
        rng = random.Random(f"{SEED}/{measure.name}/{number}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, errors, reconnects, n = [], 0, 0, 0
        while time.perf_counter() < stop_at and n < MAX_REQUESTS // CLIENTS:
            method, path, body = make(rng, number, n)
            n += 1
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                reconnects += 1
                continue
            if response.status >= 400:
                errors += 1
            else:
                latencies.append(time.perf_counter() - started)
        connection.close()
        with lock:
            measure.latencies += latencies
            measure.errors += errors
            measure.reconnects += reconnects

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    measure.seconds = time.perf_counter() - started
    return measure


@contextmanager
def _gunicorn() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=os.environ.copy())
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def _result(measures: dict[str, Measure], sizes: Sizes, leads: int) -> dict[str, Any]:
    trivial = measures["trivial"].rate
    labels = {
        "trivial": "trivial JSON view `GET /healthz` (anchor)",
        "lead": "lead read `GET /api/v1/leads/{id}`",
        "touch": "single-touch `POST /api/v1/touches`",
    }
    rows, figures = [], {}
    for name, measure in measures.items():
        ratio = measure.rate / trivial if trivial else 0.0
        p50, p99 = measure.percentile_ms(0.50), measure.percentile_ms(0.99)
        goal = GOALS.get(name)
        met = None if goal is None else ratio >= goal and p99 <= P99_GOAL_MS
        figures[name] = {
            "requests": len(measure.latencies),
            "seconds": round(measure.seconds, 2),
            "requests_per_second": round(measure.rate, 1),
            "p50_ms": round(p50, 2),
            "p99_ms": round(p99, 2),
            "mean_ms": round(statistics.fmean(measure.latencies) * 1000, 2)
            if measure.latencies
            else None,
            "errors": measure.errors,
            "reconnects": measure.reconnects,
            "vs_trivial": round(ratio, 3),
            "goal": goal,
            "met": met,
        }
        goal_text = (
            ""
            if goal is None
            else (f"≥ {goal}× and p99 ≤ {P99_GOAL_MS:.0f} ms {'met' if met else 'NOT met'}")
        )
        rows.append([
            labels[name], f"{len(measure.latencies):,}", f"{measure.seconds:.1f}",
            f"{measure.rate:,.0f}", f"{p50:.1f}", f"{p99:.1f}",
            "" if name == "trivial" else f"{ratio:.2f}×", goal_text,
        ])  # fmt: skip
    return {
        "sizes": sizes.__dict__,
        "leads_in_database": leads,
        "clients": CLIENTS,
        "server": {"workers": WORKERS, "threads": THREADS},
        "measures": figures,
        "table": {"columns": COLUMNS, "rows": rows},
        "notes": [
            f"gunicorn `config.wsgi`, {WORKERS} workers × {THREADS} threads (gthread) on "
            f"127.0.0.1; {CLIENTS} client threads in the benchmark process, one keep-alive "
            f"`http.client` connection each, {sizes.seconds:.0f} s per request kind after a "
            f"{sizes.warmup:.0f} s warm-up. Client and server share the machine's cores.",
            f"Database: a generated history of {leads:,} leads over {sizes.months} month(s) "
            f"(seed {SEED}, `leadpact.demo.history`) with the example agreement in force.",
            "Each POST carries one touch (an article, video, case study or webinar "
            "registration) for a random existing lead, with a new external id: stored, the "
            "lead re-judged by the agreement, in one transaction. Each read returns the lead "
            "with its open handoff and `why`. Errors (HTTP ≥ 400) are counted apart and are "
            "not in the latencies.",
        ],
    }


def _say(message: str) -> None:
    print(f"[api] {message}", file=sys.stderr, flush=True)
