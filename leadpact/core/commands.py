"""Helpers for management commands: errors as one clear line, never a traceback."""

import argparse
import getpass
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError
from email_validator import EmailNotValidError, validate_email

from leadpact.core.emails import email_normalize
from leadpact.core.exceptions import ApplicationError

EXIT_INTERRUPTED = 130


def command_error(exc: ApplicationError) -> CommandError:
    return CommandError(exc.message, returncode=1)


def answer_read(ask: Callable[[], str]) -> str:
    """What the person types at a prompt; Ctrl-D or Ctrl-C there cancel the command."""
    try:
        return ask()
    except EOFError:
        raise CommandError("Cancelled; nothing changed.", returncode=2) from None
    except KeyboardInterrupt:
        raise CommandError("Interrupted; nothing changed.", returncode=EXIT_INTERRUPTED) from None


def read_password(*, prompt: str = "Password") -> str:
    """From stdin when piped (`echo pw | leadpact user create …`), else asked twice."""
    if not sys.stdin.isatty():
        # A password file written on Windows ends its line in \r\n.
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input.", returncode=2)
        return password
    first = answer_read(lambda: getpass.getpass(f"{prompt}: "))
    if first != answer_read(lambda: getpass.getpass(f"{prompt} (again): ")):
        raise CommandError("The passwords differ.", returncode=2)
    return first


def port_number(text: str) -> int:
    """An argparse type: a TCP port a server can listen on."""
    return _whole_number(text, 1, 65535, "is not a port; give 1–65535")


def count_of_one_or_more(text: str) -> int:
    """An argparse type: how many (workers, processes), at least one."""
    return _whole_number(text, 1, None, "is not a count of one or more")


def seconds_above_zero(text: str) -> float:
    """An argparse type: a finite number of seconds greater than zero (`0.5`)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def email_address(text: str) -> str:
    """An argparse type: an e-mail address, checked as the API checks it, in one spelling."""
    try:
        validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an e-mail address") from None
    return email_normalize(text)


def output_file(text: str) -> Path:
    """An argparse type: a file that can be written in a folder that exists; checked before the
    command does anything, so a wrong path never follows work already done or audited."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file name inside it")
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: the folder {path.parent} does not exist")
    if not os.access(path if path.exists() else path.parent, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text}: not allowed to write there")
    return path


def output_folder(text: str) -> Path:
    """An argparse type: a folder to write into (created if it is missing)."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text}: not allowed to write in {existing}")
    return path


def _whole_number(text: str, low: int, high: int | None, refusal: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = low - 1
    if number < low or (high is not None and number > high):
        raise argparse.ArgumentTypeError(f"{text!r} {refusal}")
    return number


def whole_number_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def between(text: str) -> int:
        return _whole_number(text, low, high, f"is not a whole number from {low} to {high}")

    return between


def text_at_most(limit: int) -> Callable[[str], str]:
    """An argparse type: text no longer than its database column."""

    def at_most(text: str) -> str:
        if len(text) > limit:
            raise argparse.ArgumentTypeError(f"{len(text)} characters long; at most {limit} fit")
        return text

    return at_most


def service_checked(check: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type from a service's own check, so the command refuses what it would."""

    def checked(text: str) -> str:
        try:
            check(text)
        except ApplicationError as refusal:
            raise argparse.ArgumentTypeError(refusal.message) from None
        return text

    return checked
