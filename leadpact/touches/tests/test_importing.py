import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory
from leadpact.core.exceptions import ApplicationError
from leadpact.leads.models import Lead
from leadpact.privacy.selectors import lead_consent
from leadpact.touches.importing import ImportStopped, ImportSummary, import_run, kinds
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import touch_payload

TOUCH_HEADER = (
    "external_id,source,type,occurred_at,email,first_name,last_name,job_title,domain,"
    "account_name,industry,employees,country,campaign,answer.horizon"
)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def jsonl(tmp_path: Path, name: str, *rows: dict[str, Any]) -> Path:
    return write(tmp_path, name, *(json.dumps(row) for row in rows))


def error_rows(path: Path) -> list[tuple[int, int, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (int(r["row"]), int(r["line"]), r["field"], r["message"])
            for r in csv.DictReader(handle)
        ]


def touch_keys() -> set[tuple[str, str, str, str]]:
    return set(Touch.objects.values_list("source", "external_id", "lead__email", "type"))


def touches_csv(tmp_path: Path, count: int, name: str = "touches.csv") -> Path:
    rows = [
        f"reg-{n},webinar-tool,webinar_registration,2026-10-{1 + n % 28:02d}T10:00:00+02:00,"
        f"osoba{n % 4}@stalex.pl,,,,stalex.pl,Stalex,,,,webinar-2026-10,"
        for n in range(count)
    ]
    return write(tmp_path, name, TOUCH_HEADER, *rows)


# --- accounts -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_accounts_from_csv_are_created_then_unchanged_on_a_second_run(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "accounts.csv",
        "domain,name,industry,employees,country,annual_revenue,is_target,attr.segment",
        "https://www.Stalex.pl/,Stalex S.A.,steel,420,pl,125000000.50,yes,enterprise",
        "hutmen.pl,Hutmen,,,,,,",
    )

    first = import_run(kind="accounts", path=path)
    second = import_run(kind="accounts", path=path)

    assert (first.created, first.updated, first.unchanged, first.rejected) == (2, 0, 0, 0)
    assert (second.created, second.updated, second.unchanged, second.rejected) == (0, 0, 2, 0)
    stalex = Account.objects.get(domain="stalex.pl")
    assert (stalex.name, stalex.industry, stalex.employees, stalex.country) == (
        "Stalex S.A.",
        "steel",
        420,
        "PL",
    )
    assert stalex.annual_revenue == Decimal("125000000.50")
    assert stalex.is_target is True
    assert stalex.attributes == {"segment": "enterprise"}
    assert Account.objects.get(domain="hutmen.pl").industry == ""
    assert second.line() == "accounts: created 0, updated 0, unchanged 2, rejected 0"


@pytest.mark.django_db
def test_accounts_from_json_lines_update_only_the_values_given(tmp_path: Path) -> None:
    AccountFactory(domain="stalex.pl", name="Stalex", industry="steel")
    path = jsonl(
        tmp_path,
        "accounts.jsonl",
        {"domain": "stalex.pl", "employees": 420, "attributes": {"tier": 1}},
        {"domain": "hutmen.pl", "name": "Hutmen", "is_target": True},
    )

    summary = import_run(kind="accounts", path=path)

    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 0)
    stalex = Account.objects.get(domain="stalex.pl")
    assert (stalex.name, stalex.industry, stalex.employees, stalex.attributes) == (
        "Stalex",
        "steel",
        420,
        {"tier": 1},
    )
    assert Account.objects.get(domain="hutmen.pl").is_target is True


