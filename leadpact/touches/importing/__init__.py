"""`leadpact import`: accounts, leads and touches from CSV or JSON Lines files."""

from leadpact.touches.importing.service import (
    DEFAULT_CHUNK_SIZE,
    ImportStopped,
    ImportSummary,
    import_run,
)

__all__ = ["DEFAULT_CHUNK_SIZE", "ImportStopped", "ImportSummary", "import_run"]
