"""The test database shared with processes a test starts (a worker, a zygote): on PostgreSQL
the test database itself; on SQLite, whose test database lives in memory, a file copy of it,
copied back for the test to check."""

import sqlite3
from pathlib import Path

from django.db import connection


class SharedDatabase:
    """The test database as a started process sees it: `url` for its LEADPACT_DATABASE_URL;
    `share()` before it starts, `take_back()` after it wrote."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "shared.sqlite3"
        self.sqlite = connection.vendor == "sqlite"

    @property
    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def share(self) -> None:
        if self.sqlite:
            for leftover in self.file.parent.glob(self.file.name + "*"):
                leftover.unlink()
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def take_back(self) -> None:
        if self.sqlite:
            connection.ensure_connection()
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()