# --- leads --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_leads_from_csv_link_known_accounts_and_refuse_unknown_ones(tmp_path: Path) -> None:
    AccountFactory(domain="stalex.pl")
    path = write(
        tmp_path,
        "leads.csv",
        "email,first_name,last_name,job_title,phone,account_domain,attr.source_list",
        "Anna.Nowak@Stalex.pl,Anna,Nowak,CFO,+48 600 100 200,stalex.pl,targi-2026",
        "jan@nieznana.pl,Jan,Kowal,,,nieznana.pl,",
        "ewa@freelance.pl,Ewa,,,,,",
    )

    summary = import_run(kind="leads", path=path)

    assert (summary.created, summary.rejected) == (2, 1)
    anna = Lead.objects.select_related("account").get(email="anna.nowak@stalex.pl")
    assert (anna.first_name, anna.job_title, anna.phone) == ("Anna", "CFO", "+48 600 100 200")
    assert anna.account is not None and anna.account.domain == "stalex.pl"
    assert anna.attributes == {"source_list": "targi-2026"}
    assert Lead.objects.get(email="ewa@freelance.pl").account is None
    assert not Lead.objects.filter(email="jan@nieznana.pl").exists()
    assert summary.errors_path == tmp_path / "leads.csv.errors.csv"
    assert error_rows(summary.errors_path) == [
        (2, 3, "account_domain", "unknown account nieznana.pl; import accounts first")
    ]


@pytest.mark.django_db
def test_leads_from_json_lines(tmp_path: Path) -> None:
    AccountFactory(domain="stalex.pl")
    path = jsonl(
        tmp_path,
        "leads.ndjson",
        {"email": "anna@stalex.pl", "first_name": "Anna", "account_domain": "stalex.pl"},
        {"email": "anna@stalex.pl", "job_title": "CFO"},
    )

    summary = import_run(kind="leads", path=path)

    assert (summary.created, summary.updated, summary.rejected) == (1, 1, 0)
    anna = Lead.objects.get(email="anna@stalex.pl")
    assert (anna.first_name, anna.job_title) == ("Anna", "CFO")


# --- touches ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_touches_from_csv_create_their_leads_and_accounts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "touches.csv",
        TOUCH_HEADER,
        "reg-1,webinar-tool,webinar_registration,2026-10-06T10:00:00+02:00,anna@stalex.pl,Anna,"
        "Nowak,CFO,stalex.pl,Stalex,steel,420,PL,webinar-2026-10,6-12",
        "att-1,webinar-tool,webinar_attended,2026-10-08T10:00:00Z,anna@stalex.pl,,,,,,,,,,",
    )

    summary = import_run(kind="touches", path=path)

    assert (summary.created, summary.duplicates, summary.rejected) == (2, 0, 0)
    assert summary.errors_path is None
    assert not (tmp_path / "touches.csv.errors.csv").exists()
    registration = Touch.objects.select_related("lead", "account").get(external_id="reg-1")
    assert registration.occurred_at == dt.datetime(2026, 10, 6, 8, tzinfo=dt.UTC)
    assert registration.answers == {"horizon": "6-12"}
    assert registration.campaign == "webinar-2026-10"
    assert registration.account is not None and registration.account.employees == 420
    assert registration.lead.job_title == "CFO"
    assert Touch.objects.get(external_id="att-1").lead_id == registration.lead_id


@pytest.mark.django_db
def test_touches_from_json_lines_take_the_api_shape(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        "touches.jsonl",
        touch_payload("reg-1", answers={"horizon": "<6"}),
        touch_payload("reg-1"),
        touch_payload("ebook-1", type="ebook_download", domain=None),
    )

    summary = import_run(kind="touches", path=path)

    assert (summary.created, summary.duplicates, summary.rejected) == (2, 1, 0)
    assert summary.line() == "touches: created 2, duplicates 1, rejected 0"
    assert Touch.objects.get(external_id="reg-1").answers == {"horizon": "<6"}


