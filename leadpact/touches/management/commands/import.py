import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from leadpact.core.exceptions import ApplicationError
from leadpact.touches.importing import DEFAULT_CHUNK_SIZE, ImportStopped, ImportSummary, import_run
from leadpact.touches.importing.kinds import KINDS
from leadpact.touches.importing.sources import FORMATS

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3
EXIT_INTERRUPTED = 130


class Command(BaseCommand):
    help = "Import accounts, leads or touches from a CSV or JSON Lines file"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=list(KINDS), help="what the file holds")
        parser.add_argument(
            "file", type=Path, help="a .csv file with a header row or a .jsonl file"
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            dest="fmt",
            help="the file's format (default: by extension)",
        )
        parser.add_argument(
            "--errors",
            type=Path,
            metavar="FILE",
            help="where to write rejected rows (default: FILE.errors.csv beside the input)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, but store nothing"
        )
        parser.add_argument(
            "--encoding",
            default="utf-8",
            help="the file's text encoding, e.g. cp1250 for a CSV from Excel on Windows "
            "(default: utf-8)",
        )
        parser.add_argument(
            "--time-zone",
            metavar="ZONE",
            help="CSV: the zone of times written without an offset, as a spreadsheet writes "
            "them (2026-10-06 10:00, 06.10.2026 10:00), e.g. Europe/Warsaw; without it they "
            "are refused",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            metavar="N",
            default=DEFAULT_CHUNK_SIZE,
            help=f"rows committed per transaction (default: {DEFAULT_CHUNK_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = self._run(options)
        except ApplicationError as exc:
            raise CommandError(exc.message, returncode=EXIT_USAGE) from None
        except ImportStopped as exc:
            self._report(exc.summary)
            cause = exc.__cause__
            self.stderr.write(f"{exc} Cause: {type(cause).__name__}: {cause}")
            sys.exit(EXIT_STOPPED)
        except KeyboardInterrupt:
            self.stderr.write(
                "Interrupted. Chunks already committed stay stored; run the same command again "
                "to go on (stored rows are skipped)."
            )
            sys.exit(EXIT_INTERRUPTED)
        self._report(summary)
        if summary.rejected:
            sys.exit(EXIT_REJECTED)

    def _run(self, options: dict[str, Any]) -> ImportSummary:
        arguments = {
            "kind": options["kind"],
            "path": options["file"],
            "fmt": options["fmt"],
            "chunk_size": options["chunk_size"],
            "dry_run": options["dry_run"],
            "errors_path": options["errors"],
            "encoding": options["encoding"],
            "time_zone": options["time_zone"],
        }
        if not sys.stdout.isatty():
            return import_run(**arguments)
        with Progress(
            TextColumn(f"importing {options['kind']}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None)
            return import_run(
                **arguments,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )

    def _report(self, summary: ImportSummary) -> None:
        self.stdout.write(f"{summary.line()} in {summary.seconds:.1f} s")
        if summary.errors_path:
            self.stderr.write(f"rejected rows are listed in {summary.errors_path}")
