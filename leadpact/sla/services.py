"""The SLA sweep: fire every deadline that has fallen due, exactly once, in time order.

Deadlines live on Handoff rows. Each firing is a guarded UPDATE (`… WHERE marker IS NULL`), so
concurrent sweepers and a sweeper racing a rep's accept can never fire one deadline twice.
Rows are claimed lead-first with SKIP LOCKED (the same lock order as the sales actions, so
they cannot deadlock); a row busy now is simply picked up by the next sweep.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import version_agreement
from leadpact.core.bulk import create_all, update_where
from leadpact.core.collector import collector_paused
from leadpact.core.compiled import CompiledQuery
from leadpact.leads.handoffs import team_next_rep
from leadpact.leads.lifecycle import REASSIGNED, handoff_reassign_to, lead_columns_save
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.batching import batch_memo, notifications_batch
from leadpact.notifications.models import Notification
from leadpact.notifications.outbox import outbox_deferred
from leadpact.notifications.services import notification_enqueue, notifications_batch_wake
from leadpact.privacy.ledger import lead_unrestricted_sql
from leadpact.sla.clock import calendar_add_business_hours, calendar_from_agreement
from leadpact.users.models import Team, User
from leadpact.users.selectors import team_escalation_recipients

W, A = Handoff.State.WAITING, Handoff.State.ACCEPTED


@dataclass
class SweepResult:
    reminders: int = 0
    breaches: int = 0
    contact_breaches: int = 0
    escalations: int = 0
    reassignments: int = 0
    skipped_busy: int = 0
    fired: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.reminders + self.breaches + self.contact_breaches + self.reassignments


# What has fallen due: a reminder, the accept deadline, the first-contact deadline or the
# reassignment — never for a person who objected or was erased (no one is told to call them;
# the handoff row stays as it was, for the reports). One query per kind of deadline, each with
# the condition of its index of open handoffs (`leads.models.Handoff`) written out in full: an
# `OR` of the four made SQLite walk every handoff ever given whose deadline had passed, and
# that grows with the years. Written once as SQL rather than built as a queryset per sweep:
# the history generator sweeps at every deadline, and building and compiling the queryset cost
# more than running it.
_UNRESTRICTED, _UNRESTRICTED_PARAMS = lead_unrestricted_sql("due.lead_id")
_DUE_DEADLINES = 4  # the `now` placeholders, before the condition's own parameters


@functools.cache
def _due_sql(vendor: str) -> str:
    def handoffs(index: str) -> str:
        # SQLite without statistics (an installation never runs ANALYZE) would read the
        # first-contact deadlines through `handoff_contacted_idx`, i.e. every handoff never
        # contacted; `INDEXED BY` holds it to the open ones, and fails loudly if they go.
        table = Handoff._meta.db_table
        return f"{table} INDEXED BY {index}" if vendor == "sqlite" else table

    return f"""
