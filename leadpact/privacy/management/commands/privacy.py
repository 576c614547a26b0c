import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leadpact.core.commands import answer_read, command_error, email_address, output_file
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
            "erase",
            help="Anonymise everything held about a person, irreversibly",
            description="Anonymise everything held about the person with this e-mail (the "
            "counts reports are made of stay) and add them to the suppression list, so nothing "
            "about them is stored again. This cannot be undone. Asks for confirmation unless "
            "--yes is given; recorded in the audit log.",
        )
        erase.add_argument("email", type=email_address, help="the person's e-mail address")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        export = sub.add_parser(
            "export",
            help="Everything held about a person, as JSON",
            description="Print (or write to a file) the subject access document: everything "
            "held about the person with this e-mail, as JSON. Recorded in the audit log.",
        )
        export.add_argument("email", type=email_address, help="the person's e-mail address")
        export.add_argument(
            "-o", "--output", type=output_file, help="write to FILE (default: stdout)"
        )
        objection = sub.add_parser(
            "object",
            help="Record a person's objection to marketing and suppress them",
            description="Record the person's objection to marketing (their lead is no longer "
            "judged, handed off or listed as contactable) and add them to the suppression list.",
        )
        objection.add_argument("email", type=email_address, help="the person's e-mail address")
        retention = sub.add_parser(
            "retention",
            help="Erase the leads past LEADPACT_RETENTION_DAYS (the daily job)",
            description="Erase the leads whose last own action is older than "
            "LEADPACT_RETENTION_DAYS; the worker runs this daily. --dry-run only counts them.",
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
            answer = answer_read(
                lambda: input(f"Erase everything held about {email}, irreversibly? [y/N] ")
            )
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
        if not document["lead"]:
            self.stderr.write(f"no lead held for {options['email']}")
        if options["output"]:
            try:
                options["output"].write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"Cannot write {options['output']}: {error.strerror}.", returncode=2
                ) from None
            self.stderr.write(f"written to {options['output']}")
        else:
            self.stdout.write(text, ending="")

    def handle_object(self, options: dict[str, Any]) -> None:
        result = lead_object(email=options["email"], actor=None, source="admin")
        if result.lead_id is None:
            objection = "no lead held, so no objection to record"
        else:
            state = "recorded" if result.recorded else "already recorded"
            objection = f"objection {state} (lead {result.lead_id})"
        suppression = "added to" if result.suppressed else "already on"
        self.stdout.write(f"{objection}; {suppression} the suppression list")

    def handle_retention(self, options: dict[str, Any]) -> None:
        if options["dry_run"]:
            due = retention_due(now=timezone.now())
            self.stdout.write(f"{len(due)} lead(s) past the retention period")
            return
        self.stdout.write(f"erased {privacy_retention_sweep()} lead(s) past the retention period")
