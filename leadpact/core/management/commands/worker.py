from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from leadpact.core.commands import count_of_one_or_more


class Command(BaseCommand):
    help = "Run the background worker: SLA sweeps, re-evaluations and notification delivery"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--workers", type=count_of_one_or_more, default=2, help="worker threads"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_huey", workers=options["workers"], worker_type="thread")
