from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker: SLA sweeps, re-evaluations and notification delivery"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="worker threads")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("run_huey", workers=options["workers"], worker_type="thread")