@pytest.mark.django_db
def test_bad_touch_rows_are_reported_by_row_and_line_and_the_good_ones_stored(
    tmp_path: Path,
) -> None:
    good = "webinar-tool,webinar_registration,2026-10-06T10:00:00+02:00"
    path = write(
        tmp_path,
        "touches.csv",
        TOUCH_HEADER,
        f'reg-1,{good},anna@stalex.pl,Anna,Nowak,"Chief\nFinancial Officer",stalex.pl,,,,,,',
        f"reg-2,{good},anna(at)stalex.pl,,,,,,,,,,",
        f",{good},jan@stalex.pl,,,,,,,,,,",
        "reg-4,webinar-tool,webinar_registration,2026-10-06T10:00:00,ewa@stalex.pl,,,,,,,,,,",
        "reg-5,webinar-tool,Webinar Attended,2026-10-06T10:00:00Z,ola@stalex.pl,,,,,,,,,,",
        f"reg-6,{good},ola@stalex.pl,,,,,Stalex,,,,,",
        f"reg-7,{good},piotr@stalex.pl,,,,,,,,,,",
        f"reg-8,{good},piotr@stalex.pl,,,,,,,,,,,too-many",
    )
    errors = tmp_path / "out" / "rejected.csv"
    errors.parent.mkdir()

    summary = import_run(kind="touches", path=path, errors_path=errors)

    assert (summary.created, summary.rejected) == (2, 6)
    assert set(Touch.objects.values_list("external_id", flat=True)) == {"reg-1", "reg-7"}
    assert summary.errors_path == errors
    rows = error_rows(errors)
    # Row 1 spans file lines 2–3, so every later row starts one line lower than its number + 1.
    assert [(row, line, field) for row, line, field, _ in rows] == [
        (2, 4, "email"),
        (3, 5, "external_id"),
        (4, 6, "occurred_at"),
        (5, 7, "type"),
        (6, 8, "domain"),
        (8, 10, ""),
    ]
    messages = {field: message for _, _, field, message in rows}
    assert "@-sign" in messages["email"]
    assert messages["external_id"] == "Field required"
    assert messages["occurred_at"].startswith("has no UTC offset: write one (")
    assert messages["type"].startswith("must be lower-case letters")
    assert messages[""] == "the row has more cells than the header"


@pytest.mark.django_db
def test_bad_json_lines_are_reported_with_the_api_field_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "touches.jsonl",
        json.dumps(touch_payload("reg-1")),
        "",
        json.dumps(touch_payload("reg-2", email="not-an-email")),
        "{not json",
        json.dumps({**touch_payload("reg-4"), "colour": "red"}),
    )

    summary = import_run(kind="touches", path=path)

    assert (summary.created, summary.rejected) == (1, 3)
    assert summary.errors_path is not None
    assert [(row, line, field) for row, line, field, _ in error_rows(summary.errors_path)] == [
        (2, 3, "lead.email"),
        (3, 4, ""),
        (4, 5, "colour"),
    ]


@pytest.mark.django_db
def test_a_dry_run_counts_what_would_happen_and_stores_nothing(tmp_path: Path) -> None:
    path = touches_csv(tmp_path, 5)

    summary = import_run(kind="touches", path=path, dry_run=True, chunk_size=2)

    assert (summary.created, summary.duplicates, summary.rejected) == (5, 0, 0)
    assert (
        summary.line() == "touches: created 5, duplicates 0, rejected 0 (dry run: nothing stored)"
    )
    assert (Touch.objects.count(), Lead.objects.count(), Account.objects.count()) == (0, 0, 0)


# --- interruption -------------------------------------------------------------------------


def failing_on_call(number: int, service: Callable[..., Any]) -> Callable[..., Any]:
    calls = 0

    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number:
            raise RuntimeError("database went away")
        return service(*args, **kwargs)

    return call


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_that_stops_says_nothing_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = touches_csv(tmp_path, 10)
    monkeypatch.setattr(kinds, "touches_record_bulk", failing_on_call(2, kinds.touches_record_bulk))

    with pytest.raises(ImportStopped) as stopped:
        import_run(kind="touches", path=path, chunk_size=3, dry_run=True)

    assert str(stopped.value) == "The import stopped at data row 4. Nothing was stored (dry run)."
    assert not Touch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_re_run_after_an_interruption_ends_like_a_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = touches_csv(tmp_path, 10)
    with monkeypatch.context() as patch:
        patch.setattr(kinds, "touches_record_bulk", failing_on_call(3, kinds.touches_record_bulk))
        with pytest.raises(ImportStopped) as stopped:
            import_run(kind="touches", path=path, chunk_size=3)

    assert stopped.value.row == 7
    assert stopped.value.summary.created == 6
    assert set(Touch.objects.values_list("external_id", flat=True)) == {
        f"reg-{n}" for n in range(6)
    }

    rerun = import_run(kind="touches", path=path, chunk_size=3)

    assert (rerun.created, rerun.duplicates) == (4, 6)
    after_rerun = touch_keys()
    Touch.objects.all().delete()
    Lead.objects.all().delete()
    Account.objects.all().delete()
    import_run(kind="touches", path=path, chunk_size=3)
    assert after_rerun == touch_keys()
    assert len(after_rerun) == 10


