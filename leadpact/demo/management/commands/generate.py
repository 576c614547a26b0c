import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from leadpact.core.commands import command_error, whole_number_between
from leadpact.core.exceptions import ApplicationError
from leadpact.demo.console import history_progress, summary_lines
from leadpact.demo.history import history_generate

# A history reaches back at most two years: further, the generated calendar and campaigns stop
# resembling anything, and the run takes minutes for a handful of leads.
MONTHS_MAX = 24


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
        parser.add_argument(
            "--months",
            type=whole_number_between(1, MONTHS_MAX),
            default=3,
            help=f"how far back, 1 to {MONTHS_MAX} (default 3)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same history")
        parser.add_argument(
            "--agreement",
            type=Path,
            help="an agreement file to sign and activate at the start (default: the one in "
            "force, else the example agreement)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["agreement"]
        text = _agreement_read(path) if path is not None else None
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
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: the database holds part of a history; generate into a fresh "
                "LEADPACT_HOME (or `leadpact demo --reset`).",
                returncode=130,
            ) from None
        for line in summary_lines(summary):
            self.stdout.write(line)


def _agreement_read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.", returncode=2) from None
    except UnicodeDecodeError as error:
        line_number = path.read_bytes()[: error.start].count(b"\n") + 1
        raise CommandError(
            f"Cannot read {path}: line {line_number} is not UTF-8 text; save the agreement "
            "as UTF-8.",
            returncode=2,
        ) from None
