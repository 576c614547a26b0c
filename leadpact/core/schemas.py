"""Pieces of input validation shared by the API, the importer and inbound forms."""

import datetime
import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

import idna
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from leadpact.core.countries import ISO_COUNTRIES

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# The top-level label may be an internationalised one too (`.рф` is `xn--p1ai`).
DOMAIN_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)


def domain_normalize(value: str) -> str:
    """A company's domain from what a form or a CRM gives: `https://www.Firma.pl/kontakt`,
    `firma.pl:443` and `łódź.pl` alike. One spelling per domain: lower case, no `www.`, and an
    internationalised name in its Unicode letters (its `xn--` form is the same domain), by
    today's rules (IDNA 2008, as browsers and e-mail addresses: `straße.de` is not
    `strasse.de`)."""
    text = value.strip().lower()
    try:
        host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
        ascii_name = idna.encode(host.removeprefix("www.").rstrip("."), uts46=True).decode()
        if not DOMAIN_RE.match(ascii_name):
            raise ValueError
        return str(idna.decode(ascii_name))
    except (ValueError, UnicodeError):  # UnicodeError: idna.IDNAError, a label it refuses
        raise ValueError("must be a domain name such as example.com") from None


def _slug(value: str) -> str:
    value = value.strip()
    if not SLUG_RE.match(value):
        raise ValueError(
            "must be lower-case letters, digits and underscores, e.g. webinar_attended"
        )
    return value


def _country(value: str) -> str:
    value = value.strip().upper()
    if value and value not in ISO_COUNTRIES:
        raise ValueError("must be a two-letter ISO 3166 country code such as PL")
    return value


Domain = Annotated[str, AfterValidator(domain_normalize)]
Slug = Annotated[str, Field(max_length=50), AfterValidator(_slug)]
CountryCode = Annotated[str, AfterValidator(_country)]
# A moment outside these years is a typing mistake, and one before year 1 in UTC (0001-01-01
# in a zone east of UTC) is stored by PostgreSQL but cannot be read back into Python: the row
# would fail every read after.
MOMENT_YEARS = (1900, 2999)
MOMENT_MESSAGE = f"must be between the years {MOMENT_YEARS[0]} and {MOMENT_YEARS[1]}"


def moment_in_range(value: datetime.date) -> bool:
    """Whether a day, or a moment (an aware one as it is in UTC), lies within `MOMENT_YEARS`."""
    if not isinstance(value, datetime.datetime):
        return MOMENT_YEARS[0] <= value.year <= MOMENT_YEARS[1]
    # Compared, not converted: converting year 1 at +14:00 to UTC overflows.
    zone = datetime.UTC if value.tzinfo else None
    earliest = datetime.datetime(MOMENT_YEARS[0], 1, 1, tzinfo=zone)
    latest = datetime.datetime(MOMENT_YEARS[1] + 1, 1, 1, tzinfo=zone)
    return earliest <= value < latest


_D = TypeVar("_D", bound=datetime.date)


def _in_years(value: _D) -> _D:
    if not moment_in_range(value):
        raise ValueError(MOMENT_MESSAGE)
    return value


Timestamp = Annotated[AwareDatetime, AfterValidator(_in_years)]
# Naive moments are read in the installation's time zone by the services that take them.
Moment = Annotated[datetime.datetime, AfterValidator(_in_years)]
Day = Annotated[datetime.date, AfterValidator(_in_years)]
# Fifteen significant digits (up to 9 999 999 999 999.99): SQLite keeps a decimal as a double,
# which holds no more exactly, and reads back what it rounded at 16 and more (9999999999999999.99
# came back as a 17-digit number its column refuses, breaking every read of the row).
MONEY_DIGITS = 15
Money = Annotated[Decimal, Field(ge=0, max_digits=MONEY_DIGITS, decimal_places=2)]


