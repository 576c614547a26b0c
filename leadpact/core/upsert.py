"""Merging incoming fields into existing rows: only non-empty values overwrite."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

_BLANKABLE = (str, dict, list)


def is_empty(value: Any) -> bool:
    # `not value` alone would call 0 and False empty; they are values.
    return value is None or (not value and isinstance(value, _BLANKABLE))


def merge_fields(instance: models.Model, fields: Mapping[str, Any]) -> list[str]:
    """Set each non-empty field that differs; return the names that changed.

    `attributes` dicts are merged key by key rather than replaced, so one source cannot wipe
    what another wrote.
    """
    changed = []
    for name, value in fields.items():
        if is_empty(value):
            continue
        current = getattr(instance, name)
        if name == "attributes":
            value = {**current, **value}
        if current != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def non_empty(fields: Mapping[str, Any]) -> dict[str, Any]:
    # `is_empty` inlined: ingestion calls this for every lead and account of every batch.
    return {
        name: value
        for name, value in fields.items()
        if value is not None and (value or not isinstance(value, _BLANKABLE))
    }


def union(names: Iterable[list[str]]) -> list[str]:
    seen: set[str] = set()
    for group in names:
        seen.update(group)
    return sorted(seen)
