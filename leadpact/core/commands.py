"""Helpers for management commands: errors as one clear line, never a traceback."""

import argparse
import getpass
import sys

from django.core.management.base import CommandError

from leadpact.core.exceptions import ApplicationError


def command_error(exc: ApplicationError) -> CommandError:
    return CommandError(exc.message, returncode=1)


def read_password(*, prompt: str = "Password") -> str:
    """From stdin when piped (`echo pw | leadpact user create …`), else asked twice."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("No password on standard input.", returncode=2)
        return password
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass(f"{prompt} (again): "):
        raise CommandError("The passwords differ.", returncode=2)
    return first


def port_number(text: str) -> int:
    """An argparse type: a TCP port a server can listen on."""
    return _whole_number(text, 1, 65535, "is not a port; give 1–65535")


def count_of_one_or_more(text: str) -> int:
    """An argparse type: how many (workers, processes), at least one."""
    return _whole_number(text, 1, None, "is not a count of one or more")


def _whole_number(text: str, low: int, high: int | None, refusal: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = low - 1
    if number < low or (high is not None and number > high):
        raise argparse.ArgumentTypeError(f"{text!r} {refusal}")
    return number