# Free-form JSON (a lead's attributes, a touch's answers) nests at most this deep: no form or
# CRM sends more, and pydantic cannot write back past 255 levels, so a deeper one was stored and
# then answered with a server error.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether lists and objects in `value` nest deeper than `limit` (walked without recursion)."""
    level: list[Any] = [value]
    for _ in range(limit):
        level = [
            item
            for container in level
            if isinstance(container, dict | list)
            for item in (container.values() if isinstance(container, dict) else container)
            if isinstance(item, dict | list)
        ]
        if not level:
            return False
    return True


def _shallow(value: dict[str, Any]) -> dict[str, Any]:
    if json_depth_exceeds(value):
        raise ValueError(f"must not nest lists and objects more than {MAX_JSON_DEPTH} levels deep")
    return value


FreeObject = Annotated[dict[str, Any], AfterValidator(_shallow)]


# What no database here stores: PostgreSQL refuses U+0000 in text and JSON, and NaN or infinity
# in JSON; neither database encodes an unpaired surrogate (which JSON's `\ud800` escapes make).
# Every interface refuses them up front, naming where they are, so both databases answer alike.
UNSTORABLE = {
    "nul_character": "must not contain the NUL character (U+0000)",
    "unpaired_surrogate": "must be Unicode text, not an unpaired surrogate (U+D800–U+DFFF)",
    "not_finite": "must be a finite number, not NaN or infinity",
}
Place = tuple[str | int, ...]


def unstorable(value: Any, path: Place = ()) -> list[tuple[Place, str]]:
    """Where in `value` (parsed JSON or YAML: strings, numbers, dicts with their keys, lists)
    something no database here stores is: each place as a path of keys and indexes, with the
    `UNSTORABLE` code of what it is."""
    if isinstance(value, str):
        code = _text_unstorable(value)
        return [(path, code)] if code else []
    if isinstance(value, float):
        return [] if math.isfinite(value) else [(path, "not_finite")]
    found: list[tuple[Place, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            code = _text_unstorable(key) if isinstance(key, str) else None
            # A bad key is the place itself: its value is not looked into.
            found += [((*path, key), code)] if code else unstorable(item, (*path, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += unstorable(item, (*path, index))
    return found


def _text_unstorable(text: str) -> str | None:
    if "\x00" in text:
        return "nul_character"
    if not text.isascii():
        try:
            text.encode()
        except UnicodeEncodeError:
            return "unpaired_surrogate"
    return None


# Raw JSON that may hold one of them (and usually does not): `\u0000`, a surrogate escape, NaN,
# Infinity, or an exponent of three digits, which may overflow to infinity.
_JSON_MAYBE_UNSTORABLE = re.compile(rb"\\u0000|\\u[dD][89a-fA-F]|NaN|Infinity|[eE]\+?\d{3}")


def json_unstorable(raw: str | bytes) -> list[tuple[Place, str]]:
    """`unstorable` of a JSON document, parsed only when its text may hold something; nothing
    for text that is not JSON (its reader reports that)."""
    encoded = raw.encode(errors="replace") if isinstance(raw, str) else raw
    if not _JSON_MAYBE_UNSTORABLE.search(encoded):
        return []
    try:
        return unstorable(json.loads(raw))
    except (ValueError, RecursionError):  # not JSON, or nested past what a reader follows
        return []


class StrictSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


INVALID_DETAIL = "The request is invalid; nothing was stored."


def api_error_entry(loc: Sequence[Any], message: str) -> dict[str, Any]:
    """One entry of a 422's `errors`: the dotted field path of a pydantic location, and for a
    touch batch the item's index apart; a validator's message without pydantic's prefix, as the
    importer and the agreement loader give it."""
    parts = [part for part in loc if part not in ("body", "payload", "query", "path")]
    item: dict[str, Any] = {}
    if len(parts) >= 2 and parts[0] == "touches" and isinstance(parts[1], int):
        item, parts = {"item": parts[1]}, parts[2:]
    field = ".".join(str(part) for part in parts)
    return {**item, "field": field, "message": message.removeprefix("Value error, ")}


class ErrorOut(BaseModel):
    code: str
    detail: str
    errors: list[dict[str, Any]] | None = None


API_ERRORS: dict[int, type[ErrorOut]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 413, 422)
}
