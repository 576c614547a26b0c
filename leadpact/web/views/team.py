"""A sales manager's team: its queues with their countdowns, what missed a deadline or was
escalated, moving a lead to another rep, and each rep's SLA compliance this month."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leadpact.agreements.selectors import agreement_active
from leadpact.core.exceptions import ApplicationError
from leadpact.leads.lifecycle import handoff_reassign
from leadpact.leads.models import Lead
from leadpact.users.models import User
from leadpact.web.access import lead_visible, role_required, user_of
from leadpact.web.problems import problem_text
from leadpact.web.selectors import LeadRow, TableItem
from leadpact.web.team_selectors import (
    REASSIGNABLE,
    team_board,
    team_compliance,
    team_reps,
    teams_managed,
)
from leadpact.web.views.leads import back_to, words_now
from leadpact.web.words import NO_AGREEMENT

MANAGER_ROLES = frozenset({User.Role.SALES_MANAGER, User.Role.ADMIN})


class ReassignForm(forms.Form):
    to = forms.TypedChoiceField(label=gettext_lazy("Give to"), coerce=int)

    def __init__(self, *args: Any, reps: list[User], lead: Lead, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"reassign-{lead.pk}-%s")
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.TypedChoiceField)
        teams = {rep.team_id for rep in reps}
        to.choices = [("", _("Choose a rep"))] + [
            (rep.pk, _label(rep, with_team=len(teams) > 1))
            for rep in reps
            if rep.pk != lead.owner_id
        ]


def _label(rep: User, *, with_team: bool) -> str:
    name = rep.name or rep.email
    return f"{name} ({rep.team})" if with_team and rep.team else name


def reassign_targets(*, user: User, lead: Lead) -> list[User]:
    """The reps a lead may go to: its team's, or every team's for an admin (who may move a
    lead across teams)."""
    if user.role == User.Role.ADMIN:
        return team_reps(teams=list(teams_managed(user=user)))
    return team_reps(teams=[lead.team]) if lead.team else []


@role_required(MANAGER_ROLES)
def team(request: HttpRequest) -> HttpResponse:
    """The manager's teams (an admin's: all, or one chosen with `?team=`), each with its
    queues, its missed deadlines and the reps' SLA compliance this month."""
    user = user_of(request)
    teams = list(teams_managed(user=user))
    chosen = request.GET.get("team", "")
    shown = [t for t in teams if t.slug == chosen] or teams
    boards = [team_board(team=t) for t in shown]
    every_rep = team_reps(teams=teams) if user.role == User.Role.ADMIN else []

    def items(rows: list[LeadRow], reps: list[User]) -> list[TableItem]:
        return [
            TableItem(
                row=row,
                forms={"reassign": ReassignForm(reps=every_rep or reps, lead=row.lead)}
                if row.lead.stage in REASSIGNABLE
                else {},
            )
            for row in rows
        ]

    shown_boards = [
        {
            "board": board,
            "unassigned": items(board.unassigned, board.reps),
            "per_rep": [(q.rep, items(q.waiting, board.reps)) for q in board.per_rep],
            "late": items(board.late, board.reps),
        }
        for board in boards
    ]
    words = words_now()
    return render(
        request,
        "web/team.html",
        {
            "teams": teams,
            "chosen": chosen if len(shown) == 1 and len(teams) > 1 else "",
            "boards": shown_boards,
            "compliance": team_compliance(reps=[r for b in boards for r in b.reps]),
            "words": words,
            "in_force": words is not NO_AGREEMENT,
            "next": request.get_full_path(),
        },
    )


@require_POST
@role_required(MANAGER_ROLES)
def team_reassign(request: HttpRequest, lead_id: int) -> HttpResponse:
    """Give a lead of the team to another rep: the new owner is notified (clause
    `handoff.assignment`), the timeline records who moved it."""
    user = user_of(request)
    lead = lead_visible(request, lead_id)
    if user.role != User.Role.ADMIN and (lead.team is None or lead.team.manager_id != user.pk):
        raise Http404
    form = ReassignForm(request.POST, reps=reassign_targets(user=user, lead=lead), lead=lead)
    if agreement_active() is None:
        messages.error(request, _("No agreement is in force yet, so leads cannot be worked."))
    elif not form.is_valid():
        messages.error(request, _("Choose an active rep of the team to give the lead to."))
    else:
        to = User.objects.get(pk=form.cleaned_data["to"])
        try:
            handoff_reassign(lead_id=lead.pk, actor=user, to=to)
        except ApplicationError as refused:
            messages.error(request, problem_text(refused, lead=lead))
        else:
            messages.success(
                request,
                _("%(lead)s now belongs to %(rep)s, who has been notified.")
                % {"lead": lead, "rep": to.name or to.email},
            )
    return back_to(request, lead)
