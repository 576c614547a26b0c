import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leadpact.core.commands import command_error
from leadpact.core.exceptions import ApplicationError
from leadpact.privacy.services import (
    lead_object,
    privacy_erase,
    privacy_export_give,
    privacy_retention_sweep,
    retention_due,
)

EXIT_NOT_CONFIRMED = 2


class Command(BaseCommand):
    help = "Personal data: erase or export what is held about a person, record an objection, "
    help += "run the retention sweep"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        erase = sub.add_parser(
            "erase", help="Anonymise everything held about a person, irreversibly"
        )
        erase.add_argument("email")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        export = sub.add_parser("export", help="Everything held about a person, as JSON")
        export.add_argument("email")
        export.add_argument("-o", "--output", type=Path, help="write to FILE (default: stdout)")
        objection = sub.add_parser(
            "object", help="Record a person's objection to marketing and suppress them"
        )
        objection.add_argument("email")
        retention = sub.add_parser(
            "retention", help="Erase the leads past LEADPACT_RETENTION_DAYS (the daily job)"
        )
        retention.add_argument(
            "--dry-run", action="store_true", help="only count the leads that are due"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"handle_{options['action']}")(options)
        except ApplicationError as exc:
            raise command_error(exc) from None

    def handle_erase(self, options: dict[str, Any]) -> None:
        email = options["email"]
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Not a terminal, so nothing can be confirmed: pass --yes to erase.",
                    returncode=EXIT_NOT_CONFIRMED,
                )
            answer = input(f"Erase everything held about {email}, irreversibly? [y/N] ")
            if answer.strip().lower() not in ("y", "yes", "t", "tak"):
                raise CommandError("Nothing erased.", returncode=EXIT_NOT_CONFIRMED)
        result = privacy_erase(email=email, actor=None)
        if result.lead_ids:
            self.stdout.write(f"erased lead {', '.join(map(str, result.lead_ids))}")
        else:
            self.stdout.write("no lead to erase (none held, or erased before)")
        if result.suppressed:
            self.stdout.write("added to the suppression list")

    def handle_export(self, options: dict[str, Any]) -> None:
        document = privacy_export_give(email=options["email"], actor=None, via="cli")
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stderr.write(f"written to {options['output']}")
        else:
            self.stdout.write(text, ending="")

    def handle_object(self, options: dict[str, Any]) -> None:
        result = lead_object(email=options["email"], actor=None, source="admin")
        held = f"lead {result.lead_id}" if result.lead_id else "no lead held"
        self.stdout.write(
            f"objection {'recorded' if result.recorded else 'already recorded'} ({held}); "
            f"{'added to' if result.suppressed else 'already on'} the suppression list"
        )

    def handle_retention(self, options: dict[str, Any]) -> None:
        if options["dry_run"]:
            due = retention_due(now=timezone.now())
            self.stdout.write(f"{len(due)} lead(s) past the retention period")
            return
        self.stdout.write(f"erased {privacy_retention_sweep()} lead(s) past the retention period")
