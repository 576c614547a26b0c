"""Which actions on a lead a person is offered, mirroring the lifecycle's guards, and the
forms that carry them."""

from dataclasses import dataclass
from typing import Any

from django import forms

from leadpact.feedback.services import FEEDBACK_STAGES, lead_sales_may_act
from leadpact.leads.models import Handoff, Lead
from leadpact.users.models import User
from leadpact.web.forms import CloseForm, FeedbackForm, FirstContactForm, QualifyForm, RejectForm
from leadpact.web.words import AgreementWords

Stage = Lead.Stage


def may_work(user: User, lead: Lead) -> bool:
    """The owner, the team's manager, an admin; any rep of the team for an unassigned lead."""
    if user.role == User.Role.ADMIN or (lead.owner_id is not None and lead.owner_id == user.pk):
        return True
    if user.role == User.Role.SALES_MANAGER and lead.team and lead.team.manager_id == user.pk:
        return True
    return (
        user.role == User.Role.SALES_REP
        and lead.owner_id is None
        and user.team_id is not None
        and user.team_id == lead.team_id
    )


@dataclass(frozen=True)
class Actions:
    accept: bool = False
    reject: bool = False
    first_contact: bool = False
    qualify: bool = False
    close: bool = False
    feedback: bool = False

    @property
    def any(self) -> bool:
        return any(vars(self).values())


def lead_actions(*, user: User, lead: Lead, handoff: Handoff | None) -> Actions:
    if not may_work(user, lead):
        return Actions()
    working = lead.stage in (Stage.SAL, Stage.SQL)
    return Actions(
        accept=lead.stage == Stage.MQL,
        reject=lead.stage in (Stage.MQL, Stage.SAL),
        first_contact=working and handoff is not None and handoff.first_contact_at is None,
        qualify=working,
        close=working,
        feedback=lead.stage in FEEDBACK_STAGES and lead_sales_may_act(actor=user, lead=lead),
    )


FORMS: dict[str, type[forms.Form]] = {
    "reject": RejectForm,
    "first_contact": FirstContactForm,
    "qualify": QualifyForm,
    "close": CloseForm,
    "feedback": FeedbackForm,
}
WORDED = {"reject", "feedback"}


def action_form(name: str, *, lead: Lead, words: AgreementWords, data: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"auto_id": f"lead{lead.pk}-{name}-%s"}
    if name in WORDED:
        kwargs["words"] = words
    return FORMS[name](data, **kwargs)


def action_forms(
    *, lead: Lead, words: AgreementWords, bound: dict[str, forms.Form] | None = None
) -> dict[str, forms.Form]:
    """An unbound form per action (ids unique per lead, so a page may list many leads), or
    the bound one that failed validation."""
    bound = bound or {}
    return {
        name: bound[name] if name in bound else action_form(name, lead=lead, words=words)
        for name in FORMS
    }
