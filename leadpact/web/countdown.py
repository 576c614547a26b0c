"""The SLA countdown of a handoff as the queue shows it.

The colour follows the agreement's reminder points (`handoff.sla.reminders`, percent of the
allowed business time elapsed): amber from the first, red from the second and at the breach.
"""

from dataclasses import dataclass
from datetime import datetime

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import version_agreement
from leadpact.leads.models import Handoff
from leadpact.sla.clock import (
    BusinessCalendar,
    calendar_add_business_hours,
    calendar_business_hours_between,
    calendar_from_agreement,
)

OK, AMBER, RED = "ok", "amber", "red"


@dataclass(frozen=True)
class Countdown:
    deadline: datetime
    hours_left: float  # business hours; negative once the deadline has passed
    percent: int  # of the allowed business time elapsed
    level: str  # ok | amber | red
    breached: bool
    done: bool = False  # the deadline was met (accepted, contacted)


@dataclass(frozen=True)
class HandoffClock:
    accept: Countdown | None
    first_contact: Countdown | None


def level_for(percent: float, reminders: tuple[int, ...], breached: bool) -> str:
    if breached or (len(reminders) >= 2 and percent >= reminders[1]):
        return RED
    if reminders and percent >= reminders[0]:
        return AMBER
    return OK


class SlaClock:
    """Countdowns at one instant; calendars are built once per agreement version."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._calendars: dict[int, tuple[BusinessCalendar, tuple[int, ...]]] = {}

    def _calendar(self, version: AgreementVersion) -> tuple[BusinessCalendar, tuple[int, ...]]:
        if version.pk not in self._calendars:
            agreement = version_agreement(version=version)
            self._calendars[version.pk] = (
                calendar_from_agreement(agreement.calendar),
                tuple(sorted(agreement.handoff.sla.reminders)),
            )
        return self._calendars[version.pk]

    def _countdown(
        self,
        handoff: Handoff,
        deadline: datetime,
        met_at: datetime | None,
        breached_at: datetime | None,
    ) -> Countdown | None:
        if handoff.agreement_version is None:
            return None
        calendar, reminders = self._calendar(handoff.agreement_version)
        until = met_at or self.now
        total = calendar_business_hours_between(calendar, handoff.opened_at, deadline)
        elapsed = calendar_business_hours_between(calendar, handoff.opened_at, until)
        if until <= deadline:
            left = calendar_business_hours_between(calendar, until, deadline)
        else:
            left = -calendar_business_hours_between(calendar, deadline, until)
        percent = 100 * elapsed / total if total > 0 else (100 if until >= deadline else 0)
        # The sweep calls a deadline breached once it is reached (`due_at <= now`).
        breached = breached_at is not None or until > deadline or (until == deadline and not met_at)
        return Countdown(
            deadline=deadline,
            hours_left=round(left, 1),
            percent=int(percent),
            level=level_for(percent, reminders, breached),
            breached=breached,
            done=met_at is not None,
        )

    def feedback_due(self, handoff: Handoff | None) -> datetime | None:
        """When sales owes its feedback (clause `feedback.due`), counted from the first contact."""
        if handoff is None or handoff.first_contact_at is None or handoff.agreement_version is None:
            return None
        due = version_agreement(version=handoff.agreement_version).feedback.due
        if due.after != "first_contact":
            return None
        calendar, _ = self._calendar(handoff.agreement_version)
        return calendar_add_business_hours(
            calendar, handoff.first_contact_at, due.within_business_hours
        )

    def of(self, handoff: Handoff | None) -> HandoffClock | None:
        if handoff is None or handoff.state not in (Handoff.State.WAITING, Handoff.State.ACCEPTED):
            return None
        accept = self._countdown(
            handoff, handoff.accept_due_at, handoff.accepted_at, handoff.accept_breached_at
        )
        contact = self._countdown(
            handoff,
            handoff.first_contact_due_at,
            handoff.first_contact_at,
            handoff.contact_breached_at,
        )
        return HandoffClock(accept=accept, first_contact=contact)
