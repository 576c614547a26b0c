"""A lead's story, newest first: its marketing touches and every event of its timeline, each
decision with the clauses of the agreement behind it in the reader's language."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from leadpact.leads.models import Lead, LeadEvent
from leadpact.touches.models import Touch
from leadpact.users.models import User
from leadpact.web.words import AgreementWords

LIMIT = 200


@dataclass(frozen=True)
class Why:
    clause: str
    text: str


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # touch | the LeadEvent kind
    title: str
    details: list[str] = field(default_factory=list)
    actor: str = ""
    why: list[Why] = field(default_factory=list)


def stage_label(code: str | None) -> str:
    if not code:
        return "—"
    try:
        return str(Lead.Stage(code).label)
    except ValueError:
        return code


def lead_timeline(*, lead: Lead, words: AgreementWords) -> list[Entry]:
    touches = Touch.objects.filter(lead=lead).order_by("-occurred_at", "-id")[:LIMIT]
    events = list(
        LeadEvent.objects.filter(lead=lead).select_related("actor").order_by("-at", "-id")[:LIMIT]
    )
    people = _people(events)
    entries = [_touch(t, words) for t in touches] + [_event(e, words, people) for e in events]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:LIMIT]


def _touch(touch: Touch, words: AgreementWords) -> Entry:
    details = [value for value in (touch.campaign, touch.asset) if value]
    details.append(_("Source: %(source)s") % {"source": touch.source})
    return Entry(
        at=touch.occurred_at,
        kind="touch",
        title=words.touch_types.get(touch.type, touch.type),
        details=details,
    )


def _people(events: Iterable[LeadEvent]) -> dict[str, str]:
    """The names of the people assignments name by e-mail (as the event recorded them)."""
    emails = {
        email
        for event in events
        if event.kind == LeadEvent.Kind.ASSIGNMENT
        for email in ((event.data or {}).get("owner"), (event.data or {}).get("to"))
        if isinstance(email, str) and email
    }
    return {
        email: name
        for email, name in User.objects.filter(email__in=emails).values_list("email", "name")
        if name
    }


def _event(event: LeadEvent, words: AgreementWords, people: dict[str, str]) -> Entry:
    data = event.data or {}
    if event.kind == LeadEvent.Kind.ASSIGNMENT:
        title, details = _assignment(data, people)
    else:
        title, details = DESCRIBE.get(event.kind, _describe_other)(data, words)
    actor = event.actor.name or event.actor.email if event.actor else ""
    clauses = list(dict.fromkeys(event.clause_ids or []))  # each clause once, in order
    why = [Why(clause, words.clauses.get(clause, "")) for clause in clauses]
    return Entry(at=event.at, kind=event.kind, title=title, details=details, actor=actor, why=why)


Described = tuple[str, list[str]]


def _describe_other(data: dict[str, Any], words: AgreementWords) -> Described:
    return _("Lead updated"), []


def _created(data: dict[str, Any], words: AgreementWords) -> Described:
    return _("Lead created"), []


def _stage(data: dict[str, Any], words: AgreementWords) -> Described:
    title = _("Stage: %(from)s → %(to)s") % {
        "from": stage_label(data.get("from")),
        "to": stage_label(data.get("to")),
    }
    details = []
    if data.get("reason") and data.get("to") in (Lead.Stage.NURTURE, Lead.Stage.DISQUALIFIED):
        details.append(_("Reason: %(reason)s") % {"reason": words.reason_label(data["reason"])})
    elif data.get("reason"):
        details.append(_("Reason: %(reason)s") % {"reason": data["reason"]})
    if data.get("note"):
        details.append(_("Note: %(note)s") % {"note": data["note"]})
    if data.get("in_time") is False:
        details.append(_("Accepted after the deadline."))
    if data.get("horizon_months") is not None:
        details.append(
            _("Purchase horizon: %(months)s months") % {"months": data["horizon_months"]}
        )
    if data.get("revenue"):
        details.append(_("Revenue: %(revenue)s") % {"revenue": data["revenue"]})
    return title, details


ASSESSED = {
    "icp_grade": lambda: _("ICP grade"),
    "persona": lambda: _("Persona"),
    "marketing_temperature": lambda: _("Marketing temperature"),
    "sales_temperature": lambda: _("Sales temperature"),
}


def _value(name: str, value: str | None, words: AgreementWords) -> str:
    if not value:
        return "—"
    labels = {
        "persona": words.personas,
        "marketing_temperature": words.marketing_levels,
        "sales_temperature": words.sales_levels,
    }.get(name, {})
    return labels.get(value, value)


def _assessment(data: dict[str, Any], words: AgreementWords) -> Described:
    changes: dict[str, list[str | None]] = dict(data.get("changes") or {})
    if data.get("field"):
        changes[data["field"]] = [data.get("from"), data.get("to")]
    lines = [
        f"{ASSESSED[name]() if name in ASSESSED else name}: "
        f"{_value(name, before, words)} → {_value(name, after, words)}"
        for name, (before, after) in changes.items()
    ]
    return _("Assessment changed"), lines


def _assignment(data: dict[str, Any], people: dict[str, str]) -> Described:
    """People by name; by e-mail only when no user has it any more."""
    if data.get("reassigned"):
        to = data.get("to")
        return _("Reassigned to %(owner)s") % {"owner": people.get(to, to) if to else "—"}, []
    if data.get("owner"):
        title = _("Handed to %(owner)s (team %(team)s)") % {
            "owner": people.get(data["owner"], data["owner"]),
            "team": data.get("team") or "—",
        }
    else:
        title = _("Waiting in the queue of team %(team)s") % {"team": data.get("team") or "—"}
    return title, []


def _sla(data: dict[str, Any], words: AgreementWords) -> Described:
    event = data.get("event")
    if event == "reminder":
        return _("Reminder %(number)s sent") % {"number": data.get("number", "")}, []
    if event == "breach":
        return _("Deadline to accept missed"), []
    if event == "contact_breach":
        return _("Deadline for the first contact missed"), []
    if event == "escalation":
        return _("Escalated to the team's manager"), []
    if event == "first_contact":
        details = [] if data.get("in_time", True) else [_("After the deadline.")]
        return _("First contact recorded"), details
    return _("SLA event"), []


def _feedback(data: dict[str, Any], words: AgreementWords) -> Described:
    event = data.get("event")
    if event == "information_requested":
        return _("Information requested from marketing"), [str(data.get("question", ""))]
    if event == "information_answered":
        return _("Marketing answered an information request"), [str(data.get("answer", ""))]
    labels = {q.id: q.label for q in words.questions}
    details = [
        f"{labels.get(key, key)} {answer}" for key, answer in (data.get("answers") or {}).items()
    ]
    if data.get("interesting"):
        details.append(_("One of the most interesting contacts."))
    return _("Feedback from sales"), details


DESCRIBE: dict[str, Callable[[dict[str, Any], AgreementWords], Described]] = {
    LeadEvent.Kind.CREATED: _created,
    LeadEvent.Kind.STAGE: _stage,
    LeadEvent.Kind.ASSESSMENT: _assessment,
    LeadEvent.Kind.SLA: _sla,
    LeadEvent.Kind.FEEDBACK: _feedback,
}
