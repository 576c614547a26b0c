"""Importing a file of accounts, leads or touches through the API's schemas and bulk services.

Rows stream from the file; valid ones are stored in chunks, one transaction per chunk, so a
crash loses at most the chunk in flight and a re-run skips what is already stored (touches
are idempotent by `(source, external_id)`, accounts and leads are upserts).
"""

import codecs
import contextlib
import csv
import io
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from pydantic import BaseModel, ValidationError

from leadpact.core.exceptions import ApplicationError
from leadpact.core.schemas import UNSTORABLE, Place, json_unstorable, unstorable
from leadpact.touches.importing.kinds import KINDS, ImportKind, Refused
from leadpact.touches.importing.sources import (
    SourceRow,
    csv_header_read,
    csv_rows,
    import_format_detect,
    jsonl_rows,
)

DEFAULT_CHUNK_SIZE = 2000
ERROR_COLUMNS = ("row", "line", "field", "message", "raw")

ProgressHook = Callable[[int, int], None]  # (bytes read, bytes in the file)


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    suppressed: int = 0  # rows of people on the suppression list: not stored
    rejected: int = 0
    dry_run: bool = False
    errors_path: Path | None = None  # set when rows were rejected
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return (
            self.created
            + self.updated
            + self.unchanged
            + self.duplicates
            + self.suppressed
            + self.rejected
        )

    def line(self) -> str:
        counts = [("created", self.created)]
        if self.kind == "touches":
            counts.append(("duplicates", self.duplicates))
        else:
            counts += [("updated", self.updated), ("unchanged", self.unchanged)]
        if self.suppressed:
            counts.append(("suppressed", self.suppressed))
        counts.append(("rejected", self.rejected))
        text = f"{self.kind}: " + ", ".join(f"{name} {count}" for name, count in counts)
        return text + (" (dry run: nothing stored)" if self.dry_run else "")


class ImportStopped(Exception):
    """An unexpected failure while storing: the chunk in flight was rolled back, earlier
    chunks stay stored, and `summary` counts them."""

    def __init__(self, *, row: int, summary: ImportSummary) -> None:
        self.row = row
        self.summary = summary
        if summary.dry_run:
            after = "Nothing was stored (dry run)."
        else:
            after = (
                "The rows before it are stored; run the same command again to go on (stored "
                "rows are skipped)."
            )
        super().__init__(f"The import stopped at data row {row}. {after}")


@dataclass(frozen=True)
class RowError:
    row: int
    line: int
    field: str
    message: str
    raw: str


def import_run(
    *,
    kind: str,
    path: Path,
    fmt: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    dry_run: bool = False,
    errors_path: Path | None = None,
    progress: ProgressHook | None = None,
    encoding: str = "utf-8",
    time_zone: str | None = None,
) -> ImportSummary:
    """Import every valid row of `path`; write each rejected row to `errors_path` (default:
    `<input>.errors.csv` beside it, created only when a row is rejected).

    Raises `ApplicationError` before storing anything when the command itself is wrong (kind,
    file, format, encoding, error file, CSV header) and `ImportStopped` when storing fails
    midway.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise ApplicationError(f"Unknown kind {kind!r}; use one of {', '.join(KINDS)}.")
    _input_check(path)
    if chunk_size < 1:
        raise ApplicationError("The chunk size must be at least 1.")
    fmt = import_format_detect(path=path, fmt=fmt)
    zone = _zone(time_zone)
    codec = _codec(encoding)
    if errors_path is not None and _same_file(errors_path, path):
        raise ApplicationError(
            f"--errors {errors_path} is the file being imported; name another file for the "
            "rejected rows. Nothing was read."
        )
    errors = _ErrorFile.checked(
        errors_path or path.with_name(f"{path.name}.errors.csv"), given=errors_path is not None
    )
    _encoding_check(path, codec, encoding)
    started = time.monotonic()
    run = _Import(kind=kind, spec=spec, fmt=fmt, dry_run=dry_run, errors=errors)
    try:
        binary = path.open("rb")
    except OSError as exc:
        raise ApplicationError(f"Cannot read {path}: {_reason(exc)}.") from None
    size = os.fstat(binary.fileno()).st_size
    with binary, io.TextIOWrapper(binary, encoding=codec, newline="") as text:
        rows = _rows_read(text=text, fmt=fmt, spec=spec, zone=zone)
        try:
            while True:
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except UnicodeError as exc:  # the file changed since it was checked
                    run.flush()
                    raise ApplicationError(
                        f"{path.name} is not {encoding} text after data row {run.last_row} "
                        f"({_unicode_reason(exc)}); the rows before it are stored."
                    ) from None
                run.take(row)
                if len(run.pending) >= chunk_size:
                    run.flush()
                    if progress:
                        progress(binary.tell(), size)
            run.flush()
        finally:
            run.errors.close()
    if progress:
        progress(size, size)
    return run.summary(seconds=time.monotonic() - started)


def _input_check(path: Path) -> None:
    try:
        if not path.is_file():
            what = "is a folder, not a file" if path.is_dir() else "does not exist"
            raise ApplicationError(f"{path} {what}.")
        with path.open("rb"):
            pass
    except OSError as exc:
        raise ApplicationError(f"Cannot read {path}: {_reason(exc)}.") from None


def _codec(encoding: str) -> str:
    """The codec of a text encoding: not one of Python's codecs from bytes to bytes (base64,
    hex) or text to text (rot13), which cannot decode a file into text."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a name holding NUL
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ApplicationError(
            f"Unknown text encoding {encoding!r}; use e.g. utf-8, cp1250 or iso-8859-2."
        )
    return "utf-8-sig" if info.name == "utf-8" else info.name


