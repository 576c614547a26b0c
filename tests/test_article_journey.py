"""The article's journey of one lead, end to end through the API, under the example agreement.

Webinar registration → cold; attendance + e-book → warm → MQL (ICP grade A) → handed to a rep
with an 8-business-hour deadline; rejected as "timing" → nurture; a second webinar → hot →
back to MQL under the re-entry rule; accepted; qualified with a 4-month horizon → hot sales
lead; won with revenue. Every step's `why` cites the clause that decided it.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Notification

WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def touch(number: int, type_: str, when: str, campaign: str = "") -> dict:
    return {
        "external_id": f"journey-{number}",
        "source": "webinar-tool",
        "type": type_,
        "occurred_at": at(when).isoformat(),
        "campaign": campaign,
        "lead": {"email": "ewa.kowalczyk@acme.pl", "first_name": "Ewa", "last_name": "Kowalczyk",
                 "job_title": "Dyrektor IT"},
        "account": {"domain": "acme.pl", "name": "ACME S.A.", "industry": "manufacturing",
                    "employees": 800, "country": "PL", "annual_revenue": "120000000"},
    }  # fmt: skip


def clauses_of(lead: Lead, kind: str) -> list[str]:
    events = LeadEvent.objects.filter(lead=lead, kind=kind).order_by("-at", "-id")
    return events[0].clause_ids if events else []


def test_the_articles_journey(activate_example, api_for, cast):
    with time_machine.travel(at("2026-10-01 09:00"), tick=False):
        activate_example()
    marketing = api_for("marta", scopes=["touches:write", "leads:read"])
    piotr = api_for("piotr", scopes=["leads:read", "leads:act"])
    anna = api_for("anna", scopes=["leads:read", "leads:act"])

    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        response = marketing.post(
            "/touches",
            {"touches": [touch(1, "webinar_registration", "2026-10-05 09:00", "webinar-cloud")]},
        )
        assert response.status_code == 200, response.json()
        lead = Lead.objects.get(email="ewa.kowalczyk@acme.pl")
        assert (lead.stage, lead.marketing_temperature, lead.icp_grade) == ("inquiry", "cold", "A")
        assert "temperature.marketing.cold" in [w["clause"] for w in lead.why]

    with time_machine.travel(at("2026-10-07 11:00"), tick=False):
        marketing.post("/touches", {"touches": [
            touch(2, "webinar_attended", "2026-10-07 10:00", "webinar-cloud"),
            touch(3, "ebook_download", "2026-10-07 10:30", "ebook-migration"),
        ]})  # fmt: skip
        lead.refresh_from_db()
        assert (lead.stage, lead.marketing_temperature) == ("mql", "warm")
        assert "handoff.mql.strong_fit" in clauses_of(lead, "stage")
        handoff = Handoff.objects.get(lead=lead, state="waiting")
        # 8 business hours from Wednesday 11:00 → Thursday 11:00.
        assert handoff.accept_due_at == at("2026-10-08 11:00")
        assert handoff.owner == cast["piotr"]
        assert Notification.objects.filter(kind="lead_assigned", recipient=cast["piotr"]).exists()

        detail = piotr.get(f"/leads/{lead.pk}").json()
        assert detail["handoff"]["business_hours_left_to_accept"] == 8
        assert detail["handoff"]["seconds_left_to_accept"] == 24 * 3600
        assert anna.post(f"/leads/{lead.pk}/accept").status_code == 404  # not hers to see

        response = piotr.post(f"/leads/{lead.pk}/reject", {"reason": "timing"})
        assert response.status_code == 200, response.json()
        lead.refresh_from_db()
        assert (lead.stage, lead.owner) == ("nurture", None)
        assert clauses_of(lead, "stage") == ["handoff.rejection.timing"]

    with time_machine.travel(at("2026-10-26 10:00"), tick=False):
        marketing.post(
            "/touches",
            {"touches": [touch(4, "webinar_attended", "2026-10-26 09:30", "webinar-security")]},
        )
        lead.refresh_from_db()
        assert (lead.stage, lead.marketing_temperature) == ("mql", "hot")
        assert "handoff.nurture.reentry" in clauses_of(lead, "stage")
        # Round robin: the rep after Piotr gets the lead this time.
        assert lead.owner == cast["anna"]
        owner = anna

        response = owner.post(f"/leads/{lead.pk}/accept")
        assert response.status_code == 200, response.json()
        assert response.json()["stage"] == "sal"
        assert owner.post(f"/leads/{lead.pk}/accept").status_code == 409

        owner.post(f"/leads/{lead.pk}/first-contact", {})
        response = owner.post(
            f"/leads/{lead.pk}/qualify",
            {
                "product_potential": True,
                "horizon_months": 4,
                "meeting_at": "2026-10-29T10:00:00+01:00",
            },
        )
        assert response.status_code == 200, response.json()
        lead.refresh_from_db()
        assert (lead.stage, lead.sales_temperature) == ("sql", "hot")
        assert "temperature.sales.hot" in clauses_of(lead, "assessment")

        response = owner.post(f"/leads/{lead.pk}/close", {"outcome": "won", "revenue": "250000.00"})
        assert response.status_code == 200, response.json()
        lead.refresh_from_db()
        assert (lead.stage, str(lead.closed_revenue)) == ("won", "250000.00")
        assert clauses_of(lead, "stage") == ["goals.sales"]
