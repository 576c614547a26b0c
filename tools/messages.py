"""Refresh the Polish translations: collect the strings, fill the ones given, compile.

    .venv/bin/python tools/messages.py [TRANSLATIONS.json]

TRANSLATIONS.json maps an English msgid to its Polish msgstr ({"My team": "Mój zespół"}); a
plural string maps to its four Polish forms ({"%(n)s lead": ["%(n)s lead", "%(n)s leady",
"%(n)s leadów", "%(n)s leada"]}).
Runs `makemessages` (keeping every existing translation), sets the given msgstrs, prints the
strings still untranslated, and compiles the `.mo`. Several people may run it at once: a lock
file serialises them, so no one's translations overwrite another's.
"""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "leadpact/locale/pl/LC_MESSAGES/django.po"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
IGNORE = [".venv", "bench", "tools", "*/tests/*", "tests/*", "build"]


def main() -> int:
    given = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else {}
    with open("/tmp/leadpact-messages.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ignores = [f"--ignore={pattern}" for pattern in IGNORE]
        subprocess.run(
            [*MANAGE, "makemessages", "-l", "pl", "--add-location=file", "--no-obsolete", *ignores],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        catalog = polib.pofile(str(PO), wrapwidth=79)
        for entry in catalog:
            if entry.msgid in given and entry.msgid_plural:
                # Polish has four plural forms: give them as a list, in the Plural-Forms order.
                forms = given[entry.msgid]
                entry.msgstr_plural = dict(enumerate(forms if isinstance(forms, list) else [forms]))
            elif entry.msgid in given:
                entry.msgstr = given[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        catalog.save()
        missing = [e.msgid for e in catalog if not e.translated() and not e.obsolete]
        subprocess.run(
            [*MANAGE, "compilemessages", "-l", "pl"],
            cwd=ROOT / "leadpact",
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
