from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from leadpact.core.commands import command_error, read_password
from leadpact.core.exceptions import ApplicationError
from leadpact.users.models import User
from leadpact.users.services import user_create


class Command(BaseCommand):
    help = "Create and list users (roles: admin, marketing, sales_rep, sales_manager)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Create a user; the password is read from stdin or asked for",
            description="Create a user. The password comes from standard input when piped "
            "(echo 'secret' | leadpact user create …), otherwise it is asked for twice.",
        )
        create.add_argument("email", help="the user's e-mail, used to sign in")
        create.add_argument("--role", required=True, choices=User.Role.values, help="what they do")
        create.add_argument("--team", help="sales team slug (created if new)")
        create.add_argument("--name", default="", help="full name shown to colleagues")
        create.add_argument("--language", default="pl", choices=["pl", "en"], help="UI language")
        sub.add_parser("list", help="List users with their roles and teams")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for user in User.objects.select_related("team"):
                team = user.team.slug if user.team else "-"
                state = "" if user.is_active else " (inactive)"
                self.stdout.write(f"{user.email:<40} {user.role:<14} {team}{state}")
            return
        password = read_password()
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=2) from None
        try:
            user = user_create(
                email=options["email"],
                role=options["role"],
                password=password,
                name=options["name"],
                team_slug=options["team"],
                language=options["language"],
            )
        except ApplicationError as exc:
            raise command_error(exc) from None
        self.stdout.write(f"created {user.email} ({user.role})")
