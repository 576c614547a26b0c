import hashlib
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from leadpact.agreements.rules.schema_common import TEAM_PATTERN
from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record
from leadpact.core.emails import email_normalize
from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.users.models import ApiToken, Team, User
from leadpact.users.selectors import token_active_get

TOKEN_PREFIX = "lp_"
ALL_SCOPES = [scope.value for scope in ApiToken.Scope]
ADMIN_ONLY_SCOPES = [ApiToken.Scope.PRIVACY_ADMIN.value]
# The agreement names teams by slug (TeamSlug): a team it cannot name could never be routed to.
TEAM_SLUG_MAX = 50
EMAIL_MAX = User._meta.get_field("email").max_length or 254
USER_NAME_MAX = User._meta.get_field("name").max_length or 200
TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length or 100


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def team_get_or_create(*, slug: str, name: str | None = None) -> Team:
    team_slug_check(slug)
    team, _ = Team.objects.get_or_create(slug=slug, defaults={"name": name or slug})
    return team


def team_slug_check(slug: str) -> None:
    if len(slug) > TEAM_SLUG_MAX or not re.fullmatch(TEAM_PATTERN, slug):
        raise ApplicationError(
            f"{slug!r} is not a team slug: lower-case letters, digits, - and _, starting with a "
            f"letter, at most {TEAM_SLUG_MAX} characters (e.g. inside-sales).",
            status=422,
        )


def length_check(*, what: str, value: str, limit: int) -> None:
    """Refused here, not by the database: PostgreSQL would fail the write, SQLite store it."""
    if len(value) > limit:
        raise ApplicationError(
            f"The {what} is {len(value)} characters long; at most {limit} fit.", status=422
        )


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    password: str | None,
    name: str = "",
    team_slug: str | None = None,
    language: str = "pl",
    actor: User | None = None,
    ip: str | None = None,
) -> User:
    email = email_normalize(email)
    length_check(what="e-mail", value=email, limit=EMAIL_MAX)
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(f"{email!r} is not an e-mail address.", status=422) from None
    length_check(what="name", value=name, limit=USER_NAME_MAX)
    _check_role(role)
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
    audit_record(
        actor=actor,
        action=AuditEntry.Action.USER_CREATED,
        target_type="user",
        target_id=user.pk,
        ip=ip,
        details={"role": role, "team": team.slug if team else None},
    )
    return user


def _check_role(role: str) -> None:
    if role not in User.Role.values:
        raise ApplicationError(
            f"Unknown role {role!r}; choose one of: {', '.join(User.Role.values)}.", status=422
        )


@transaction.atomic
def user_role_change(
    *, user: User, role: str, actor: User | None = None, ip: str | None = None
) -> User:
    """Give a user another role; administrators get, and others lose, the admin site."""
    _check_role(role)
    previous = user.role
    if previous == role:
        return user
    user.role = role
    user.is_staff = user.is_superuser = role == User.Role.ADMIN
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    user_role_change_record(user=user, previous=previous, actor=actor, ip=ip)
    return user


def user_role_change_record(
    *, user: User, previous: str, actor: User | None, ip: str | None = None
) -> None:
    """The audit entry of a role change made elsewhere (the admin site's user form)."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.ROLE_CHANGED,
        target_type="user",
        target_id=user.pk,
        ip=ip,
        details={"from": previous, "to": user.role},
    )


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None = None, ip: str | None = None) -> User:
    """Stop a user signing in and their tokens working; their history keeps their id."""
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_deactivate_record(user=user, actor=actor, ip=ip)
    return user


def user_deactivate_record(*, user: User, actor: User | None, ip: str | None = None) -> None:
    audit_record(
        actor=actor,
        action=AuditEntry.Action.USER_DEACTIVATED,
        target_type="user",
        target_id=user.pk,
        ip=ip,
    )


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scopes: list[str] | None = None,
    actor: User | None = None,
    ip: str | None = None,
) -> IssuedToken:
    scopes = token_scopes_check(user=user, scopes=scopes)
    length_check(what="token name", value=name, limit=TOKEN_NAME_MAX)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(secret),
        scopes=sorted(set(scopes)),
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.TOKEN_CREATED,
        target_type="api_token",
        target_id=token.pk,
        ip=ip,
        details={"user": user.pk, "scopes": token.scopes},
    )
    return IssuedToken(token=token, secret=secret)


def token_scopes_default(*, user: User) -> list[str]:
    """Every scope the user's role may hold: `privacy:admin` only for administrators."""
    if user.role == User.Role.ADMIN:
        return list(ALL_SCOPES)
    return [scope for scope in ALL_SCOPES if scope not in ADMIN_ONLY_SCOPES]


def token_scopes_check(*, user: User, scopes: list[str] | None) -> list[str]:
    """The scopes a token for `user` gets (the role's default for None), or why it may not:
    a token that could never authenticate, or never pass its scope check, is refused."""
    if not user.is_active:
        raise ApplicationError(f"{user.email} is deactivated; a token of theirs never works.")
    scopes = token_scopes_default(user=user) if scopes is None else scopes
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ApplicationError(
            f"Unknown scope(s) {', '.join(unknown)}; choose from: {', '.join(ALL_SCOPES)}.",
            status=422,
        )
    beyond = sorted(set(scopes) - set(token_scopes_default(user=user)))
    if beyond:
        raise ApplicationError(
            f"{', '.join(beyond)} is for administrators only, and {user.email} is {user.role}.",
            status=422,
        )
    return scopes


@transaction.atomic
def token_revoke(*, token_id: int, actor: User | None = None, ip: str | None = None) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise NotFound(f"No API token with id {token_id}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TOKEN_REVOKED,
            target_type="api_token",
            target_id=token.pk,
            ip=ip,
            details={"user": token.user_id},
        )
    return token


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token for a presented secret, or None; marks it used at most once a minute."""
    token = token_active_get(key_hash=token_hash(secret))
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
