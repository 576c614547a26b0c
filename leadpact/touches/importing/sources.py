"""Reading an import file row by row (CSV with a header row, or JSON Lines), never whole."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from leadpact.core.exceptions import ApplicationError

FORMAT_BY_SUFFIX = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMATS = ("csv", "jsonl")
RAW_MAX_CHARS = 2000


@dataclass(frozen=True)
class CsvLayout:
    """How a kind's flat CSV columns become the nested shape its API schema validates.

    `columns` maps a column to its path in that shape; `prefixes` maps a column prefix such
    as `attr.` to the dict its suffix keys land in (`attr.segment` → `attributes.segment`).
    """

    columns: dict[str, tuple[str, ...]]
    prefixes: dict[str, str]
    required: tuple[str, ...]
    # Cells written as a spreadsheet in Polish writes them: `1 200`, `125000,50`, `tak`, `PRAWDA`.
    numbers: frozenset[str] = frozenset()
    booleans: frozenset[str] = frozenset()
    # Moments a spreadsheet writes without an offset, read in the zone the import names.
    moments: frozenset[str] = frozenset()

    def header_check(self, header: list[str]) -> None:
        unknown = [
            name
            for name in header
            if name not in self.columns and not any(name.startswith(p) for p in self.prefixes)
        ]
        if unknown:
            raise ApplicationError(
                f"Unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
                f"{', '.join(self.columns)} and {', '.join(p + '<name>' for p in self.prefixes)}."
            )
        missing = [name for name in self.required if name not in header]
        if missing:
            raise ApplicationError(f"The header row lacks the column(s) {', '.join(missing)}.")
        repeated = sorted({name for name in header if header.count(name) > 1})
        if repeated:
            raise ApplicationError(f"The header row repeats the column(s) {', '.join(repeated)}.")

    def shape(
        self, cells: dict[str, str], *, decimal_comma: bool = False, zone: ZoneInfo | None = None
    ) -> dict[str, Any]:
        """Nest the non-empty cells; an empty cell means "not given", never "clear it".
        Raises `CellError` for a cell that cannot be read as what its column holds."""
        shaped: dict[str, Any] = {}
        for name, value in cells.items():
            if not value.strip():
                continue
            if name in self.numbers:
                value = _number_text(value, decimal_comma=decimal_comma)
            elif name in self.booleans:
                value = _POLISH_BOOLEANS.get(value.strip().lower(), value)
            elif name in self.moments:
                value = _moment_in(value, zone, column=name)
            prefix = next((p for p in self.prefixes if name.startswith(p)), None)
            path = (self.prefixes[prefix], name[len(prefix) :]) if prefix else self.columns[name]
            target = shaped
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = value
        return shaped

    def column_for(self, loc: tuple[str | int, ...]) -> str:
        """The CSV column an error at `loc` (a path in the nested shape) belongs to."""
        for length in range(len(loc), 0, -1):
            for name, path in self.columns.items():
                if path == loc[:length]:
                    return name
        for prefix, key in self.prefixes.items():
            if len(loc) >= 2 and loc[0] == key:
                return f"{prefix}{loc[1]}"
        return ".".join(map(str, loc))


_POLISH_BOOLEANS = {"tak": "true", "nie": "false", "prawda": "true", "fałsz": "false"}


def _number_text(value: str, *, decimal_comma: bool) -> str:
    """`1 200` (a space, or Excel's no-break space, between thousands) is 1200; in a file whose
    cells are separated by semicolons, as where the decimal mark is a comma, `125000,50` is
    125000.50. In a comma-separated file a comma stays what it is, and validation says so."""
    text = re.sub(r"[ \u00a0\u202f]", "", value)
    return text.replace(",", ".") if decimal_comma and "." not in text else text


class CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


# Without an offset: ISO 8601 (`2026-10-06 10:00`, `2026-10-06T10:00:00`), or as Excel in
# Poland shows a date and time (`06.10.2026 10:00`).
_POLISH_MOMENT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")


def _moment_in(value: str, zone: ZoneInfo | None, *, column: str) -> str:
    """A moment without an offset, read as the wall clock in `zone`, with its offset written
    out; one with an offset, or not a moment, as it is (validation judges it). A wall-clock
    time the zone skips or repeats (the DST switches) is refused, not guessed. With no zone,
    a moment without an offset stays without one, for validation to refuse."""
    text = value.strip()
    if polish := _POLISH_MOMENT.fullmatch(text):
        day, month, year, hour, minute, second = polish.groups()
        text = f"{year}-{int(month):02}-{int(day):02}T{int(hour):02}:{minute}:{second or '00'}"
    try:
        naive = dt.datetime.fromisoformat(text)
    except ValueError:
        return value
    if naive.tzinfo is not None:
        return value
    if zone is None:
        return text
    moment = naive.replace(tzinfo=zone)
    there_and_back = moment.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if there_and_back != naive:
        raise CellError(
            column,
            f"{value.strip()} does not happen in {zone.key} (the clocks go forward then); give the offset",
        )
    if moment.utcoffset() != moment.replace(fold=1).utcoffset():
        raise CellError(
            column,
            f"{value.strip()} happens twice in {zone.key} (the clocks go back then); give the offset, e.g. {_offset(moment)} or {_offset(moment.replace(fold=1))}",
        )
    return moment.isoformat()


def _offset(moment: dt.datetime) -> str:
    return moment.isoformat()[-6:]


@dataclass(frozen=True)
class SourceRow:
    number: int  # 1-based among data rows
    line: int  # the file line the row starts on
    raw: str
    data: dict[str, Any] | str  # CSV: the nested shape; JSON Lines: the line's JSON text
    problem: str = ""  # a row the reader itself could not make sense of
    problem_column: str = ""  # the column the problem is in, when it is one cell


def import_format_detect(*, path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ApplicationError(f"Unknown format {fmt!r}; use csv or jsonl.")
        return fmt
    detected = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if detected is None:
        raise ApplicationError(
            f"Cannot tell the format of {path.name} from its extension "
            "(.csv, .jsonl, .ndjson); pass --format csv or --format jsonl."
        )
    return detected


DELIMITERS = (",", ";", "\t")


class _Lines:
    """The file's lines as the csv reader takes them, each remembered with its number until the
    next record starts, and lines pushed back to be read again: what a cell whose quote never
    closes swallowed is read once more, as rows."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._again: deque[tuple[int, str]] = deque()
        self._read = 0
        self._ended = False
        self.record: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            entry = self._again.popleft()
        else:
            text = next(self._handle, None)
            if text is None:
                self._ended = True
                raise StopIteration
            self._read += 1
            entry = (self._read, text)
        self.record.append(entry)
        return entry[1]

    def peek(self) -> str:
        if not self._again:
            text = self._handle.readline()
            if not text:
                return ""
            self._read += 1
            self._again.append((self._read, text))
        return self._again[0][1]

    @property
    def ended(self) -> bool:
        """Every line was read, none is left to read again."""
        return self._ended and not self._again

    def again(self, lines: list[tuple[int, str]]) -> None:
        self._again.extendleft(reversed(lines))


@dataclass
class CsvReader:
    lines: _Lines
    reader: Any  # csv's reader object has no public type
    delimiter: str


def csv_header_read(handle: TextIO) -> tuple[CsvReader, list[str]]:
    """The reader of a CSV's rows, separated by what its header is separated by: Excel saves
    "CSV" with semicolons where the decimal mark is a comma (Poland), and some tools use tabs.
    Strict: a quoted cell must end where its quote closes, and a quote never closed is an error
    at the end of the file, not a cell holding the rest of it."""
    lines = _Lines(handle)
    first = lines.peek()
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        opens = _quote_left_open(lines.record, delimiter)
        problem = "a quoted cell is never closed" if opens is not None else str(error)
        raise ApplicationError(
            f"The header row (line 1) cannot be read as CSV: {problem}."
        ) from None
    if not header:
        raise ApplicationError("The file is empty; a CSV import needs a header row.")
    return CsvReader(lines, reader, delimiter), header


def csv_rows(
    source: CsvReader, header: list[str], layout: CsvLayout, *, zone: ZoneInfo | None = None
) -> Iterator[SourceRow]:
    decimal_comma = source.delimiter == ";"
    lines = source.lines
    number = 0
    while True:
        lines.record = []
        try:
            values = next(source.reader)
        except StopIteration:
            return
        except csv.Error as error:
            number += 1
            yield _unreadable_row(number, lines, source.delimiter, error)
            continue
        if not values:  # a blank line
            continue
        number += 1
        line = lines.record[0][0]  # where the record starts: a quoted cell may span lines
        raw = _csv_line(values)
        if len(values) != len(header):
            more = "more" if len(values) > len(header) else "fewer"
            yield SourceRow(number, line, raw, {}, f"the row has {more} cells than the header")
            continue
        try:
            shaped = layout.shape(
                dict(zip(header, values, strict=True)), decimal_comma=decimal_comma, zone=zone
            )
        except CellError as error:
            yield SourceRow(number, line, raw, {}, str(error), error.column)
            continue
        yield SourceRow(number, line, raw, shaped)


def _unreadable_row(number: int, lines: _Lines, delimiter: str, error: csv.Error) -> SourceRow:
    """A record the csv reader gave up on. When a quoted cell in it is still open, the reader
    read on to the end of the file (or to csv's size limit of a cell) looking for its closing
    quote: the row is rejected at the line the quote opens on, and the lines after that one are
    read again as rows. Otherwise the reader goes on after the line it stopped in."""
    record = lines.record
    line = record[0][0] if record else 0
    # Read past its first line, or to the end of the file: only a quoted cell goes on so.
    opens = _quote_left_open(record, delimiter) if len(record) > 1 or lines.ended else None
    if opens is None:
        raw = _text(record)
        return SourceRow(number, line, raw, {}, f"the row cannot be read as CSV ({error})")
    opened_on, index = opens
    lines.again(record[index + 1 :])
    raw = _text(record[: index + 1])
    problem = "a quoted cell is never closed"
    if opened_on != line:
        problem += f" (its quote opens on line {opened_on})"
    return SourceRow(number, line, raw, {}, problem)


def _quote_left_open(record: list[tuple[int, str]], delimiter: str) -> tuple[int, int] | None:
    """The line number, and index in `record`, of the line where a quoted cell still open at
    the end of `record` opens: csv's rules, where a quote opens a quoted cell only as a cell's
    first character and two quotes inside one stand for one."""
    opened: tuple[int, int] | None = None
    quoted = closing = False
    cell_start = True
    for index, (number, text) in enumerate(record):
        for char in text:
            if quoted:
                if closing and char == '"':
                    closing = False  # an escaped quote
                    continue
                if not closing:
                    closing = char == '"'
                    continue
                quoted = closing = False
            if char == delimiter or char in "\r\n":
                cell_start = True
            elif char == '"' and cell_start:
                quoted, opened, cell_start = True, (number, index), False
            else:
                cell_start = False
    return opened if quoted and not closing else None


def jsonl_rows(handle: TextIO) -> Iterator[SourceRow]:
    number = 0
    for line, text in enumerate(handle, start=1):
        text = text.strip()
        if not text:
            continue
        number += 1
        yield SourceRow(number, line, text[:RAW_MAX_CHARS], text)


def _text(lines: list[tuple[int, str]]) -> str:
    return "".join(text for _, text in lines)[:RAW_MAX_CHARS].rstrip("\r\n")


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()[:RAW_MAX_CHARS]
