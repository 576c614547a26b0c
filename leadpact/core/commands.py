"""Helpers for management commands: errors as one clear line, never a traceback."""

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
