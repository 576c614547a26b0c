import random
from datetime import UTC, datetime, timedelta

from leadpact.notifications.retries import (
    JITTER,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    retry_after_parse,
    retry_delay,
)

NOW = datetime(2026, 10, 7, 9, 0, tzinfo=UTC)


def test_the_schedule_spans_about_three_days() -> None:
    total = sum(RETRY_DELAYS, timedelta())
    assert timedelta(days=2, hours=12) <= total <= timedelta(days=3, hours=12)
    assert list(RETRY_DELAYS) == sorted(RETRY_DELAYS)


def test_each_wait_is_its_step_with_jitter_and_the_last_attempt_gives_up() -> None:
    rng = random.Random(5)
    for attempts, base in enumerate(RETRY_DELAYS, start=1):
        waits = {retry_delay(attempts=attempts, rng=rng) for _ in range(50)}
        assert all(base * (1 - JITTER) <= w <= base * (1 + JITTER) for w in waits if w)
        assert len(waits) > 1, "jitter spreads retries"
    assert retry_delay(attempts=MAX_ATTEMPTS) is None


def test_retry_after_is_honoured_but_never_shortens_the_wait() -> None:
    rng = random.Random(1)
    assert retry_delay(attempts=1, retry_after=timedelta(hours=3), rng=rng) == timedelta(hours=3)
    short = retry_delay(attempts=3, retry_after=timedelta(seconds=5), rng=rng)
    assert short is not None and short >= timedelta(minutes=24)
    capped = retry_delay(attempts=1, retry_after=timedelta(days=9), rng=rng)
    assert capped == timedelta(hours=24)


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert retry_after_parse("120", now=NOW) == timedelta(seconds=120)
    assert retry_after_parse("Wed, 07 Oct 2026 09:30:00 GMT", now=NOW) == timedelta(minutes=30)
    assert retry_after_parse("Wed, 07 Oct 2026 08:00:00 GMT", now=NOW) == timedelta(0)
    assert retry_after_parse("soon", now=NOW) is None
    assert retry_after_parse(None, now=NOW) is None
