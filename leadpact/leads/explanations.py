"""A lead's `why` in the reader's language.

The stored `why` is written when the lead is judged, in the agreement's language. A reader
using the other language gets the same reasons re-told: the engine judges the lead again, as of
the moment the reasons were written (`judged_at`; a lead judged before it was kept: its last
change), under the same version compiled in the reader's language. Only a re-telling that
reaches the same clauses, in the same order, is shown; anything else keeps the stored words,
so the page never explains a different decision than the one that was made.
"""

from typing import Any

from django.conf import settings

from leadpact.agreements.rules import Agreement, evaluate
from leadpact.agreements.selectors import version_agreement
from leadpact.leads.evaluation import lead_facts, lead_touch_facts
from leadpact.leads.models import Lead

# (id of the parsed agreement, language) → (that agreement, kept alive; its translation)
_TRANSLATED: dict[tuple[int, str], tuple[Agreement, Agreement]] = {}


def lead_why_in(*, lead: Lead, language: str) -> list[dict[str, Any]]:
    stored: list[dict[str, Any]] = list(lead.why or [])
    version = lead.assessed_version
    if not stored or version is None:
        return stored
    agreement = version_agreement(version=version)
    if language == agreement.language or language not in dict(settings.LANGUAGES):
        return stored
    if lead.get_deferred_fields():
        # A lead read for a page's few columns: judging again reads all of them.
        lead = Lead.objects.select_related("account").get(pk=lead.pk)
    judged_at = lead.judged_at or lead.updated_at
    facts = lead_facts(lead=lead, touches=lead_touch_facts(lead.pk), now=judged_at)
    reasons = evaluate(_translated(agreement, language), facts).trace
    if [reason.clause for reason in reasons] != [entry.get("clause") for entry in stored]:
        return stored
    return [{"clause": r.clause, "text": r.text, "facts": dict(r.facts)} for r in reasons]


def _translated(agreement: Agreement, language: str) -> Agreement:
    key = (id(agreement), language)
    if key not in _TRANSLATED:
        _TRANSLATED[key] = (agreement, agreement.model_copy(update={"language": language}))
    return _TRANSLATED[key][1]
