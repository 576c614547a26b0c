from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadpact.users.models import User
from leadpact.web.access import ALL_ROLES, role_required, user_of
from leadpact.web.selectors import marketing_overview, queue_for, table_items, team_overview
from leadpact.web.views.leads import words_now

R = User.Role


@role_required(ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing now: a rep's waiting leads, a manager's late and waiting team leads,
    marketing's open information requests and MQL counts, an admin's links."""
    user = user_of(request)
    context: dict[str, object] = {"role": user.role, "words": words_now()}
    if user.role in (R.SALES_REP, R.SALES_MANAGER):
        queue = queue_for(user=user)
        context.update(queue=queue, waiting_items=table_items(queue.waiting))
    if user.role in (R.SALES_MANAGER, R.ADMIN):
        team = team_overview(user=user)
        context.update(
            team=team,
            late_items=table_items(team.late),
            team_waiting_items=table_items(team.waiting),
        )
    if user.role in (R.MARKETING, R.ADMIN):
        context["marketing"] = marketing_overview()
    return render(request, "web/home.html", context)
