from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from leadpact.sla.services import sla_sweep


class Command(BaseCommand):
    help = "Fire due SLA reminders, breaches, escalations and reassignments (`sla sweep`)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "sweep",
            help="Fire everything due now, once; the worker does this every minute",
            description="Fire every SLA reminder, breach, escalation and reassignment that is "
            "due now, once, and print how many of each. The worker does this every minute; "
            "running it as well is safe.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sla_sweep()
        self.stdout.write(
            f"reminders {result.reminders}, breaches {result.breaches}, "
            f"first-contact breaches {result.contact_breaches}, escalations {result.escalations}, "
            f"reassignments {result.reassignments}"
            + (f", busy (next sweep) {result.skipped_busy}" if result.skipped_busy else "")
        )