@pytest.mark.django_db(transaction=True)
def test_a_re_run_of_interrupted_accounts_leaves_the_stored_ones_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        tmp_path, "accounts.csv", "domain,name", *(f"firma{n}.pl,Firma {n}" for n in range(5))
    )
    with monkeypatch.context() as patch:
        patch.setattr(kinds, "accounts_upsert_bulk", failing_on_call(2, kinds.accounts_upsert_bulk))
        with pytest.raises(ImportStopped):
            import_run(kind="accounts", path=path, chunk_size=2)
    assert Account.objects.count() == 2

    rerun = import_run(kind="accounts", path=path, chunk_size=2)

    assert (rerun.created, rerun.unchanged) == (3, 2)


# --- usage errors -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        ("contacts", "a.csv", "email\n", "Unknown kind 'contacts'"),
        ("leads", "a.txt", "email\n", "pass --format csv"),
        ("leads", "a.csv", "email,mobile\n", "Unknown column(s) 'mobile'"),
        ("touches", "a.csv", "external_id,source,type,email\n", "lacks the column(s) occurred_at"),
        ("leads", "a.csv", "", "The file is empty"),
    ],
)
def test_a_wrong_command_is_refused_before_anything_is_stored(
    tmp_path: Path, kind: str, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ApplicationError, match=re.escape(message)):
        import_run(kind=kind, path=path)


@pytest.mark.django_db
def test_a_row_the_csv_reader_cannot_read_is_rejected_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    huge = "x" * 200_000  # over the csv module's cell limit
    path = write(
        tmp_path, "leads.csv", "email,first_name", f"big@stalex.pl,{huge}", "ok@stalex.pl,Ok"
    )

    summary = import_run(kind="leads", path=path)

    assert (summary.created, summary.rejected) == (1, 1)
    assert summary.errors_path is not None
    [(row, line, field, message)] = error_rows(summary.errors_path)
    assert (row, line, field) == (1, 2, "")
    assert message.startswith("the row cannot be read as CSV (field larger than field limit")
    assert list(Lead.objects.values_list("email", flat=True)) == ["ok@stalex.pl"]


CP1250_LEAD = "email,first_name,last_name\nlukasz@stalex.pl,Łukasz,Żółw\n"


@pytest.mark.django_db
def test_a_file_in_another_encoding_is_refused_at_its_line_before_anything_is_stored(
    tmp_path: Path,
) -> None:
    # Good rows beyond the first read block and several chunks before the bad one.
    rows = [f"osoba{n}@stalex.pl,Anna,Nowak" for n in range(60_000)]
    path = tmp_path / "leads.csv"
    path.write_bytes(
        ("email,first_name,last_name\n" + "\n".join(rows) + "\n").encode()
        + "zolw@stalex.pl,Łukasz,Żółw\n".encode("cp1250")
    )

    with pytest.raises(ApplicationError) as refused:
        import_run(kind="leads", path=path, chunk_size=1000)

    assert "is not utf-8 text: line 60002 holds the byte 0xa3" in refused.value.message
    assert "--encoding cp1250" in refused.value.message
    assert not Lead.objects.exists()


@pytest.mark.django_db
def test_a_file_is_read_in_the_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes(CP1250_LEAD.encode("cp1250"))

    code, out, _ = import_command("leads", str(path), "--encoding", "cp1250")

    assert (code, out.strip().split(" in ")[0]) == (
        0,
        "leads: created 1, updated 0, unchanged 0, rejected 0",
    )
    assert Lead.objects.values_list("first_name", "last_name").get() == ("Łukasz", "Żółw")


