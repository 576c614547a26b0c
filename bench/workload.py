"""Child process of `bench.run`: set up Django on the database in the environment, migrate,
run one workload and write its result as JSON. One process per workload, because Django's
database settings are fixed at `django.setup()`."""

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

import django
from django.core.management import call_command
from django.db import connection

NOT_A_WORKLOAD = 3  # `bench.run all` skips such a module instead of failing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("out", type=Path)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    call_command("migrate", verbosity=0)
    module = importlib.import_module(f"bench.{args.name}")
    if not hasattr(module, "run"):
        print(f"bench/{args.name}.py has no `run(*, quick: bool) -> dict` yet.", file=sys.stderr)
        sys.exit(NOT_A_WORKLOAD)
    result = module.run(quick=args.quick)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = cursor.fetchone()[0]
    vendor_name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, "")
    args.out.write_text(
        json.dumps(
            {"vendor": connection.vendor, "database": f"{vendor_name} {version}", "result": result},
            default=str,
        )
    )


if __name__ == "__main__":
    main()
