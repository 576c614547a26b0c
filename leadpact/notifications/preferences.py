"""Who hears about what, on which channel: the defaults by role, and the user's own choices.

Everyone sees every notification in the app. E-mail goes by default to the people the
agreement asks to act at once: reps for a new lead and for reminders, managers for an
escalation and for a lead nobody in the team could take, anyone whose signature a proposed
agreement waits for, and the agreement's report recipients.
"""

from django.db.models import QuerySet

from leadpact.notifications.batching import batch_memo
from leadpact.notifications.models import Channel, ChannelPreference, Notification
from leadpact.users.models import User

K = Notification.Kind
CHOOSABLE = (Channel.IN_APP, Channel.EMAIL)

DEFAULT_EMAIL: dict[str, frozenset[str]] = {
    User.Role.SALES_REP: frozenset({K.LEAD_ASSIGNED, K.LEAD_REASSIGNED, K.SLA_REMINDER}),
    User.Role.SALES_MANAGER: frozenset({K.SLA_ESCALATION, K.LEAD_QUEUED}),
}
# Only the people a version names get these (its signers; its `reporting.recipients`, who
# are promised the report by e-mail with the workbook attached), whatever their role.
DEFAULT_EMAIL_FOR_EVERYONE = frozenset({K.AGREEMENT_TO_SIGN, K.REPORT_READY})


def channel_default(*, role: str, kind: str, channel: str) -> bool:
    if channel == Channel.IN_APP:
        return True
    if channel == Channel.EMAIL:
        return kind in DEFAULT_EMAIL_FOR_EVERYONE or kind in DEFAULT_EMAIL.get(role, frozenset())
    return False


def channel_preference_rows(*, user: User) -> QuerySet[ChannelPreference]:
    return ChannelPreference.objects.filter(user=user)


def channels_for(*, user: User, kind: str) -> list[str]:
    """The channels `user` wants `kind` on: their own choice where made, else the default."""
    chosen = batch_memo(
        ("channels", user.pk, kind),
        lambda: dict(
            ChannelPreference.objects.filter(user=user, kind=kind).values_list("channel", "enabled")
        ),
    )
    return [
        channel
        for channel in CHOOSABLE
        if chosen.get(channel, channel_default(role=user.role, kind=kind, channel=channel))
    ]


def channel_preferences(*, user: User) -> dict[str, dict[str, bool]]:
    """kind → channel → on/off for every kind, defaults filled in."""
    chosen = {
        (kind, channel): enabled
        for kind, channel, enabled in channel_preference_rows(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }
    return {
        kind: {
            channel: chosen.get(
                (kind, channel), channel_default(role=user.role, kind=kind, channel=channel)
            )
            for channel in CHOOSABLE
        }
        for kind in K.values
    }
