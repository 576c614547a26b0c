"""Benchmarks (not tests): `python -m bench.run [ingest|engine|all] [--quick] [--database-url URL]`.

A workload is a module `bench/<name>.py` with `run(*, quick: bool) -> dict`, called in a fresh,
migrated database. The dict is saved under `bench/results/<name>-<vendor>.json` and rendered
into BENCHMARKS.md: a `"table": {"columns": [...], "rows": [[...], ...]}` entry becomes the
table, a `"notes": [...]` entry the text under it; without a table the dict is listed flat.
"""
