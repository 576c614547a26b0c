"""Where Chromium is and how it is started, for the browser tests and the screenshots (no
Django imports here: the screenshot script reads it before Django is set up)."""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("LEADPACT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
