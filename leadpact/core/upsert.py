"""Merging incoming fields into existing rows: only non-empty values overwrite."""

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from django.db import models
from pydantic import BaseModel

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


def non_empty(
    fields: Mapping[str, Any], *, exclude: AbstractSet[str] = frozenset()
) -> dict[str, Any]:
    # `is_empty` inlined: ingestion calls this for every lead and account of every batch.
    return {
        name: value
        for name, value in fields.items()
        if value is not None
        and (value or not isinstance(value, _BLANKABLE))
        and name not in exclude
    }


def given_fields(data: BaseModel, *, exclude: AbstractSet[str]) -> dict[str, Any]:
    """The non-empty fields of a validated payload but `exclude`, as the model holds them:
    `model_dump` would copy every value of every touch's lead and account first."""
    return non_empty(data.__dict__, exclude=exclude)


def union(names: Iterable[list[str]]) -> list[str]:
    seen: set[str] = set()
    for group in names:
        seen.update(group)
    return sorted(seen)
