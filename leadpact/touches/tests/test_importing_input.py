"""Import input that is wrong as a whole or row by row: refused in one line, never a traceback,
nothing stored that should not be and nothing destroyed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from leadpact.accounts.models import Account
from leadpact.agreements.models import AgreementVersion
from leadpact.core.exceptions import ApplicationError
from leadpact.touches.importing import import_run
from leadpact.touches.models import Touch
from leadpact.touches.services import touch_type_problem, touch_types_known
from leadpact.touches.tests.factories import touch_payload
from leadpact.touches.tests.test_importing import error_rows, import_command, write

ACCOUNTS = ("domain,name,employees", "errdir-a.pl,A,1", "errdir-b.pl,B,abc")


# --- the error file -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize("spelling", ["same path", "relative path", "symlink"])
def test_an_error_file_naming_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str, dry_run: bool
) -> None:
    path = write(tmp_path, "same.csv", *ACCOUNTS)
    before = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    errors = {
        "same path": path,
        "relative path": Path("./sub/../same.csv"),
        "symlink": tmp_path / "link.csv",
    }[spelling]
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(path)

    with pytest.raises(ApplicationError, match="is the file being imported") as refused:
        import_run(kind="accounts", path=path, errors_path=errors, dry_run=dry_run)

    assert f"--errors {errors}" in refused.value.message
    assert path.read_bytes() == before
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_the_command_exits_2_when_the_error_file_is_the_input(tmp_path: Path) -> None:
    path = write(tmp_path, "same.csv", *ACCOUNTS)

    with pytest.raises(Exception, match="is the file being imported") as refused:
        import_command("accounts", str(path), "--errors", str(path), "--dry-run")

    assert getattr(refused.value, "returncode", None) == 2
    assert path.read_text(encoding="utf-8").splitlines() == list(ACCOUNTS)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize(
    ("errors", "reason"),
    [
        ("missing/x.csv", "missing does not exist"),
        ("folder", "folder: it is a folder, not a file"),
        ("plain.txt/x.csv", "plain.txt is not a folder"),
    ],
)
def test_an_error_file_that_cannot_be_written_is_refused_before_anything_is_stored(
    tmp_path: Path, errors: str, reason: str, dry_run: bool
) -> None:
    path = write(tmp_path, "e.csv", *ACCOUNTS)
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain.txt").write_text("", encoding="utf-8")

    with pytest.raises(ApplicationError) as refused:
        import_run(kind="accounts", path=path, errors_path=tmp_path / errors, dry_run=dry_run)

    assert refused.value.message.startswith(f"Cannot write the error file {tmp_path / errors}: ")
    assert reason in refused.value.message
    assert refused.value.message.endswith("Nothing was stored.")
    assert not Account.objects.exists()


@pytest.mark.django_db
def test_checking_the_error_file_leaves_an_old_one_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, "good.csv", "domain,name", "stalex.pl,Stalex")
    old = write(tmp_path, "good.csv.errors.csv", "row,line,field,message,raw", "1,2,,old,")

    summary = import_run(kind="accounts", path=path)

    assert (summary.created, summary.errors_path) == (1, None)
    assert old.read_text(encoding="utf-8").endswith("1,2,,old,\n")
    assert not (tmp_path / "other.csv").exists()
    import_run(kind="accounts", path=path, errors_path=tmp_path / "other.csv")
    assert not (tmp_path / "other.csv").exists()  # created only when a row is rejected


def run_without_root_powers(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`leadpact import` as a user whom file permissions bind: root in a container is not."""
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "import", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        drop = "-dac_override,-dac_read_search"
        command = ["setpriv", "--bounding-set", drop, "--inh-caps", drop, *command]
    env = {**os.environ, "LEADPACT_HOME": str(tmp_path / "home")}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_an_unwritable_error_file_and_an_unreadable_input_exit_2_in_one_line(
    tmp_path: Path,
) -> None:
    read_only = tmp_path / "rodir"
    read_only.mkdir()
    rodir_input = write(read_only, "r.csv", *ACCOUNTS)
    unreadable = write(tmp_path, "unread.csv", *ACCOUNTS)
    read_only.chmod(0o555)
    unreadable.chmod(0o000)
    try:
        no_error_file = run_without_root_powers(tmp_path, "accounts", str(rodir_input))
        no_input = run_without_root_powers(tmp_path, "accounts", str(unreadable))
    finally:
        read_only.chmod(0o755)
        unreadable.chmod(0o644)

    assert no_error_file.returncode == 2, no_error_file.stderr
    assert no_error_file.stderr.strip().splitlines() == [
        f"CommandError: Cannot write the error file {read_only / 'r.csv.errors.csv'}: "
        "permission denied; name one that can be written with --errors FILE. Nothing was stored."
    ]
    assert no_input.returncode == 2, no_input.stderr
    assert no_input.stderr.strip().splitlines() == [
        f"CommandError: Cannot read {unreadable}: permission denied."
    ]


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib", "nonsense", "utf-8\0"])
def test_an_encoding_that_is_no_text_encoding_is_unknown(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, "acc.csv", "domain,name", "stalex.pl,Stalex")

    with pytest.raises(ApplicationError) as refused:
        import_run(kind="accounts", path=path, encoding=encoding)

    assert refused.value.message.startswith(f"Unknown text encoding {encoding!r}; use e.g. ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("domain\nstalex.pl\n".encode("utf-16-le"), "utf-16", "does not start with BOM"),
        ("domain\nstalex.pl\nź".encode()[:-1], "utf-8", "unexpected end of data"),
    ],
)
def test_a_file_its_encoding_cannot_end_or_begin_is_refused_in_one_line(
    tmp_path: Path, content: bytes, encoding: str, message: str
) -> None:
    path = tmp_path / "acc.csv"
    path.write_bytes(content)

    with pytest.raises(ApplicationError, match=message) as refused:
        import_run(kind="accounts", path=path, encoding=encoding)

    assert refused.value.message.endswith("Nothing was stored.")
    assert not Account.objects.exists()


