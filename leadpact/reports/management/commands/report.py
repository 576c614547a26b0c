"""`leadpact report --period 2026-10 --format table|json|csv|xlsx [-o FILE]`."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leadpact.core.commands import command_error, output_file, output_folder
from leadpact.core.exceptions import ApplicationError
from leadpact.reports.charts import report_charts
from leadpact.reports.exports import report_csv, report_json, report_table
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.labels import report_code_labels
from leadpact.reports.periods import InvalidPeriod, PeriodNotBegun
from leadpact.reports.selectors import Report, report_build


class Command(BaseCommand):
    help = "Print or export the period report of a month (2026-10) or a quarter (2026-Q4)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", required=True, help="a month YYYY-MM or a quarter YYYY-QN")
        parser.add_argument(
            "--format",
            choices=["table", "json", "csv", "xlsx"],
            default="table",
            dest="fmt",
            help="table to read (default), json or csv for other programs, xlsx for a spreadsheet",
        )
        parser.add_argument(
            "-o",
            "--output",
            type=output_file,
            help="write to FILE (xlsx: default leadpact-report-PERIOD.xlsx)",
        )
        parser.add_argument(
            "--lang",
            choices=["pl", "en"],
            default=None,
            help="the language of labels and headings (default: the installation's)",
        )
        parser.add_argument(
            "--charts",
            metavar="DIR",
            type=output_folder,
            help="also write the charts as SVG files into DIR (created if missing)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"] or ("en" if settings.LANGUAGE_CODE == "en" else "pl")
        try:
            report = report_build(period=options["period"])
        except (InvalidPeriod, PeriodNotBegun) as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except ApplicationError as exc:
            raise command_error(exc) from exc
        try:
            self._write(report, fmt=options["fmt"], output=options["output"], lang=lang)
            if options["charts"]:
                self._charts_write(report, folder=options["charts"], lang=lang)
        except OSError as error:
            raise CommandError(
                f"Cannot write {error.filename}: {error.strerror}.", returncode=2
            ) from None

    def _write(self, report: Report, *, fmt: str, output: Path | None, lang: str) -> None:
        if fmt == "xlsx":
            path = output or Path(f"leadpact-report-{report.label}.xlsx")
            path.write_bytes(report_xlsx(data=report.data, lang=lang))
            self.stderr.write(f"wrote {path}")
            return
        text = {
            "table": lambda: report_table(data=report.data, lang=lang),
            "json": lambda: report_json(data=report.data),
            "csv": lambda: report_csv(data=report.data, lang=lang),
        }[fmt]()
        if output:
            output.write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")

    def _charts_write(self, report: Report, *, folder: Path, lang: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        labels = report_code_labels(data=report.data, lang=lang)
        for name, svg in report_charts(data=report.data, lang=lang, labels=labels).items():
            (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
        self.stderr.write(f"wrote the charts to {folder}")