@pytest.mark.django_db
def test_a_utf8_file_may_start_with_a_byte_order_mark_and_an_encoding_must_exist(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leads.csv"
    path.write_bytes(CP1250_LEAD.encode("utf-8-sig"))

    assert import_run(kind="leads", path=path).created == 1
    with pytest.raises(ApplicationError, match="Unknown text encoding 'klingon'"):
        import_run(kind="leads", path=path, encoding="klingon")


@pytest.mark.django_db
@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_csv_separated_by_semicolons_as_excel_in_poland_saves_it_or_by_tabs(
    tmp_path: Path, separator: str
) -> None:
    path = tmp_path / "leads.csv"
    lines = [
        ["email", "first_name", "last_name", "job_title", "attr.note", "consent_email"],
        ["anna@stalex.pl", "Anna", "Żółw", "Dyrektor IT", "dzwonić, po 10:00", "tak"],
        ["jan@huta.pl", "Jan", "Kowal", "", "", "nie"],
    ]
    text = "".join(
        separator.join(f'"{c}"' if "," in c else c for c in line) + "\r\n" for line in lines
    )
    path.write_bytes(text.encode("utf-8-sig"))  # Excel's "CSV UTF-8": a byte-order mark, CRLF

    summary = import_run(kind="leads", path=path)

    assert (summary.created, summary.rejected) == (2, 0)
    anna = Lead.objects.get(email="anna@stalex.pl")
    assert (anna.last_name, anna.job_title) == ("Żółw", "Dyrektor IT")
    assert anna.attributes == {"note": "dzwonić, po 10:00"}
    assert lead_consent(lead_id=anna.pk).email == "granted"
    assert lead_consent(lead_id=Lead.objects.get(email="jan@huta.pl").pk).email == "withdrawn"


@pytest.mark.django_db
def test_numbers_and_yes_no_cells_as_a_polish_spreadsheet_writes_them(tmp_path: Path) -> None:
    semicolons = write(
        tmp_path,
        "accounts.csv",
        "domain;employees;annual_revenue;is_target",
        "stalex.pl;1\u00a0200;125000000,50;PRAWDA",
        "huta.pl;420;125 000;nie",
    )
    commas = write(
        tmp_path,
        "more.csv",
        "domain,employees,annual_revenue,is_target",
        'odlew.pl,1 500,"1,5",tak',
    )

    assert import_run(kind="accounts", path=semicolons).created == 2
    summary = import_run(kind="accounts", path=commas)

    assert list(
        Account.objects.values_list("domain", "employees", "annual_revenue", "is_target")
    ) == [
        ("huta.pl", 420, Decimal("125000"), False),
        ("stalex.pl", 1200, Decimal("125000000.50"), True),
    ]
    # In a comma-separated file a comma in a number is not read as a decimal mark: refused.
    assert summary.rejected == 1
    assert summary.errors_path is not None
    assert [(field, line) for _, line, field, _ in error_rows(summary.errors_path)] == [
        ("annual_revenue", 2)
    ]


@pytest.mark.django_db
def test_the_format_can_be_given_when_the_extension_does_not_tell(tmp_path: Path) -> None:
    path = write(tmp_path, "export.txt", json.dumps({"domain": "stalex.pl"}))

    summary = import_run(kind="accounts", path=path, fmt="jsonl")

    assert summary.created == 1


# --- the command --------------------------------------------------------------------------


def import_command(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_exits_0_when_every_row_was_imported(tmp_path: Path) -> None:
    code, out, _ = import_command("touches", str(touches_csv(tmp_path, 3)))

    assert code == 0
    assert out.startswith("touches: created 3, duplicates 0, rejected 0 in ")


@pytest.mark.django_db
def test_the_command_exits_1_and_names_the_error_file_when_rows_were_rejected(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "leads.csv", "email,account_domain", "anna@stalex.pl,stalex.pl")

    code, out, err = import_command("leads", str(path), "--chunk-size", "10")

    assert code == 1
    assert out.startswith("leads: created 0, updated 0, unchanged 0, rejected 1")
    assert str(tmp_path / "leads.csv.errors.csv") in err


@pytest.mark.django_db
def test_the_command_dry_run_stores_nothing(tmp_path: Path) -> None:
    code, out, _ = import_command("touches", str(touches_csv(tmp_path, 3)), "--dry-run")

    assert code == 0
    assert "(dry run: nothing stored)" in out
    assert Touch.objects.count() == 0


@pytest.mark.django_db
def test_the_command_exits_2_for_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"missing\.csv does not exist") as refused:
        call_command("import", "touches", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="is a folder, not a file"):
        call_command("import", "touches", str(tmp_path))

    assert refused.value.returncode == 2


def test_the_command_line_exits_2_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "LEADPACT_HOME": str(tmp_path)}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py"), "import"]

    missing = subprocess.run(
        [*manage, "touches", str(tmp_path / "missing.csv")], env=env, capture_output=True, text=True
    )
    unknown_kind = subprocess.run(
        [*manage, "contacts", str(tmp_path / "a.csv")], env=env, capture_output=True, text=True
    )

    assert missing.returncode == 2
    assert "missing.csv does not exist" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert unknown_kind.returncode == 2
    assert "invalid choice: 'contacts'" in unknown_kind.stderr