# --- CSV quoting and short rows -----------------------------------------------------------


@pytest.mark.django_db
def test_a_quoted_cell_never_closed_is_rejected_at_its_line_and_the_rest_imported(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "quote.csv",
        "domain,name",
        'q0.pl,"Multi',
        'line"',
        'q1.pl,"Acme',
        "q2.pl,B",
        "q3.pl,C",
    )

    summary = import_run(kind="accounts", path=path, dry_run=True)

    assert (summary.created, summary.rejected) == (3, 1)
    assert summary.errors_path is not None
    assert error_rows(summary.errors_path) == [(2, 4, "", "a quoted cell is never closed")]


@pytest.mark.django_db
def test_a_quote_never_closed_does_not_swallow_rows_past_the_cell_size_limit(
    tmp_path: Path,
) -> None:
    rows = [f"firma{n:05}.pl,Firma numer {n} z nazwą dość długą" for n in range(4000)]
    path = write(tmp_path, "big.csv", "domain,name", 'acme.pl,"Acme', *rows)

    summary = import_run(kind="accounts", path=path, chunk_size=1000)

    assert (summary.created, summary.rejected) == (4000, 1)
    assert summary.errors_path is not None
    assert error_rows(summary.errors_path) == [(1, 2, "", "a quoted cell is never closed")]
    assert Account.objects.count() == 4000


@pytest.mark.django_db
def test_rows_with_fewer_cells_than_the_header_or_text_after_a_closing_quote_are_rejected(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "ragged.csv",
        "domain,name,employees",
        "ragged1.pl,Ragged",
        "ok.pl,Ok,",
        'acme.pl,"Acme" Inc,5',
        "long.pl,Long,1,2",
    )

    summary = import_run(kind="accounts", path=path)

    assert (summary.created, summary.rejected) == (1, 3)
    assert summary.errors_path is not None
    assert error_rows(summary.errors_path) == [
        (1, 2, "", "the row has fewer cells than the header"),
        (3, 4, "", "the row cannot be read as CSV (',' expected after '\"')"),
        (4, 5, "", "the row has more cells than the header"),
    ]
    assert list(Account.objects.values_list("domain", flat=True)) == ["ok.pl"]


@pytest.mark.django_db
def test_a_header_whose_quote_never_closes_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "head.csv", '"domain,name', "stalex.pl,Stalex")

    with pytest.raises(ApplicationError) as refused:
        import_run(kind="accounts", path=path)

    assert refused.value.message == (
        "The header row (line 1) cannot be read as CSV: a quoted cell is never closed."
    )


# --- touch types --------------------------------------------------------------------------


TYPED_TOUCHES = (
    "external_id,source,type,occurred_at,email",
    "reg-1,src,webinar_registration,2026-11-26T10:00:00+01:00,anna@typo.pl",
    "typo-1,src,webinar_atended,2026-11-26T10:00:00+01:00,typo@typo.pl",
    "ebook-1,src,ebook_download,2026-11-26T11:00:00+01:00,anna@typo.pl",
)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
def test_a_touch_type_the_agreement_does_not_define_is_rejected_by_row(
    tmp_path: Path, example: AgreementVersion, dry_run: bool
) -> None:
    path = write(tmp_path, "typo.csv", *TYPED_TOUCHES)

    summary = import_run(kind="touches", path=path, dry_run=dry_run)

    assert (summary.created, summary.rejected) == (2, 1)
    assert summary.errors_path is not None
    problem = touch_type_problem("webinar_atended", touch_types_known(example))
    assert error_rows(summary.errors_path) == [(2, 3, "type", problem)]
    assert "webinar_attended" in (problem or "")
    stored = set() if dry_run else {"reg-1", "ebook-1"}
    assert set(Touch.objects.values_list("external_id", flat=True)) == stored


@pytest.mark.django_db
def test_a_touch_type_the_agreement_does_not_define_is_rejected_in_json_lines_too(
    tmp_path: Path, example: AgreementVersion
) -> None:
    path = write(
        tmp_path,
        "typo.jsonl",
        json.dumps(touch_payload("reg-1")),
        json.dumps(touch_payload("typo-1", type="webinar_atended")),
    )

    code, out, _ = import_command("touches", str(path))

    assert code == 1
    assert out.startswith("touches: created 1, duplicates 0, rejected 1")
    [(row, line, field, message)] = error_rows(path.with_name("typo.jsonl.errors.csv"))
    assert (row, line, field) == (2, 2, "type")
    assert message.startswith("'webinar_atended' is not a touch type of the agreement in force")


@pytest.mark.django_db
def test_without_an_agreement_in_force_a_touch_of_any_type_is_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "typo.csv", *TYPED_TOUCHES)

    summary = import_run(kind="touches", path=path)

    assert (summary.created, summary.rejected) == (3, 0)
