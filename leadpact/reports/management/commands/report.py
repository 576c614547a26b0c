"""`leadpact report --period 2026-10 --format table|json|csv|xlsx [-o FILE]`."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from leadpact.core.commands import command_error
from leadpact.core.exceptions import ApplicationError
from leadpact.reports.charts import report_charts
from leadpact.reports.exports import report_csv, report_json, report_table
from leadpact.reports.exports_xlsx import report_xlsx
from leadpact.reports.labels import report_code_labels
from leadpact.reports.periods import InvalidPeriod
from leadpact.reports.selectors import report_build


class Command(BaseCommand):
    help = "Print or export the period report of a month (2026-10) or a quarter (2026-Q4)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", required=True, help="a month YYYY-MM or a quarter YYYY-QN")
        parser.add_argument(
            "--format", choices=["table", "json", "csv", "xlsx"], default="table", dest="fmt"
        )
        parser.add_argument(
            "-o", "--output", help="write to FILE (xlsx: default leadpact-report-PERIOD.xlsx)"
        )
        parser.add_argument("--lang", choices=["pl", "en"], default=None)
        parser.add_argument("--charts", metavar="DIR", help="also write the charts as SVG files")

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"] or ("en" if settings.LANGUAGE_CODE == "en" else "pl")
        try:
            report = report_build(period=options["period"])
        except InvalidPeriod as exc:
            raise CommandError(exc.message, returncode=2) from exc
        except ApplicationError as exc:
            raise command_error(exc) from exc
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx":
            path = Path(output or f"leadpact-report-{report.label}.xlsx")
            path.write_bytes(report_xlsx(data=report.data, lang=lang))
            self.stderr.write(f"wrote {path}")
        else:
            text = {
                "table": lambda: report_table(data=report.data, lang=lang),
                "json": lambda: report_json(data=report.data),
                "csv": lambda: report_csv(data=report.data, lang=lang),
            }[fmt]()
            if output:
                Path(output).write_text(text, encoding="utf-8", newline="")
                self.stderr.write(f"wrote {output}")
            else:
                self.stdout.write(text, ending="")
        if options["charts"]:
            folder = Path(options["charts"])
            folder.mkdir(parents=True, exist_ok=True)
            for name, svg in report_charts(
                data=report.data, lang=lang, labels=report_code_labels(data=report.data, lang=lang)
            ).items():
                (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
            self.stderr.write(f"wrote the charts to {folder}")
