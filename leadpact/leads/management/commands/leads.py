from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from rich.progress import Progress

from leadpact.core.commands import count_of_one_or_more
from leadpact.leads.models import ReevaluationRun
from leadpact.leads.reevaluation import leads_reevaluate_pending


class Command(BaseCommand):
    help = "Judge every open lead again under the agreement in force (`leads reevaluate`)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "reevaluate",
            help="Run or resume the re-evaluation for the active agreement version",
            description="The worker does this by itself within a minute of a version coming "
            "into force; this runs it now, with a progress bar.",
        )
        run.add_argument(
            "--batch",
            type=count_of_one_or_more,
            default=500,
            help="leads per transaction, at least 1 (default 500)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with Progress(disable=not self.stdout.isatty()) as progress:
            task = progress.add_task("re-evaluating", total=None)

            def report(run: ReevaluationRun) -> None:
                progress.update(task, total=run.total, completed=run.done)

            run = leads_reevaluate_pending(batch=options["batch"], progress=report)
        if run is None:
            self.stdout.write("No agreement is in force; nothing to do.")
            return
        self.stdout.write(
            f"version {run.agreement_version.number}: {run.done} of {run.total} open leads "
            "judged again"
        )
