from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadpact.web.access import SALES_ROLES, role_required, user_of
from leadpact.web.actions import action_forms, lead_actions
from leadpact.web.selectors import LeadRow, TableItem, queue_for
from leadpact.web.views.leads import words_now
from leadpact.web.words import NO_AGREEMENT


@role_required(SALES_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    """My queue: waiting for me (with countdowns), the team's unassigned leads, then my
    accepted and qualified leads, each with its actions inline."""
    user = user_of(request)
    words = words_now()
    mine = queue_for(user=user)

    def with_actions(rows: list[LeadRow]) -> list[TableItem]:
        return [
            TableItem(
                row=row,
                actions=lead_actions(user=user, lead=row.lead, handoff=row.handoff),
                forms=action_forms(lead=row.lead, words=words),
            )
            for row in rows
        ]

    sections = [
        ("waiting", with_actions(mine.waiting)),
        ("team", with_actions(mine.team)),
        ("accepted", with_actions(mine.accepted)),
        ("qualified", with_actions(mine.qualified)),
    ]
    return render(
        request,
        "web/queue.html",
        {
            "sections": sections,
            "queue": mine,
            "words": words,
            "in_force": words is not NO_AGREEMENT,
            "next": request.path,
        },
    )
