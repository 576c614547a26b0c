"""The feedback digest (article, part 5): how much sales told marketing in the period, the
contacts sales found most interesting and why, and the information requests sales asked for.

Read from the feedback itself (one row per conversation) and marketing's to-do list of
information requests, not from the timeline: an answered request writes a timeline event of
its own, which the digest would count as a second conversation.
"""

from django.db.models import Count, Q

from leadpact.feedback.models import Feedback, InformationRequest
from leadpact.reports.context import ReportContext
from leadpact.reports.numbers import between

INTERESTING_LIMIT = 10


def _answered(question_id: str) -> Q:
    return Q(answers__has_key=question_id) & ~Q(**{f"answers__{question_id}": ""})


def feedback_digest(*, ctx: ReportContext, limit: int = INTERESTING_LIMIT) -> dict[str, object]:
    questions = ctx.governing.feedback.questions
    given = Feedback.objects.filter(
        between("created_at", ctx.period.start, ctx.period.end)
    ).order_by()
    found = given.aggregate(
        count=Count("id"),
        leads=Count("lead_id", distinct=True),
        interesting=Count("id", filter=Q(interesting=True)),
        **{f"answer_{q.id}": Count("id", filter=_answered(q.id)) for q in questions},
    )
    # Asked in the period, and where each stands now.
    requests = (
        InformationRequest.objects.filter(between("created_at", ctx.period.start, ctx.period.end))
        .order_by()
        .aggregate(
            total=Count("id"),
            answered=Count("id", filter=Q(status=InformationRequest.Status.ANSWERED)),
        )
    )
    why = next((q.id for q in questions if q.kind == "contacts"), None)
    contacts = [
        {
            "lead_id": lead_id,
            "lead": email,
            "at": at.isoformat(),
            "why": str((answers or {}).get(why, "")) if why else "",
        }
        for lead_id, email, at, answers in given.filter(interesting=True)
        .order_by("-created_at", "-id")
        .values_list("lead_id", "lead__email", "created_at", "answers")[:limit]
    ]
    return {
        "source": "feedback",
        "count": found["count"],
        "leads": found["leads"],
        "interesting": found["interesting"],
        "answers": {q.id: found[f"answer_{q.id}"] for q in questions},
        "information_requests": {
            "total": requests["total"],
            "open": requests["total"] - requests["answered"],
            "answered": requests["answered"],
        },
        "interesting_contacts": contacts,
    }
