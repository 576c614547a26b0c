import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from leadpact.core.commands import command_error
from leadpact.core.exceptions import ApplicationError
from leadpact.demo.console import history_progress, summary_lines
from leadpact.demo.history import history_generate


class Command(BaseCommand):
    help = "Generate a realistic history (accounts, leads, touches, sales work) that ends now"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--leads",
            type=int,
            default=3000,
            help="how many leads (default 3000); on SQLite 440 to 700 a second, by the CPU: a "
            "million take 25 to 40 minutes",
        )
        parser.add_argument("--months", type=int, default=3, help="how far back (default 3)")
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same history")
        parser.add_argument(
            "--agreement",
            type=Path,
            help="an agreement file to sign and activate at the start (default: the one in "
            "force, else the example agreement)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = None
        path: Path | None = options["agreement"]
        if path is not None:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}.", returncode=2) from None
        out = getattr(self.stdout, "_out", sys.stdout)
        console = Console(file=out, width=None if out.isatty() else 120)
        try:
            with history_progress(console) as progress:
                summary = history_generate(
                    leads=options["leads"],
                    months=options["months"],
                    seed=options["seed"],
                    agreement_text=text,
                    agreement_filename=path.name if path else "agreement.pl.yaml",
                    progress=progress,
                )
        except ApplicationError as exc:
            raise command_error(exc) from None
        for line in summary_lines(summary):
            self.stdout.write(line)
