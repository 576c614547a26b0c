"""The engine package is pure Python: importing it never imports Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import leadpact

ROOT = Path(leadpact.__file__).resolve().parent.parent


def test_rules_import_no_django() -> None:
    script = (
        "import sys, pkgutil, importlib\n"
        "import leadpact.agreements.rules as rules\n"
        "for module in pkgutil.walk_packages(rules.__path__, 'leadpact.agreements.rules.'):\n"
        "    importlib.import_module(module.name)\n"
        "rules.example_agreement()\n"
        "found = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(found)\n"
        "sys.exit(1 if found else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "", "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
