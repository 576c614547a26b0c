import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from leadpact.core import collector
from leadpact.core.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled(), "the inner pause ended, the outer one still holds"
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_resumes_the_collector() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("refused")
    assert gc.isenabled()


def test_threads_share_the_pause_until_the_last_one_leaves() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert seen == [False], "the first thread leaving must not resume it under the second"
    assert gc.isenabled()


def test_under_endless_overlap_a_leaving_holder_collects_after_the_longest_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    monkeypatch.setattr(collector, "LONGEST_PAUSE", 0.0)
    with collector_paused():
        with collector_paused():
            ref = weakref.ref(Cycle())
            assert ref() is not None, "only the collector frees a cycle"
        assert ref() is None, "collected by the inner holder leaving, the outer still holding"
        assert not gc.isenabled()
    assert gc.isenabled()


def test_within_the_longest_pause_nobody_collects_until_the_last_holder_leaves() -> None:
    class Cycle:
        def __init__(self) -> None:
            self.me = self

    with collector_paused():
        with collector_paused():
            ref = weakref.ref(Cycle())
        assert ref() is not None