def test_the_summary_line_counts_every_row() -> None:
    summary = ImportSummary(kind="leads", created=1, updated=2, unchanged=3, rejected=4)

    assert summary.rows == 10
    assert summary.line() == "leads: created 1, updated 2, unchanged 3, rejected 4"


SPREADSHEET_TIMES = (
    "external_id;source;type;occurred_at;email",
    "r1;tool;webinar_registration;2026-10-06 10:00;anna@stalex.pl",
    "r2;tool;webinar_registration;06.12.2026 10:00;jan@huta.pl",
    "r3;tool;webinar_registration;2026-10-06T10:00:00Z;ewa@huta.pl",
    "r4;tool;webinar_registration;25.10.2026 02:30;ola@huta.pl",
    "r5;tool;webinar_registration;2026-03-29 02:30;ala@huta.pl",
)


@pytest.mark.django_db
def test_times_without_an_offset_are_read_in_the_zone_the_import_names(tmp_path: Path) -> None:
    path = write(tmp_path, "touches.csv", *SPREADSHEET_TIMES)

    code, _, _ = import_command("touches", str(path), "--time-zone", "Europe/Warsaw")

    assert code == 1  # rows were rejected
    assert dict(Touch.objects.values_list("external_id", "occurred_at")) == {
        "r1": dt.datetime(2026, 10, 6, 8, 0, tzinfo=dt.UTC),  # summer time, +02:00
        "r2": dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC),  # winter time, +01:00
        "r3": dt.datetime(2026, 10, 6, 10, 0, tzinfo=dt.UTC),  # its own offset kept
    }
    assert error_rows(path.with_name("touches.csv.errors.csv")) == [
        (
            4,
            5,
            "occurred_at",
            "25.10.2026 02:30 happens twice in Europe/Warsaw (the clocks go back then); give "
            "the offset, e.g. +02:00 or +01:00",
        ),
        (
            5,
            6,
            "occurred_at",
            "2026-03-29 02:30 does not happen in Europe/Warsaw (the clocks go forward then); "
            "give the offset",
        ),
    ]


@pytest.mark.django_db
def test_without_a_zone_times_without_an_offset_are_refused_saying_how(tmp_path: Path) -> None:
    path = write(tmp_path, "touches.csv", *SPREADSHEET_TIMES)

    summary = import_run(kind="touches", path=path)

    assert list(Touch.objects.values_list("external_id", flat=True)) == ["r3"]
    assert summary.errors_path is not None
    messages = {message for _, _, _, message in error_rows(summary.errors_path)}
    assert messages == {
        "has no UTC offset: write one (2026-10-06T10:00:00+02:00), or name the zone the file's "
        "times are in with --time-zone Europe/Warsaw"
    }
    with pytest.raises(ApplicationError, match="Unknown time zone 'Mars/Olympus'"):
        import_run(kind="touches", path=path, time_zone="Mars/Olympus")
