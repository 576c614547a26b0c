from django.db.models import QuerySet

from leadpact.core.compiled import CompiledQuery
from leadpact.core.emails import email_normalize
from leadpact.users.models import ApiToken, Team, User


def user_by_email(email: str) -> User | None:
    """The user signing in with this e-mail (stored in one spelling), or None."""
    return User.objects.filter(email=email_normalize(email)).first()


def team_escalation_recipients(*, team: Team | None) -> list[User]:
    """Who hears about a team's breaches and its waiting queue: the team's active manager, or,
    for a team without one, every active administrator — an escalation never goes to nobody."""
    if team is not None and team.manager is not None and team.manager.is_active:
        return [team.manager]
    return list(User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk"))


def _active_token_by_hash(*, key_hash: str) -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("user", "user__team").filter(
        key_hash=key_hash, revoked_at__isnull=True, user__is_active=True
    )


# Every API request runs this lookup: compiled once, not per request. Never cached by result,
# so a revoked token or a deactivated user fails on the very next request.
_ACTIVE_TOKEN = CompiledQuery(_active_token_by_hash)


def token_active_get(*, key_hash: str) -> ApiToken | None:
    """The unrevoked token of an active user with this key hash (unique), with its user and team."""
    return _ACTIVE_TOKEN.first(key_hash=key_hash)
