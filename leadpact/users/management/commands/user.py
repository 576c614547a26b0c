from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from leadpact.core.commands import command_error, read_password, service_checked, text_at_most
from leadpact.core.exceptions import ApplicationError
from leadpact.leads.models import Handoff
from leadpact.users.models import User
from leadpact.users.selectors import user_by_email
from leadpact.users.services import (
    EMAIL_MAX,
    USER_NAME_MAX,
    team_slug_check,
    user_create,
    user_deactivate,
    user_role_change,
)


class Command(BaseCommand):
    help = "Create, list, change the role of and deactivate users (roles: admin, marketing, sales_rep, sales_manager)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Create a user; the password is read from stdin or asked for",
            description="Create a user. The password comes from standard input when piped "
            "(echo 'secret' | leadpact user create …), otherwise it is asked for twice.",
        )
        create.add_argument(
            "email", type=text_at_most(EMAIL_MAX), help="the user's e-mail, used to sign in"
        )
        create.add_argument("--role", required=True, choices=User.Role.values, help="what they do")
        create.add_argument(
            "--team",
            type=service_checked(team_slug_check),
            help="sales team slug, e.g. inside-sales (created if new)",
        )
        create.add_argument(
            "--name",
            type=text_at_most(USER_NAME_MAX),
            default="",
            help="full name shown to colleagues",
        )
        create.add_argument("--language", default="pl", choices=["pl", "en"], help="UI language")
        sub.add_parser(
            "list",
            help="List users with their roles and teams",
            description="List every user: e-mail, role, team, and (inactive) for the deactivated.",
        )
        role = sub.add_parser(
            "role",
            help="Give a user another role (recorded in the audit log)",
            description="Give a user another role. Administrators get the admin site; a user "
            "who stops being an administrator loses it. The change is in the audit log.",
        )
        role.add_argument("email", help="the user's e-mail")
        role.add_argument("role", choices=User.Role.values, help="the new role")
        deactivate = sub.add_parser(
            "deactivate",
            help="Stop a user signing in; their API tokens stop working at once",
            description="Stop a user signing in; their API tokens stop working at once. Their "
            "history keeps their name. Leads they still hold stay theirs until a manager "
            "reassigns them (the command says how many); round robin skips them from now on.",
        )
        deactivate.add_argument("email", help="the user's e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
        elif action == "role":
            user = user_role_change(user=self._user(options["email"]), role=options["role"])
            self.stdout.write(f"{user.email} is now {user.role}")
        elif action == "deactivate":
            self._deactivate(options["email"])
        else:
            self._create(options)

    def _list(self) -> None:
        for user in User.objects.select_related("team"):
            team = user.team.slug if user.team else "-"
            state = "" if user.is_active else " (inactive)"
            self.stdout.write(f"{user.email:<40} {user.role:<14} {team}{state}")

    def _user(self, email: str) -> User:
        user = user_by_email(email)
        if user is None:
            raise CommandError(f"No user with the e-mail {email}.", returncode=1)
        return user

    def _deactivate(self, email: str) -> None:
        user = self._user(email)
        if not user.is_active:
            self.stdout.write(f"{user.email} is already inactive; nothing changed")
            return
        user = user_deactivate(user=user)
        self.stdout.write(f"deactivated {user.email}")
        held = Handoff.objects.filter(
            owner=user, state__in=[Handoff.State.WAITING, Handoff.State.ACCEPTED]
        ).count()
        if held:
            self.stdout.write(
                f"{held} open handoff(s) are still theirs: a sales manager reassigns them "
                "on the team page (/team/) or with POST /api/v1/leads/{id}/reassign."
            )

    def _create(self, options: dict[str, Any]) -> None:
        password = read_password()
        try:
            with translation.override("en"):  # the command speaks English, as its other lines
                validate_password(password)
        except ValidationError as exc:
            with translation.override("en"):
                message = " ".join(exc.messages)
            raise CommandError(message, returncode=2) from None
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
