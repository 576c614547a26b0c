import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from leadpact.notifications.delivery import notifications_deliver


class Command(BaseCommand):
    help = "Deliver due notifications now: notifications deliver [--loop]"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)  # type: ignore[call-arg]
        deliver = actions.add_parser(
            "deliver", help="send what is due (e-mail, webhooks), retrying on the schedule"
        )
        deliver.add_argument(
            "--loop", action="store_true", help="keep delivering until stopped (Ctrl+C)"
        )
        deliver.add_argument(
            "--interval", type=float, default=2.0, help="seconds to wait when nothing is due"
        )
        deliver.add_argument("--limit", type=int, default=None, help="deliveries per batch")

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
