"""A port or a count no server can use is refused by the command's own parser, in one line,
before anything starts (`serve --port 99999` ended in an OverflowError traceback)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("serve", ["--port", "99999"], "'99999' is not a port; give 1–65535"),
        ("serve", ["--port", "http"], "'http' is not a port; give 1–65535"),
        ("demo", ["--port", "-1", "--no-serve"], "'-1' is not a port; give 1–65535"),
        ("serve", ["--workers", "0"], "'0' is not a count of one or more"),
        ("worker", ["--workers", "two"], "'two' is not a count of one or more"),
        ("leads", ["reevaluate", "--batch", "0"], "'0' is not a count of one or more"),
        ("leads", ["reevaluate", "--batch", "-1"], "'-1' is not a count of one or more"),
        ("demo", ["--months", "1000", "--no-serve"], "'1000' is not a whole number from 1 to 24"),
    ],
)
def test_a_port_or_count_that_cannot_be_is_refused(
    command: str, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command(command, *args)
