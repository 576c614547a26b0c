"""`leadpact agreement …`: the agreement's lifecycle from the command line.

`validate` checks signers against the users only when the database is reachable and has users:
a file can be validated on a laptop with no leadpact installed, and the same check runs again,
always, when the file is proposed.
"""

import json
from argparse import ArgumentParser
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from leadpact.agreements.diff import agreement_version_diff
from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rendering import agreement_render
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.selectors import (
    agreement_active,
    agreement_check,
    agreement_version_get,
    agreement_version_list,
    agreement_version_signatures,
    version_signers,
)
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.core.emails import email_normalize
from leadpact.core.exceptions import ApplicationError
from leadpact.core.schemas import MOMENT_MESSAGE, moment_in_range
from leadpact.users.models import User


def _users_reachable() -> bool:
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and not Path(name).exists():
        return False  # connecting would create an empty database file as a side effect
    try:
        return User.objects.filter(is_active=True).exists()
    except DatabaseError:
        return False


def _compact(value: Any, width: int = 60) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def _narrow(old: Any, new: Any) -> tuple[Any, Any]:
    """Only the keys that differ, so a changed clause shows what changed in it."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return old, new
    narrowed_old, narrowed_new = {}, {}
    for key in dict.fromkeys([*old, *new]):
        if old.get(key) != new.get(key):
            narrowed_old[key], narrowed_new[key] = _narrow(old.get(key), new.get(key))
    return narrowed_old, narrowed_new


def _problem_line(file: str, line: int | None, path: str, message: str) -> str:
    """`FILE:LINE: path: message`; a syntax error names no path, so it has no empty one."""
    return f"{file}:{line or 1}: {path}: {message}" if path else f"{file}:{line or 1}: {message}"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


class Command(BaseCommand):
    help = "Validate, propose, sign, activate, show and compare versions of the agreement."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        validate = actions.add_parser(
            "validate",
            help="Check an agreement file; print `valid` or every FILE:LINE error.",
            description="Check an agreement file (.yaml/.yml or .json) against the format: "
            "print `valid`, or every problem as FILE:LINE: clause: message and exit 1. Signers "
            "are checked against the users when the database has any.",
        )
        validate.add_argument("file", help="the agreement, .yaml/.yml or .json")

        example = actions.add_parser(
            "example",
            help="Print the example agreement (the article's).",
            description="Print the example agreement, a starting point to edit and propose.",
        )
        example.add_argument("--lang", choices=["pl", "en"], default="pl")

        propose = actions.add_parser(
            "propose",
            help="Store an agreement file as a new draft version; print its number.",
            description="Check an agreement file and store it as a new draft version; print "
            "its number. Each signer it names then signs it; nothing changes until it is "
            "activated.",
        )
        propose.add_argument("file", help="the agreement, .yaml/.yml or .json")
        propose.add_argument("--as", dest="email", help="the e-mail of the user proposing it")

        sign = actions.add_parser(
            "sign",
            help="Sign a draft version as one of its named signers.",
            description="Sign a draft version as one of the signers it names; says who is "
            "still to sign. Recorded in the audit log.",
        )
        sign.add_argument("number", type=int, help="the version number")
        sign.add_argument("--as", dest="email", required=True, help="the signer's e-mail")

        activate = actions.add_parser(
            "activate",
            help="Put a signed version in force, now or from --from DATETIME.",
            description="Put a version signed by everyone required in force, now or from "
            "--from (local time unless it has an offset). Open leads are then judged again "
            "under it.",
        )
        activate.add_argument("number", type=int, help="the version number")
        activate.add_argument(
            "--from",
            dest="effective_from",
            help="when it takes effect, e.g. 2026-12-01 or 2026-12-01T08:00 (local time)",
        )
        activate.add_argument("--as", dest="email", help="an administrator's or owner's e-mail")

        show = actions.add_parser(
            "show",
            help="Print a version (default: the one in force) as md, html or its yaml.",
            description="Print a version (default: the one in force) as Markdown, HTML, or the "
            "exact text that was proposed and signed (yaml).",
        )
        show.add_argument("number", type=int, nargs="?", help="the version number")
        show.add_argument("--format", choices=["md", "html", "yaml"], default="md")
        show.add_argument("--lang", choices=["pl", "en"], help="default: the agreement's own")

        diff = actions.add_parser(
            "diff",
            help="Compare two versions clause by clause.",
            description="Compare two versions clause by clause: what was added, removed or "
            "changed, with the values in each.",
        )
        diff.add_argument("a", type=int, help="the older version number")
        diff.add_argument("b", type=int, help="the newer version number")

        actions.add_parser(
            "list",
            help="List the versions with their status and signatures.",
            description="List every version: status, when and by whom proposed, who signed, "
            "and when it is or was in force.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action']}")(**options)
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from None

    def _read(self, file: str) -> str:
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}", returncode=1) from None

    def _user(self, email: str) -> User:
        user = User.objects.filter(email=email_normalize(email), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail {email}.", returncode=1)
        return user

    def do_validate(self, *, file: str, **_: Any) -> None:
        users = _users_reachable()
        check = agreement_check(text=self._read(file), filename=file, users=users)
        if not users:
            self.stderr.write("note: signers not checked against users (no database or users)")
        if check.problems:
            for problem in check.problems:
                self.stdout.write(_problem_line(file, problem.line, problem.path, problem.message))
            raise CommandError(f"{len(check.problems)} problem(s) in {file}.", returncode=1)
        self.stdout.write("valid")

    def do_example(self, *, lang: str, **_: Any) -> None:
        self.stdout.write(example_agreement_text(lang), ending="")

    def do_propose(self, *, file: str, email: str | None, **_: Any) -> None:
        proposer = self._user(email) if email else None
        try:
            version = agreement_version_propose(
                text=self._read(file), filename=file, proposed_by=proposer
            )
        except ApplicationError as error:
            for problem in error.extra or []:
                self.stdout.write(
                    _problem_line(file, problem["line"], problem["path"], problem["message"])
                )
            raise
        self.stdout.write(str(version.number))
        self.stderr.write(
            f"Draft version {version.number} proposed; each signer runs: "
            f"agreement sign {version.number} --as EMAIL"
        )

    def do_sign(self, *, number: int, email: str, **_: Any) -> None:
        version = agreement_version_get(number=number)
        signer = self._user(email)
        agreement_version_sign(version=version, signer=signer)
        signed = {s.signer.email for s in agreement_version_signatures(version=version)}
        waiting = [
            s.email
            for s in version_signers(version=version)
            if s.required and s.email not in signed
        ]
        if waiting:
            self.stdout.write(
                f"{signer.email} signed version {number}; waiting for: {', '.join(waiting)}"
            )
        else:
            self.stdout.write(
                f"{signer.email} signed version {number}; it is signed by everyone required. "
                f"Activate it with: agreement activate {number}"
            )

    def _when(self, text: str) -> datetime:
        try:
            moment = parse_datetime(text)
            if moment is None and (day := parse_date(text)) is not None:
                moment = datetime(day.year, day.month, day.day)
        except ValueError as impossible:  # well-formed, but no such day, hour or offset
            raise CommandError(
                f"--from {text!r} is not a real date or time: {impossible}.", returncode=2
            ) from None
        if moment is None:
            raise CommandError(
                f"--from {text!r} is not a date or time; use e.g. 2026-12-01 or "
                "2026-12-01T08:00+01:00.",
                returncode=2,
            )
        if not moment_in_range(moment):
            raise CommandError(f"--from {text!r} {MOMENT_MESSAGE}.", returncode=2)
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def do_activate(
        self, *, number: int, effective_from: str | None, email: str | None, **_: Any
    ) -> None:
        version = agreement_version_get(number=number)
        actor = self._user(email) if email else None
        when = self._when(effective_from) if effective_from else None
        version = agreement_version_activate(version=version, actor=actor, effective_from=when)
        local = timezone.localtime(version.effective_from)
        if version.status == AgreementVersion.Status.ACTIVE:
            self.stdout.write(f"Version {number} is in force since {local:%Y-%m-%d %H:%M %Z}.")
        else:
            self.stdout.write(f"Version {number} will be in force from {local:%Y-%m-%d %H:%M %Z}.")

    def do_show(self, *, number: int | None, format: str, lang: str | None, **_: Any) -> None:
        if number is None:
            version = agreement_active()
            if version is None:
                raise CommandError(
                    "No agreement version is in force; give a version number "
                    "(agreement list) or activate one.",
                    returncode=1,
                )
        else:
            version = agreement_version_get(number=number)
        if format == "yaml":
            # The exact text that was proposed and signed (JSON is valid YAML too).
            self.stdout.write(version.source_text, ending="")
            return
        self.stdout.write(agreement_render(version=version, fmt=format, lang=lang), ending="")

    def do_diff(self, *, a: int, b: int, **_: Any) -> None:
        changes = agreement_version_diff(
            a=agreement_version_get(number=a), b=agreement_version_get(number=b)
        )
        if not changes:
            self.stdout.write(f"Versions {a} and {b} are the same, clause by clause.")
            return
        rows = [["CLAUSE", "CHANGE", f"IN {a}", f"IN {b}"]]
        for change in changes:
            old, new = _narrow(change.old, change.new)
            rows.append([change.clause, change.change, _compact(old), _compact(new)])
        self.stdout.write(_table(rows))

    def do_list(self, **_: Any) -> None:
        versions = list(agreement_version_list())
        if not versions:
            self.stdout.write("No versions yet; propose one with: agreement propose FILE")
            return
        rows = [["VERSION", "STATUS", "PROPOSED", "BY", "SIGNED BY", "IN FORCE FROM"]]
        for version in versions:
            signed = [s.signer.email for s in agreement_version_signatures(version=version)]
            effective = version.effective_from
            rows.append(
                [
                    str(version.number),
                    version.status,
                    f"{timezone.localtime(version.proposed_at):%Y-%m-%d %H:%M}",
                    version.proposed_by.email if version.proposed_by else "—",
                    ", ".join(signed) or "—",
                    f"{timezone.localtime(effective):%Y-%m-%d %H:%M}" if effective else "—",
                ]
            )
        self.stdout.write(_table(rows))
