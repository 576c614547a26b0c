"""Pausing Python's cyclic garbage collector around bulk work.

A batch of a thousand touches allocates some hundred thousand short-lived containers (rows,
field dicts, tuples), all freed by reference counting when the batch ends. The cyclic collector
counts allocations, not garbage: it would scan them, and at each full collection every
long-lived object of the process, about a hundred times per batch and find nothing — a seventh
of ingestion's time. Paused, the few cycles a batch leaves are collected at the first collection
after it.
"""

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

# A server thread's batches may overlap other threads' without end; then the collector is
# never resumed, and a holder leaving after this long collects once itself.
LONGEST_PAUSE = 5.0  # seconds

_lock = threading.Lock()
_holders = 0
_resume = False
_since = 0.0


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic collector off while the block runs. Nests, and is shared by threads:
    the collector resumes (if it was on at the start) when the last holder leaves."""
    global _holders, _resume, _since
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            _since = time.monotonic()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        overdue = False
        with _lock:
            _holders -= 1
            if _holders == 0:
                if _resume:
                    gc.enable()
            elif _resume and time.monotonic() - _since > LONGEST_PAUSE:
                overdue, _since = True, time.monotonic()
        if overdue:
            gc.collect()
