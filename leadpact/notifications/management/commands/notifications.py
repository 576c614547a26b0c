import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from leadpact.core.commands import count_of_one_or_more, seconds_above_zero
from leadpact.notifications.delivery import notifications_deliver


class Command(BaseCommand):
    help = "Deliver due notifications now: notifications deliver [--loop]"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)  # type: ignore[call-arg]
        deliver = actions.add_parser(
            "deliver",
            help="send what is due (e-mail, webhooks), retrying on the schedule",
            description="Send the notifications that are due (e-mail, webhooks) once, or with "
            "--loop until stopped; failures are retried on the schedule. The worker does this "
            "by itself.",
        )
        deliver.add_argument(
            "--loop", action="store_true", help="keep delivering until stopped (Ctrl+C)"
        )
        deliver.add_argument(
            "--interval",
            type=seconds_above_zero,
            default=2.0,
            help="seconds to wait when nothing is due (default 2)",
        )
        deliver.add_argument(
            "--limit",
            type=count_of_one_or_more,
            default=None,
            help="deliveries per batch, at least 1 (default 50)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            run = notifications_deliver(limit=options["limit"])
            if options["verbosity"] >= 1 and (run.total or run.released or not options["loop"]):
                self.stdout.write(
                    f"sent {run.sent}, retrying {run.retrying}, failed {run.failed}, "
                    f"postponed {run.released}"
                )
            if not options["loop"]:
                return
            if not run.total:
                time.sleep(options["interval"])
