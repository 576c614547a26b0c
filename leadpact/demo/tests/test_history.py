"""The history generator: deterministic for a seed, and shaped like a real quarter of work.

It goes through leadpact's services, so these tests read what leadpact itself recorded.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Q

from leadpact.core.exceptions import Conflict
from leadpact.demo.digest import history_digest
from leadpact.demo.history import READ_AFTER, history_generate
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Notification
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn

pytestmark = pytest.mark.django_db
END = datetime(2026, 11, 20, 15, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
# The histories of these seeds, as fingerprints. A change of what the generator or the services
# write changes them: if that change is meant, put the new digest here and say why in the commit.
DIGEST_SEED_11 = "fa54fc02ccab5fedb546c239996bf1ca3558573ad0eb2adb288a80faa10b2583"
DIGEST_SEED_2026 = "357082b2560aef560002852dfe5be715a3b63772cfd6b9b52c7a55485a142111"


def generate(seed: int, leads: int = 40, months: int = 1):
    return history_generate(leads=leads, months=months, seed=seed, end=END)


@pytest.mark.django_db(transaction=True)  # emptied between runs with `flush`
def test_the_same_seed_gives_the_same_history_and_another_seed_another():
    generate(seed=11)
    first = history_digest()
    assert first == DIGEST_SEED_11
    call_command("flush", interactive=False, verbosity=0)
    generate(seed=11)
    assert history_digest() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(seed=12)
    assert history_digest() != first


def test_it_refuses_a_database_that_already_has_leads():
    generate(seed=1, leads=5)
    with pytest.raises(Conflict, match="already holds 5 leads"):
        generate(seed=2, leads=5)


@pytest.mark.slow
def test_a_small_history_looks_like_real_work():
    summary = generate(seed=2026, leads=300, months=2)

    assert history_digest() == DIGEST_SEED_2026
    assert summary.leads == Lead.objects.count() == 300
    assert summary.refused == 0
    stages = summary.stages
    assert stages["inquiry"] > 150
    assert stages.get("sql", 0) + stages.get("sal", 0) > 0
    assert stages.get("nurture", 0) + stages.get("disqualified", 0) > 0
    assert Lead.objects.filter(
        stage="won", closed_revenue__gte=40_000, closed_currency="PLN"
    ).exists() or (Lead.objects.filter(stage="sql", meeting_at__isnull=False).exists())

    handoffs = Handoff.objects.all()
    assert handoffs.filter(state="accepted").exists()
    assert handoffs.filter(accept_breached_at__isnull=False).exists()
    assert handoffs.filter(escalated_at__isnull=False).exists()
    rejected = handoffs.filter(state="rejected")
    assert rejected.exists()
    assert set(rejected.values_list("rejection_reason", flat=True)) >= {"timing"}
    assert not rejected.filter(rejection_reason="not_icp", rejection_note="").exists()
    assert Lead.objects.filter(horizon_months__lt=6).exists()
    assert Lead.objects.filter(horizon_months__gte=6, horizon_months__lte=12).exists()

    # Every lead past inquiry got there by a recorded decision that cites the agreement.
    for lead in Lead.objects.exclude(stage="inquiry"):
        moves = LeadEvent.objects.filter(lead=lead, kind="stage")
        assert moves.exists(), lead
        assert all(event.clause_ids for event in moves), lead
        assert lead.why, lead

    # Everything happened inside the history, on the simulated clock.
    start = summary.start
    assert not Touch.objects.filter(Q(occurred_at__gt=END) | Q(recorded_at__gt=END)).exists()
    assert not LeadEvent.objects.filter(at__gt=END).exists()
    assert not Handoff.objects.filter(opened_at__lt=start).exists()
    weekday_touches = sum(t.occurred_at.weekday() < 5 for t in Touch.objects.all())
    assert weekday_touches / Touch.objects.count() > 0.8

    # People have read their old notices; the last few days' are waiting in their inboxes.
    recent = END - READ_AFTER
    assert not Notification.objects.filter(created_at__lt=recent, read_at__isnull=True).exists()
    assert Notification.objects.filter(created_at__gte=recent, read_at__isnull=True).exists()


def test_generated_touches_are_what_the_api_would_accept():
    generate(seed=3, leads=20)
    for touch in Touch.objects.select_related("lead", "account")[:50]:
        TouchIn.model_validate(
            {
                "external_id": touch.external_id,
                "source": touch.source,
                "type": touch.type,
                "occurred_at": touch.occurred_at,
                "lead": {"email": touch.lead.email, "job_title": touch.lead.job_title},
                "account": {"domain": touch.account.domain} if touch.account else None,
                "campaign": touch.campaign,
                "asset": touch.asset,
                "answers": touch.answers,
            }
        )