SELECT id, lead_id FROM (
  SELECT id, lead_id, accept_due_at FROM {handoffs("handoff_reminder_due_idx")}
  WHERE state = '{W}' AND next_reminder_at <= %s
  UNION
  SELECT id, lead_id, accept_due_at FROM {handoffs("handoff_accept_due_idx")}
  WHERE state = '{W}' AND accept_breached_at IS NULL AND accept_due_at <= %s
  UNION
  SELECT id, lead_id, accept_due_at FROM {handoffs("handoff_contact_open_idx")}
  WHERE state IN ('{W}', '{A}') AND first_contact_at IS NULL AND contact_breached_at IS NULL
    AND first_contact_due_at <= %s
  UNION
  SELECT id, lead_id, accept_due_at FROM {handoffs("handoff_reassign_open_idx")}
  WHERE state = '{W}' AND reassigned_at IS NULL AND reassign_due_at <= %s
) AS due
WHERE {_UNRESTRICTED}
ORDER BY accept_due_at, id
LIMIT %s"""


def _due_params(now: datetime, limit: int) -> list[Any]:
    at = Handoff._meta.get_field("accept_due_at").get_db_prep_value(now, connection)
    return [*[at] * _DUE_DEADLINES, *_UNRESTRICTED_PARAMS, limit]


def _due(now: datetime, limit: int) -> list[tuple[int, int]]:
    """`(handoff id, lead id)` of what is due at `now`, earliest accept deadline first."""
    with connection.cursor() as cursor:
        cursor.execute(_due_sql(connection.vendor), _due_params(now, limit))
        return [(handoff_id, lead_id) for handoff_id, lead_id in cursor.fetchall()]


def sla_sweep(*, now: datetime | None = None, limit: int = 10_000) -> SweepResult:
    """Fire what is due at `now` (default: the present); returns what was fired."""
    now = now or timezone.now()
    result = SweepResult()
    candidates = _due(now, limit)
    with notifications_batch(wake=notifications_batch_wake), collector_paused():
        for first in range(0, len(candidates), HANDOFFS_PER_COMMIT):
            # The chunk's notifications are written together at its end (two inserts, not two
            # per notice); nothing in it recovers from an error, so nothing deferred is stale.
            with transaction.atomic(), outbox_deferred():
                for handoff_id, lead_id in candidates[first : first + HANDOFFS_PER_COMMIT]:
                    _sweep_one(handoff_id=handoff_id, lead_id=lead_id, now=now, result=result)
    return result


# Handoffs fired per transaction. One commit each made PostgreSQL flush its log to disk for
# every handoff — most of a mass sweep's time; a few dozen per commit hold their leads' locks
# for a fraction of a second (a rep's accept on one of them waits that long; another sweeper
# skips them), and a failure rolls back only what the next sweep fires again.
HANDOFFS_PER_COMMIT = 50


def _skip_locked() -> bool:
    return bool(connection.features.has_select_for_update_skip_locked)


def _lead_query(*, lead_id: int) -> QuerySet[Lead]:
    return Lead.objects.select_for_update(skip_locked=_skip_locked()).filter(pk=lead_id)[:1]


def _handoff_query(*, handoff_id: int) -> QuerySet[Handoff]:
    return Handoff.objects.select_for_update(skip_locked=_skip_locked()).filter(pk=handoff_id)[:1]


# Compiled once per connection: the sweep locks thousands of rows a simulated day.
_LEAD = CompiledQuery(_lead_query)
_HANDOFF = CompiledQuery(_handoff_query)


def _lock(lead_id: int, handoff_id: int) -> tuple[Lead, Handoff] | None:
    lead = _LEAD.first(lead_id=lead_id)
    if lead is None:
        return None
    handoff = _HANDOFF.first(handoff_id=handoff_id)
    if handoff is None:
        return None
    # The team with its manager and the owner, read once per sweep (not joined to each row).
    if handoff.team_id is not None:
        handoff.team = _team(handoff.team_id)
    if handoff.owner_id is not None:
        handoff.owner = _user(handoff.owner_id)
    return lead, handoff


def _team(team_id: int) -> Team:
    return batch_memo(
        ("team", team_id), lambda: Team.objects.select_related("manager").get(pk=team_id)
    )


def _user(user_id: int) -> User:
    return batch_memo(("user", user_id), lambda: User.objects.get(pk=user_id))


def _event(handoff: Handoff, name: str, at: datetime, clause: str, **data: object) -> LeadEvent:
    return LeadEvent(
        lead_id=handoff.lead_id,
        kind=LeadEvent.Kind.SLA,
        at=at,
        agreement_version_id=handoff.agreement_version_id,
        clause_ids=[clause],
        data={"event": name, "handoff_id": handoff.pk, **data},
    )


def _notify(
    kind: str,
    recipient: object,
    handoff: Handoff,
    lead: Lead,
    *,
    webhooks: bool = True,
    **data: object,
) -> None:
    if recipient is None:
        return
    notification_enqueue(
        kind=kind,
        recipient=recipient,  # type: ignore[arg-type]
        payload={"lead_id": lead.pk, "lead": str(lead), "handoff_id": handoff.pk, **data},
        lead_id=lead.pk,
        webhooks=webhooks,
    )


def _notify_each(
    kind: str, recipients: list[User], handoff: Handoff, lead: Lead, **data: object
) -> None:
    """One notice per person (a manager-less team escalates to every admin), but integrations
    hear of the event once."""
    for index, recipient in enumerate(recipients):
        _notify(kind, recipient, handoff, lead, webhooks=index == 0, **data)


def _sweep_one(*, handoff_id: int, lead_id: int, now: datetime, result: SweepResult) -> None:
    locked = _lock(lead_id, handoff_id)
    if locked is None:
        result.skipped_busy += 1
        return
    lead, handoff = locked
    escalate_to = team_escalation_recipients(team=handoff.team if handoff.team_id else None)
    events: list[LeadEvent] = []  # written together, in the order they fired

    # Reminders in order, each once: the guard is the reminder's own index.
    reminders = [datetime.fromisoformat(at) for at in handoff.reminder_due]
    index = handoff.next_reminder
    while handoff.state == W and index < len(reminders) and reminders[index] <= now:
        following = reminders[index + 1] if index + 1 < len(reminders) else None
        if update_where(
            Handoff,
            where={"pk": handoff.pk, "next_reminder": index},
            values={"next_reminder": index + 1, "next_reminder_at": following},
        ):
            events.append(
                _event(
                    handoff, "reminder", reminders[index], "handoff.sla.reminders", number=index + 1
                )
            )
            _notify(Notification.Kind.SLA_REMINDER, handoff.owner, handoff, lead, number=index + 1)
            result.reminders += 1
            result.fired.append((handoff.pk, f"reminder{index + 1}"))
        index += 1

    if handoff.state == W and handoff.accept_due_at <= now:
        breached = {
            "accept_breached_at": handoff.accept_due_at,
            "escalated_at": now,
            "reassign_due_at": _reassign_due(handoff),
        }
        if update_where(
            Handoff,
            where={"pk": handoff.pk, "state": W, "accept_breached_at": None},
            values=breached,
        ):
            # Stamped when they fell due (escalation is `at: breach`), not when a late sweep
            # noticed: after downtime the timeline still reads in the order things happened.
            events.append(_event(handoff, "breach", handoff.accept_due_at, "handoff.sla.accept"))
            events.append(
                _event(
                    handoff,
                    "escalation",
                    handoff.accept_due_at,
                    "handoff.sla.escalation",
                    to=[person.email for person in escalate_to],
                )
            )
            _notify(Notification.Kind.SLA_BREACH, handoff.owner, handoff, lead, deadline="accept")
            _notify_each(
                Notification.Kind.SLA_ESCALATION, escalate_to, handoff, lead, deadline="accept"
            )
            result.breaches += 1
            result.escalations += 1
            result.fired.append((handoff.pk, "breach"))
            # The row is locked: what the update wrote is what it now holds.
            for name, value in breached.items():
                setattr(handoff, name, value)

    if (
        handoff.state in (W, A)
        and handoff.first_contact_due_at <= now
        and handoff.first_contact_at is None
        and update_where(
            Handoff,
            where={"pk": handoff.pk, "contact_breached_at": None},
            values={"contact_breached_at": handoff.first_contact_due_at},
        )
    ):
        events.append(
            _event(
                handoff, "contact_breach", handoff.first_contact_due_at, "handoff.sla.first_contact"
            )
        )
        _notify(
            Notification.Kind.SLA_BREACH, handoff.owner, handoff, lead, deadline="first_contact"
        )
        _notify_each(
            Notification.Kind.SLA_ESCALATION, escalate_to, handoff, lead, deadline="first_contact"
        )
        result.contact_breaches += 1
        result.fired.append((handoff.pk, "contact_breach"))
    create_all(events)

    if (
        handoff.state == W
        and handoff.reassign_due_at is not None
        and handoff.reassign_due_at <= now
        and handoff.reassigned_at is None
        and handoff.team is not None
    ):
        _reassign(lead=lead, handoff=handoff, now=now, result=result)


def _agreement_of(version_id: int) -> Agreement:
    # Read once per sweep, not once per handoff: a version in force never changes.
    return batch_memo(
        ("agreement", version_id),
        lambda: version_agreement(version=AgreementVersion.objects.get(pk=version_id)),
    )


def _reassign_due(handoff: Handoff) -> datetime | None:
    if handoff.agreement_version_id is None:
        return None
    agreement = _agreement_of(handoff.agreement_version_id)
    hours = agreement.handoff.sla.escalation.reassign_after_hours
    if hours is None:
        return None
    calendar = calendar_from_agreement(agreement.calendar)
    return calendar_add_business_hours(calendar, handoff.accept_due_at, hours)


def _reassign(*, lead: Lead, handoff: Handoff, now: datetime, result: SweepResult) -> None:
    agreement = _agreement_of(handoff.agreement_version_id)  # type: ignore[arg-type]
    assert handoff.team is not None
    claimed = update_where(
        Handoff, where={"pk": handoff.pk, "reassigned_at": None}, values={"reassigned_at": now}
    )
    if not claimed:
        return
    # The next rep other than the one who let it lapse (their turn may well be next).
    rep = team_next_rep(
        team=handoff.team,
        capacity_per_day=agreement.handoff.assignment.capacity_per_rep_per_day,
        now=now,
        time_zone=agreement.calendar.time_zone,
        exclude=handoff.owner,
    )
    if rep is None:
        return
    handoff_reassign_to(
        lead=lead,
        to=rep,
        actor=None,
        clause_ids=["handoff.sla.escalation"],
        at=handoff.reassign_due_at,
    )
    lead_columns_save(lead, REASSIGNED)
    result.reassignments += 1
    result.fired.append((handoff.pk, "reassign"))


def sla_time_left(*, handoff: Handoff, now: datetime | None = None) -> timedelta | None:
    if handoff.state != W:
        return None
    return handoff.accept_due_at - (now or timezone.now())