def _encoding_check(path: Path, codec: str, encoding: str) -> None:
    """Whether the whole of `path` decodes with `codec`: a wrong encoding is found before
    anything is stored, at its line. A UTF-8 file may start with a byte-order mark, as Excel
    writes it."""
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    try:
        with path.open("rb") as binary:
            while block := binary.read(1 << 20):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError as exc:
                    where = max(exc.start - len(decoder.getstate()[0]), 0)
                    line += block[:where].count(b"\n")
                    bad = block[where : where + 1].hex()
                    raise ApplicationError(
                        f"{path.name} is not {encoding} text: line {line} holds the byte "
                        f"0x{bad}. Nothing was stored. A CSV saved by Excel on Windows in Poland "
                        'is often cp1250: save it as "CSV UTF-8", or import it with '
                        "--encoding cp1250."
                    ) from None
                line += block.count(b"\n")
            decoder.decode(b"", final=True)
    except OSError as exc:
        raise ApplicationError(f"Cannot read {path}: {_reason(exc)}.") from None
    except UnicodeError as exc:  # a character cut off at the end, a UTF-16 file without a BOM
        raise ApplicationError(
            f"{path.name} is not {encoding} text ({_unicode_reason(exc)}). Nothing was stored."
        ) from None


def _unicode_reason(exc: UnicodeError) -> str:
    return exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        pass
    try:
        return one.resolve() == other.resolve()
    except (OSError, RuntimeError):  # a symbolic link in a loop: the error file check says so
        return False


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "it is a folder, not a file"
    return (exc.strerror or str(exc)).lower()


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ApplicationError(
            f"Unknown time zone {name!r}; use a name such as Europe/Warsaw or UTC."
        ) from None


def _rows_read(
    *, text: TextIO, fmt: str, spec: ImportKind, zone: ZoneInfo | None
) -> Iterator[SourceRow]:
    if fmt == "jsonl":
        return jsonl_rows(text)
    source, header = csv_header_read(text)
    spec.layout.header_check(header)
    return csv_rows(source, header, spec.layout, zone=zone)


class _ErrorFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.used = False
        self._handle: TextIO | None = None
        self._writer: Any = None

    @classmethod
    def checked(cls, path: Path, *, given: bool) -> "_ErrorFile":
        """The error file, once it is known it can be written: it is opened only when a row is
        rejected, after earlier chunks are stored, too late to find it cannot be. Checking
        changes nothing: an existing file is opened to append nothing, a new one is removed."""
        try:
            if not path.parent.is_dir():
                reason = (
                    f"{path.parent} is not a folder"
                    if path.parent.exists()
                    else f"the folder {path.parent} does not exist"
                )
                raise ApplicationError(cls._refusal(path, reason, given))
            if path.exists():
                path.open("a", encoding="utf-8").close()
            else:
                path.open("x", encoding="utf-8").close()
                path.unlink()
        except OSError as exc:
            raise ApplicationError(cls._refusal(path, _reason(exc), given)) from None
        return cls(path)

    @staticmethod
    def _refusal(path: Path, reason: str, given: bool) -> str:
        fix = "" if given else "; name one that can be written with --errors FILE"
        return f"Cannot write the error file {path}: {reason}{fix}. Nothing was stored."

    def write(self, errors: list[RowError]) -> None:
        if not errors:
            return
        if self._handle is None:
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(ERROR_COLUMNS)
            self.used = True
        self._writer.writerows(
            (e.row, e.line, e.field, e.message, e.raw)
            for e in sorted(errors, key=lambda e: (e.row, e.field))
        )
        self._handle.flush()  # a full disk is found here, while it can still be reported

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


