"""Small phrasing helpers for the two languages an agreement speaks (Polish and English)."""

from __future__ import annotations

from collections.abc import Iterable

from .schema_common import LabelPair, label_text

__all__ = [
    "days",
    "hours",
    "label_text",
    "months",
    "number",
    "pl_plural",
    "say",
    "series",
    "within_days",
    "within_hours",
]


def say(lang: str, pl: str, en: str) -> str:
    return en if lang == "en" else pl


def pl_plural(count: float, one: str, few: str, many: str) -> str:
    """The Polish noun form for `count` (1 dzień, 2 dni, 5 dni; 1 godzina, 3 godziny, 8 godzin)."""
    if count != int(count):
        return few
    n = int(count)
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:g}"


def counted(lang: str, count: float, pl: tuple[str, str, str], en: tuple[str, str]) -> str:
    noun = pl_plural(count, *pl) if lang != "en" else (en[0] if count == 1 else en[1])
    return f"{number(count)} {noun}"


def days(lang: str, count: float) -> str:
    return counted(lang, count, ("dzień", "dni", "dni"), ("day", "days"))


def hours(lang: str, count: float) -> str:
    return counted(
        lang,
        count,
        ("godzina robocza", "godziny robocze", "godzin roboczych"),
        ("business hour", "business hours"),
    )


def within_days(lang: str, count: float) -> str:
    """ "w ciągu 90 dni" / "within 90 days" (Polish takes the genitive after "w ciągu")."""
    if lang == "en":
        return f"within {days(lang, count)}"
    return f"w ciągu {number(count)} {'dnia' if count == 1 else 'dni'}"


def within_hours(lang: str, count: float) -> str:
    if lang == "en":
        return f"within {hours(lang, count)}"
    noun = "godziny roboczej" if count == 1 else "godzin roboczych"
    return f"w ciągu {number(count)} {noun}"


def months(lang: str, count: float) -> str:
    return counted(lang, count, ("miesiąc", "miesiące", "miesięcy"), ("month", "months"))


def series(lang: str, items: Iterable[str], *, last: str | None = None) -> str:
    """ "a, b i c" / "a, b and c"."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    joint = last if last is not None else say(lang, "i", "and")
    return f"{', '.join(words[:-1])} {joint} {words[-1]}"


def text(label: str | LabelPair | None, lang: str) -> str:
    return "" if label is None else label_text(label, lang)
