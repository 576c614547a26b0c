import pytest
import time_machine

from leadpact.accounts.tests.factories import AccountFactory
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.schemas import LeadIn
from leadpact.leads.services import lead_upsert, leads_upsert_bulk
from leadpact.leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_e_mail_creates_a_lead_with_a_created_event() -> None:
    account = AccountFactory(domain="stalex.pl")

    with time_machine.travel("2026-10-01 09:00 +00:00", tick=False):
        result = lead_upsert(
            data=LeadIn(
                email="Anna.Nowak@Stalex.PL",
                first_name="Anna",
                last_name="Nowak",
                job_title="CFO",
                phone="+48 600 100 200",
                attributes={"consent": True},
            ),
            account=account,
        )

    assert result.outcome == "created"
    lead = Lead.objects.get()
    assert result.lead.pk == lead.pk
    assert (lead.email, lead.first_name, lead.last_name, lead.job_title, lead.phone) == (
        "anna.nowak@stalex.pl",
        "Anna",
        "Nowak",
        "CFO",
        "+48 600 100 200",
    )
    assert lead.account_id == account.pk
    assert lead.attributes == {"consent": True}
    [event] = LeadEvent.objects.all()
    assert (event.lead_id, event.kind, event.at.isoformat()) == (
        lead.pk,
        "created",
        "2026-10-01T09:00:00+00:00",
    )


def test_a_known_lead_takes_only_the_non_empty_values_and_gets_no_created_event() -> None:
    lead = LeadFactory(
        email="anna@stalex.pl", first_name="Anna", last_name="Nowak", attributes={"a": 1}
    )

    result = lead_upsert(
        data=LeadIn(
            email="ANNA@stalex.pl",
            first_name="",
            last_name="Nowak-Kowalska",
            attributes={"b": 2},
        )
    )

    assert result.outcome == "updated"
    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name) == ("Anna", "Nowak-Kowalska")
    assert lead.attributes == {"a": 1, "b": 2}
    assert lead.account is not None, "no account given: the link is kept"
    assert not LeadEvent.objects.exists()


def test_the_same_values_again_leave_the_lead_unchanged() -> None:
    lead = LeadFactory(email="anna@stalex.pl", first_name="Anna")

    result = lead_upsert(
        data=LeadIn(email="anna@stalex.pl", first_name="Anna"), account=lead.account
    )

    assert result.outcome == "unchanged"
    assert Lead.objects.get().updated_at == lead.updated_at


def test_a_given_account_relinks_a_known_lead() -> None:
    lead = LeadFactory(email="anna@stalex.pl")
    other = AccountFactory(domain="kross.pl")

    result = lead_upsert(data=LeadIn(email="anna@stalex.pl"), account=other)

    assert result.outcome == "updated"
    assert Lead.objects.get(pk=lead.pk).account_id == other.pk


def test_a_bulk_upsert_merges_items_for_one_e_mail() -> None:
    results = leads_upsert_bulk(
        items=[
            (LeadIn(email="Anna@X.pl", first_name="Anna"), None),
            (LeadIn(email="anna@x.pl", last_name="Nowak"), None),
        ]
    )

    assert list(results) == ["anna@x.pl"]
    assert results["anna@x.pl"].outcome == "created"
    lead = Lead.objects.get()
    assert (lead.first_name, lead.last_name) == ("Anna", "Nowak")
    assert LeadEvent.objects.filter(lead=lead, kind="created").count() == 1
