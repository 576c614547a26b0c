"""After a new agreement version comes into force, every open lead is judged again.

The run resumes from `last_lead_id`, so a worker killed mid-run continues where it stopped,
and batches are separate transactions so the app keeps working meanwhile.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from leadpact.agreements.selectors import agreement_active
from leadpact.core.collector import collector_paused
from leadpact.leads.evaluation import leads_evaluate
from leadpact.leads.models import Lead, ReevaluationRun
from leadpact.leads.stages import OPEN_STAGES

BATCH = 500


def leads_reevaluate_pending(
    *, batch: int = BATCH, progress: Callable[[ReevaluationRun], None] | None = None
) -> ReevaluationRun | None:
    """Run (or resume) the re-evaluation for the version in force; None if there is nothing."""
    version = agreement_active()
    if version is None:
        return None
    run = ReevaluationRun.objects.filter(agreement_version=version).first()
    if run is None:
        try:
            with transaction.atomic():
                run = ReevaluationRun.objects.create(
                    agreement_version=version,
                    total=Lead.objects.filter(stage__in=OPEN_STAGES).count(),
                )
        except IntegrityError:
            run = ReevaluationRun.objects.get(agreement_version=version)
    while run.finished_at is None:
        ids = list(
            Lead.objects.filter(stage__in=OPEN_STAGES, pk__gt=run.last_lead_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at"])
            break
        with collector_paused():
            leads_evaluate(lead_ids=ids)
        # Guarded: two workers on one run advance it once per batch.
        ReevaluationRun.objects.filter(pk=run.pk, last_lead_id=run.last_lead_id).update(
            last_lead_id=ids[-1], done=run.done + len(ids)
        )
        run.refresh_from_db()
        if progress:
            progress(run)
    return run
