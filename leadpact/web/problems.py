"""A service's refusal as a message for the person on the page, in their language.

Services speak English to the API; the web says the same in the reader's language by the
status and the field the refusal names.
"""

from django.utils.translation import gettext as _

from leadpact.core.exceptions import ApplicationError
from leadpact.leads.models import Lead
from leadpact.web.timeline import stage_label

FIELD_MESSAGES = {
    "reason": lambda: _("Choose one of the agreement's rejection reasons."),
    "note": lambda: _("This reason needs a note: the agreement requires one."),
    "revenue": lambda: _("A won deal needs its revenue."),
    "at": lambda: _("The first contact must lie between the handoff and now."),
    "meeting_at": lambda: _("The meeting must be within a year of today."),
    "answer": lambda: _("Write the answer."),
    "question": lambda: _("Write the question."),
}


def problem_text(error: ApplicationError, *, lead: Lead | None = None) -> str:
    fields = [item.get("field", "") for item in error.extra or [] if isinstance(item, dict)]
    for name in fields:
        if name in FIELD_MESSAGES:
            return FIELD_MESSAGES[name]()
        if name.startswith("answers."):
            return _("Answer the questions the agreement requires.")
    if error.status == 403:
        return _("You may not do this for this lead.")
    if error.status == 404:
        return _("This item does not exist or is not yours to see.")
    if error.status == 409 and lead is not None:
        lead.refresh_from_db(fields=["stage", "owner"])
        return _("This cannot be done now: the lead is “%(stage)s”.") % {
            "stage": stage_label(lead.stage)
        }
    if error.status == 409:
        return _("This cannot be done now: it was already done or the agreement does not allow it.")
    return _("That did not work. Check the form and try again.")
