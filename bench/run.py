"""`python -m bench.run [ingest|engine|api|sla|report|history|all] [--quick] [--database-url URL]`

Each workload runs in its own process on a fresh database (see `bench.databases`); results go
to `bench/results/<workload>-<vendor>.json` and BENCHMARKS.md is regenerated from all of them.
"""

import argparse
import datetime as dt
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.databases import database_fresh
from bench.machine import machine_describe
from bench.report_md import RESULTS_DIR, benchmarks_md_write, result_table_text
from bench.workload import NOT_A_WORKLOAD

WORKLOADS = ("ingest", "engine", "api", "sla", "report", "history")
# Workloads that touch no database: measured once, with the SQLite run.
DATABASE_FREE = {"engine"}


class WorkloadMissing(Exception):
    """The workload's module exists but does not define `run` yet."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[2])
    parser.add_argument("workload", nargs="?", default="all", choices=[*WORKLOADS, "all"])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, under a minute")
    parser.add_argument(
        "--leads",
        type=int,
        help="report: leads to generate, with 10 touches per lead (default 1,000,000)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LEADPACT_BENCH_DATABASE_URL", ""),
        help="PostgreSQL server URL with a user that may create databases, e.g. "
        "postgres://postgres@127.0.0.1:5432/postgres (default: a temporary SQLite file)",
    )
    args = parser.parse_args(argv)
    if args.leads:
        os.environ["LEADPACT_BENCH_LEADS"] = str(args.leads)  # read by the child (bench.report)
    names = WORKLOADS if args.workload == "all" else (args.workload,)
    command = "python -m bench.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    failed = False
    for name in names:
        if name in DATABASE_FREE and args.database_url and args.workload == "all":
            continue
        if importlib.util.find_spec(f"bench.{name}") is None:
            print(f"{name}: skipped, bench/{name}.py does not exist yet", file=sys.stderr)
            failed = failed or args.workload != "all"
            continue
        try:
            envelope = _workload_run(
                name=name, quick=args.quick, admin_url=args.database_url, command=command
            )
        except WorkloadMissing:
            failed = failed or args.workload != "all"
            continue
        if envelope is None:
            failed = True
            continue
        # Quick runs are smoke tests: kept apart so they never replace the recorded figures.
        folder = RESULTS_DIR / "quick" if args.quick else RESULTS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}-{envelope['vendor']}.json"
        path.write_text(json.dumps(envelope, indent=2, default=str) + "\n")
        print(f"\n{name} on {envelope['database']}" + (" (quick)" if args.quick else ""))
        print(result_table_text(envelope["result"]))
        print(f"saved {path}")
    if not args.quick:
        print(f"updated {benchmarks_md_write()}")
    return 1 if failed else 0


def _workload_run(*, name: str, quick: bool, admin_url: str, command: str) -> dict[str, Any] | None:
    with (
        tempfile.TemporaryDirectory(prefix="leadpact-bench-home-") as home,
        database_fresh(admin_url=admin_url, home=Path(home)) as url,
    ):
        out = Path(home) / "result.json"
        env = {
            **os.environ,
            "LEADPACT_HOME": home,
            "LEADPACT_DATABASE_URL": url,
            "LEADPACT_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        started = dt.datetime.now(dt.UTC)
        machine = machine_describe()
        child = [sys.executable, "-m", "bench.workload", name, str(out)]
        done = subprocess.run([*child, *(["--quick"] if quick else [])], env=env, check=False)
        if done.returncode == NOT_A_WORKLOAD:
            raise WorkloadMissing(name)
        if done.returncode != 0:
            print(f"{name}: the workload failed (exit {done.returncode})", file=sys.stderr)
            return None
        measured = json.loads(out.read_text())
    return {
        "workload": name,
        "quick": quick,
        "date": started.isoformat(timespec="seconds"),
        "command": command,
        "machine": machine,
        **measured,
    }


if __name__ == "__main__":
    sys.exit(main())
