import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.users.models import ApiToken, Team, User

TOKEN_PREFIX = "lp_"
ALL_SCOPES = [scope.value for scope in ApiToken.Scope]


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def team_get_or_create(*, slug: str, name: str | None = None) -> Team:
    team, _ = Team.objects.get_or_create(slug=slug, defaults={"name": name or slug})
    return team


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    password: str | None,
    name: str = "",
    team_slug: str | None = None,
    language: str = "pl",
) -> User:
    email = email.strip().lower()
    if role not in User.Role.values:
        raise ApplicationError(
            f"Unknown role {role!r}; choose one of: {', '.join(User.Role.values)}.", status=422
        )
    if User.objects.filter(email=email).exists():
        raise ApplicationError(f"A user with the e-mail {email} already exists.", status=409)
    team = team_get_or_create(slug=team_slug) if team_slug else None
    user = User.objects.create_user(
        email,
        password,
        name=name,
        role=role,
        team=team,
        language=language,
        is_staff=role == User.Role.ADMIN,
        is_superuser=role == User.Role.ADMIN,
    )
    if team is not None and role == User.Role.SALES_MANAGER and team.manager_id is None:
        team.manager = user
        team.save(update_fields=["manager"])
    return user


def token_create(*, user: User, name: str, scopes: list[str] | None = None) -> IssuedToken:
    scopes = ALL_SCOPES if scopes is None else scopes
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ApplicationError(
            f"Unknown scope(s) {', '.join(unknown)}; choose from: {', '.join(ALL_SCOPES)}.",
            status=422,
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(secret),
        scopes=sorted(set(scopes)),
    )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        raise NotFound(f"No API token with id {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token for a presented secret, or None; marks it used at most once a minute."""
    token = (
        ApiToken.objects.select_related("user", "user__team")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
