"""Many changes in a row, each in its own transaction (the SLA sweep over thousands of due
handoffs): inside `notifications_batch()` the worker is woken once at the end rather than after
every commit, and who-wants-what lookups (webhook endpoints, channel preferences) are read
once per batch instead of once per notification."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class _Batch:
    wake: bool = False
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)


_current: ContextVar[_Batch | None] = ContextVar("notifications_batch", default=None)


@contextmanager
def notifications_batch(*, wake: Callable[[], None]) -> Iterator[None]:
    if _current.get() is not None:
        # A batch inside a batch (the SLA sweep inside a generator's hour) is part of it: one
        # memo, one wake-up at the end of the outer one.
        yield
        return
    batch = _Batch()
    token = _current.set(batch)
    try:
        yield
    finally:
        _current.reset(token)
        if batch.wake:
            wake()


def batch_memo(key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    batch = _current.get()
    if batch is None:
        return compute()
    if key not in batch.memo:
        batch.memo[key] = compute()
    return batch.memo[key]  # type: ignore[no-any-return]


def batch_defers_wake() -> bool:
    """True inside a batch: the wake-up is noted for its end instead of made now."""
    batch = _current.get()
    if batch is None:
        return False
    batch.wake = True
    return True
