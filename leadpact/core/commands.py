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
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give 1–65535")
    return port


def count_of_one_or_more(text: str) -> int:
    """An argparse type: how many (workers, processes), at least one."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count of one or more")
    return count
