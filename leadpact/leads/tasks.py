"""The worker's periodic jobs for leads. Thin: each calls one service and is safe to repeat."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from leadpact.agreements.services import agreement_versions_activate_due
from leadpact.leads.nurture import nurture_reentry_sweep
from leadpact.leads.reevaluation import leads_reevaluate_pending


@db_periodic_task(crontab(minute="*"))
def leads_reevaluate_task() -> int:
    # A version scheduled for now is flipped to active first, then every open lead is
    # judged by it; both steps resume where they stopped if the worker was down.
    agreement_versions_activate_due()
    run = leads_reevaluate_pending()
    return run.done if run else 0


@db_periodic_task(crontab(minute="7"))
def nurture_reentry_task() -> int:
    return nurture_reentry_sweep(now=timezone.now()).became_mql
