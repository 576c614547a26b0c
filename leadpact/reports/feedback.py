"""The feedback digest (article, part 5): how much sales told marketing in the period, the
contacts sales found most interesting and why, and the information requests.

There is no Feedback model yet: this reads the leads' timeline events of kind `feedback`, whose
data is `{"answers": {question_id: text}, "interesting": bool}`, and reports zeros when there
are none. It is the one function to point at a Feedback model (and its information requests
with their open / answered state) once that exists.
"""

from django.db.models import Count, Q

from leadpact.leads.models import LeadEvent
from leadpact.reports.context import ReportContext
from leadpact.reports.numbers import between

INTERESTING_LIMIT = 10


def _answered(question_id: str) -> Q:
    return Q(data__answers__has_key=question_id) & ~Q(**{f"data__answers__{question_id}": ""})


def feedback_digest(*, ctx: ReportContext, limit: int = INTERESTING_LIMIT) -> dict[str, object]:
    questions = ctx.governing.feedback.questions
    events = LeadEvent.objects.filter(
        between("at", ctx.period.start, ctx.period.end), kind=LeadEvent.Kind.FEEDBACK
    ).order_by()
    requests = Q()
    for question in questions:
        if question.kind == "information_request":
            requests |= _answered(question.id)
    found = events.aggregate(
        count=Count("id"),
        leads=Count("lead_id", distinct=True),
        interesting=Count("id", filter=Q(data__interesting=True)),
        **{f"answer_{q.id}": Count("id", filter=_answered(q.id)) for q in questions},
        **({"requests": Count("id", filter=requests)} if requests else {}),
    )
    found.setdefault("requests", 0)
    why = next((q.id for q in questions if q.kind == "contacts"), None)
    contacts = [
        {
            "lead_id": lead_id,
            "lead": email,
            "at": at.isoformat(),
            "why": str((data.get("answers") or {}).get(why, "")) if why else "",
        }
        for lead_id, email, at, data in events.filter(data__interesting=True)
        .order_by("-at", "-id")
        .values_list("lead_id", "lead__email", "at", "data")[:limit]
    ]
    return {
        "source": "lead_events",
        "count": found["count"],
        "leads": found["leads"],
        "interesting": found["interesting"],
        "answers": {q.id: found[f"answer_{q.id}"] for q in questions},
        # Without a request model nothing can be marked answered yet: every request is open.
        "information_requests": {
            "total": found["requests"],
            "open": found["requests"],
            "answered": 0,
        },
        "interesting_contacts": contacts,
    }
