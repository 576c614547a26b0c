from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadpact.users.models import User
from leadpact.web.access import ALL_ROLES, role_required, user_of
from leadpact.web.home_selectors import agreement_pending, first_contacts_due, marketing_news
from leadpact.web.selectors import marketing_overview, queue_for, table_items, team_overview
from leadpact.web.views.leads import words_now

R = User.Role


@role_required(ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing now: a rep's waiting leads and first contacts coming due, a manager's
    late and waiting team leads, marketing's open information requests and newest MQLs, the
    agreement versions waiting for this person's (an admin: anyone's) signature."""
    user = user_of(request)
    context: dict[str, object] = {
        "role": user.role,
        "words": words_now(),
        "pending_versions": agreement_pending(user=user),
    }
    if user.role in (R.SALES_REP, R.SALES_MANAGER):
        queue = queue_for(user=user)
        context.update(
            queue=queue,
            waiting_items=table_items(queue.waiting),
            due_items=table_items(first_contacts_due(queue.accepted)),
        )
    if user.role in (R.SALES_MANAGER, R.ADMIN):
        team = team_overview(user=user)
        context.update(
            team=team,
            late_items=table_items(team.late),
            team_waiting_items=table_items(team.waiting),
            team_unassigned=sum(1 for row in team.waiting if row.lead.owner_id is None),
        )
    if user.role in (R.MARKETING, R.ADMIN):
        context["marketing"] = marketing_overview()
        context["marketing_news"] = marketing_news()
    return render(request, "web/home.html", context)
