"""The channels a delivery can go by. Each prepares its send in the worker's main thread (all
database reads happen there) and returns a `Send`: network I/O only, safe to run in a pool."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str = ""
    retry_after: timedelta | None = None
    # Trying again cannot help (the recipient is gone, the endpoint disabled).
    permanent: bool = False
    # HTTP 410: the receiver wants nothing more; its endpoint is disabled.
    gone: bool = False
    # The receiver is unreachable or overloaded: its other deliveries wait rather than queue.
    endpoint_down: bool = False


SENT = Outcome(ok=True)
Send = Callable[[], Outcome]


def failure(error: str, *, permanent: bool = False) -> Send:
    outcome = Outcome(ok=False, error=error, permanent=permanent)
    return lambda: outcome
