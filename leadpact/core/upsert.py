"""Merging incoming fields into existing rows: only non-empty values overwrite."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


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
    return {name: value for name, value in fields.items() if not is_empty(value)}


def union(names: Iterable[list[str]]) -> list[str]:
    seen: set[str] = set()
    for group in names:
        seen.update(group)
    return sorted(seen)
