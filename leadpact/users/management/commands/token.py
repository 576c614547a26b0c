from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leadpact.core.commands import command_error, text_at_most
from leadpact.core.emails import email_normalize
from leadpact.core.exceptions import ApplicationError
from leadpact.users.models import ApiToken
from leadpact.users.selectors import user_by_email
from leadpact.users.services import (
    ADMIN_ONLY_SCOPES,
    ALL_SCOPES,
    TOKEN_NAME_MAX,
    token_create,
    token_revoke,
)


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (the secret is shown once)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Create a token for a user and print its secret",
            description="Create an API token that acts as an active user, with the user's role "
            "as its limit, and print its secret once (it is stored only as a hash). "
            f"{', '.join(ADMIN_ONLY_SCOPES)} is for administrators only.",
        )
        create.add_argument("email", help="the user the token acts as")
        create.add_argument(
            "--name", type=text_at_most(TOKEN_NAME_MAX), default="cli", help="what the token is for"
        )
        create.add_argument(
            "--scopes",
            help=f"comma-separated, from: {', '.join(ALL_SCOPES)} (default: all the user's "
            "role may hold)",
        )
        listing = sub.add_parser(
            "list",
            help="List tokens (never their secrets)",
            description="List API tokens: id, prefix, user, name, active or revoked, scopes. "
            "Secrets are never shown; they are not stored.",
        )
        listing.add_argument("email", nargs="?", help="only this user's tokens")
        revoke = sub.add_parser(
            "revoke",
            help="Revoke a token by its id; it stops working at once",
            description="Revoke a token by its id (from `token list`); the next request made "
            "with it is refused. The revocation is in the audit log.",
        )
        revoke.add_argument("id", type=int, help="the token id shown by `token list`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"handle_{options['action']}")(options)
        except ApplicationError as exc:
            raise command_error(exc) from None

    def handle_create(self, options: dict[str, Any]) -> None:
        user = user_by_email(options["email"])
        if user is None:
            raise CommandError(f"No user with the e-mail {options['email']}.", returncode=1)
        scopes = None
        if options["scopes"] is not None:
            scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
            if not scopes:
                raise CommandError(
                    f"--scopes names no scope; choose from: {', '.join(ALL_SCOPES)} "
                    "(or leave --scopes out for all the user's role may hold).",
                    returncode=2,
                )
        issued = token_create(user=user, name=options["name"], scopes=scopes)
        self.stderr.write(
            f"token {issued.token.pk} for {user.email}, scopes: {', '.join(issued.token.scopes)}"
        )
        self.stderr.write("Copy the secret now; it is not stored and cannot be shown again:")
        self.stdout.write(issued.secret)

    def handle_list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["email"]:
            tokens = tokens.filter(user__email=email_normalize(options["email"]))
        for token in tokens:
            state = "revoked" if token.revoked_at else "active"
            self.stdout.write(
                f"{token.pk:>5}  {token.prefix}…  {token.user.email:<32} {token.name:<16} "
                f"{state:<8} {','.join(token.scopes)}"
            )

    def handle_revoke(self, options: dict[str, Any]) -> None:
        earlier = ApiToken.objects.filter(pk=options["id"], revoked_at__isnull=False).first()
        if earlier is not None:
            self.stdout.write(
                f"token {earlier.pk} ({earlier.name}) of {earlier.user.email} is already revoked "
                f"(since {timezone.localtime(earlier.revoked_at):%Y-%m-%d %H:%M}); nothing changed"
            )
            return
        token = token_revoke(token_id=options["id"])
        self.stdout.write(f"revoked token {token.pk} ({token.name}) of {token.user.email}")
