"""Nurture leads whose waiting period has just ended.

The re-entry rule (`handoff.nurture.reentry`) lets a rejected lead back to sales once it is hot
again *and* enough days have passed since the rejection. A lead that grew hot during the wait
has no new touch when the wait ends, so nothing else would judge it again: this sweep does.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef

from leadpact.agreements.selectors import agreement_active, version_agreement
from leadpact.leads.evaluation import EvaluationResult, leads_evaluate
from leadpact.leads.models import Lead
from leadpact.touches.models import Touch

BATCH = 500


def nurture_reentry_sweep(*, now: datetime) -> EvaluationResult:
    """Re-judge the nurture leads whose wait ended, with a touch since their rejection.

    Safe to repeat: a lead that re-entered has left nurture, and one that did not is judged
    again with the same answer and no new event.
    """
    version = agreement_active()
    if version is None:
        return EvaluationResult(0, 0, 0)
    reentry = version_agreement(version=version).handoff.nurture.reentry
    if reentry is None:
        return EvaluationResult(0, 0, 0)
    touched_since_rejection = Touch.objects.filter(
        lead_id=OuterRef("pk"), occurred_at__gt=OuterRef("rejected_at")
    )
    due = list(
        Lead.objects.filter(
            stage=Lead.Stage.NURTURE,
            rejected_at__lte=now - timedelta(days=reentry.min_days_after_rejection),
        )
        .filter(Exists(touched_since_rejection))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    evaluated = changed = became_mql = 0
    for start in range(0, len(due), BATCH):
        result = leads_evaluate(lead_ids=due[start : start + BATCH], now=now)
        evaluated += result.evaluated
        changed += result.changed
        became_mql += result.became_mql
    return EvaluationResult(evaluated, changed, became_mql)