class _Import:
    def __init__(
        self, *, kind: str, spec: ImportKind, fmt: str, dry_run: bool, errors: _ErrorFile
    ) -> None:
        self.kind = kind
        self.spec = spec
        self.fmt = fmt
        self.dry_run = dry_run
        self.errors = errors
        self.check = spec.check_for_run() if spec.check_for_run else None
        self.tally: Counter[str] = Counter()
        self.pending: list[tuple[SourceRow, BaseModel]] = []
        self.rejections: list[RowError] = []
        self.last_row = 0

    def take(self, row: SourceRow) -> None:
        self.last_row = row.number
        if row.problem:
            self._reject(row, [(row.problem_column, row.problem)])
            return
        if found := _unstorable(row):
            self._reject(row, [(self._field(place), UNSTORABLE[code]) for place, code in found])
            return
        try:
            if isinstance(row.data, str):
                model = self.spec.schema.model_validate_json(row.data)
            else:
                model = self.spec.schema.model_validate(row.data)
        except ValidationError as exc:
            problems = [(self._field(e["loc"]), _message(e, self.fmt)) for e in exc.errors()]
            self._reject(row, problems)
            return
        if self.check and (refused := self.check(model)):
            self._reject(row, [(refused.field, refused.message)])
            return
        self.pending.append((row, model))

    def flush(self) -> None:
        """Store the pending rows in one transaction (rolled back on a dry run)."""
        if self.pending:
            try:
                with transaction.atomic():
                    outcomes = self.spec.store([model for _, model in self.pending])
                    if self.dry_run:
                        transaction.set_rollback(True)
            except Exception as exc:
                with contextlib.suppress(OSError):  # the failure to report is the one above
                    self.errors.write(self.rejections)
                raise ImportStopped(row=self.pending[0][0].number, summary=self.summary()) from exc
            for (row, _), outcome in zip(self.pending, outcomes, strict=True):
                if isinstance(outcome, Refused):
                    self._reject(row, [(outcome.field, outcome.message)])
                else:
                    self.tally[outcome] += 1
            self.pending = []
        try:
            self.errors.write(self.rejections)
        except OSError as exc:  # the disk filled up, say: what is stored stays stored
            raise ImportStopped(row=self.last_row + 1, summary=self.summary()) from exc
        self.rejections = []

    def summary(self, *, seconds: float = 0.0) -> ImportSummary:
        return ImportSummary(
            kind=self.kind,
            created=self.tally["created"],
            updated=self.tally["updated"],
            unchanged=self.tally["unchanged"],
            duplicates=self.tally["duplicate"],
            suppressed=self.tally["suppressed"],
            rejected=self.tally["rejected"],
            dry_run=self.dry_run,
            errors_path=self.errors.path if self.errors.used else None,
            seconds=seconds,
        )

    def _reject(self, row: SourceRow, problems: list[tuple[str, str]]) -> None:
        self.tally["rejected"] += 1
        self.rejections.extend(
            RowError(row.number, row.line, field, message, row.raw) for field, message in problems
        )

    def _field(self, loc: tuple[str | int, ...]) -> str:
        if self.fmt == "csv":
            return self.spec.layout.column_for(loc)
        return ".".join(map(str, loc))


def _unstorable(row: SourceRow) -> list[tuple[Place, str]]:
    return unstorable(row.data) if isinstance(row.data, dict) else json_unstorable(row.data)


def _message(error: Any, fmt: str) -> str:
    if error["type"] == "timezone_aware":
        message = "has no UTC offset: write one (2026-10-06T10:00:00+02:00)"
        if fmt == "csv":  # --time-zone reads a CSV's times, not JSON's
            message += ", or name the zone the file's times are in with --time-zone Europe/Warsaw"
        return message
    return str(error["msg"]).removeprefix("Value error, ")
