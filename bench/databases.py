"""A fresh, throwaway database per workload run: a temp SQLite file, or a PostgreSQL database
`leadpact_bench` created on the given server and dropped afterwards."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# Overridable so that two benchmarks on one server do not drop each other's database.
BENCH_DATABASE = os.environ.get("LEADPACT_BENCH_DATABASE", "leadpact_bench")


@contextmanager
def database_fresh(*, admin_url: str | None, home: Path) -> Iterator[str]:
    """Yield the URL of an empty database; remove it afterwards."""
    if not admin_url or admin_url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="leadpact-bench-", dir=home) as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    parts = urlsplit(admin_url)
    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
