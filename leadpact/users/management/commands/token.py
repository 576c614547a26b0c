from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leadpact.core.commands import command_error
from leadpact.core.exceptions import ApplicationError
from leadpact.users.models import ApiToken
from leadpact.users.selectors import user_by_email
from leadpact.users.services import ALL_SCOPES, token_create, token_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (the secret is shown once)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token for a user and print its secret")
        create.add_argument("email", help="the user the token acts as")
        create.add_argument("--name", default="cli", help="what the token is for")
        create.add_argument(
            "--scopes",
            default=",".join(ALL_SCOPES),
            help=f"comma-separated, from: {', '.join(ALL_SCOPES)} (default: all)",
        )
        listing = sub.add_parser("list", help="List tokens (never their secrets)")
        listing.add_argument("email", nargs="?", help="only this user's tokens")
        revoke = sub.add_parser("revoke", help="Revoke a token by its id; it stops working at once")
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
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        issued = token_create(user=user, name=options["name"], scopes=scopes)
        self.stderr.write(
            f"token {issued.token.pk} for {user.email}, scopes: {', '.join(issued.token.scopes)}"
        )
        self.stderr.write("Copy the secret now; it is not stored and cannot be shown again:")
        self.stdout.write(issued.secret)

    def handle_list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["email"]:
            tokens = tokens.filter(user__email=options["email"].strip().lower())
        for token in tokens:
            state = "revoked" if token.revoked_at else "active"
            self.stdout.write(
                f"{token.pk:>5}  {token.prefix}…  {token.user.email:<32} {token.name:<16} "
                f"{state:<8} {','.join(token.scopes)}"
            )

    def handle_revoke(self, options: dict[str, Any]) -> None:
        token = token_revoke(token_id=options["id"])
        self.stdout.write(f"revoked token {token.pk} ({token.name}) of {token.user.email}")
