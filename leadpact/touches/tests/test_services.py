from typing import Any

import pytest

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory
from leadpact.leads.models import Lead, LeadEvent
from leadpact.leads.tests.factories import LeadFactory
from leadpact.touches.models import Touch
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touch_record, touches_record_bulk
from leadpact.touches.tests.factories import touch_payload

pytestmark = pytest.mark.django_db


def record(*items: dict[str, Any]) -> list[tuple[str, int, int]]:
    outcomes = touches_record_bulk(items=[TouchIn.model_validate(item) for item in items])
    assert [o.index for o in outcomes] == list(range(len(items)))
    return [(o.outcome, o.lead_id, o.touch_id) for o in outcomes]


def test_an_unknown_lead_and_account_are_created_from_the_touch() -> None:
    [(outcome, lead_id, touch_id)] = record(
        touch_payload(
            "reg-1",
            lead={"first_name": "Anna", "last_name": "Nowak", "job_title": "CFO"},
            account={"name": "Stalex", "industry": "steel", "employees": 420, "country": "pl"},
            campaign="webinar-2026-10",
            answers={"horizon": "6-12"},
        )
    )

    assert outcome == "created"
    lead = Lead.objects.select_related("account").get(pk=lead_id)
    assert (lead.email, lead.first_name, lead.last_name, lead.job_title) == (
        "anna.nowak@stalex.pl",
        "Anna",
        "Nowak",
        "CFO",
    )
    assert lead.stage == Lead.Stage.INQUIRY
    account = lead.account
    assert account is not None
    assert (account.domain, account.name, account.industry, account.employees, account.country) == (
        "stalex.pl",
        "Stalex",
        "steel",
        420,
        "PL",
    )
    touch = Touch.objects.get(pk=touch_id)
    assert (touch.lead_id, touch.account_id) == (lead.pk, account.pk)
    assert (touch.type, touch.source, touch.external_id) == (
        "webinar_registration",
        "webinar-tool",
        "reg-1",
    )
    assert touch.campaign == "webinar-2026-10"
    assert touch.answers == {"horizon": "6-12"}
    assert touch.occurred_at.isoformat() == "2026-10-06T08:00:00+00:00"


def test_a_known_lead_is_updated_only_with_non_empty_values() -> None:
    account = AccountFactory(domain="stalex.pl", name="Stalex", industry="steel")
    lead = LeadFactory(
        email="anna.nowak@stalex.pl",
        first_name="Anna",
        last_name="Nowak",
        job_title="CFO",
        account=account,
        attributes={"source": "fair", "size": "L"},
    )

    record(
        touch_payload(
            "reg-1",
            lead={
                "first_name": "",
                "last_name": "Nowak-Kowalska",
                "attributes": {"size": "XL", "newsletter": True},
            },
            account={"name": "", "industry": "metals", "employees": 500},
        )
    )

    lead.refresh_from_db()
    account.refresh_from_db()
    assert (lead.first_name, lead.last_name, lead.job_title) == ("Anna", "Nowak-Kowalska", "CFO")
    assert lead.attributes == {"source": "fair", "size": "XL", "newsletter": True}
    assert (account.name, account.industry, account.employees) == ("Stalex", "metals", 500)
    assert Lead.objects.count() == 1
    assert Account.objects.count() == 1


def test_a_replayed_touch_is_a_duplicate_that_changes_nothing() -> None:
    [(_, lead_id, touch_id)] = record(
        touch_payload("reg-1", lead={"first_name": "Anna"}, account={"name": "Stalex"})
    )
    lead_before = Lead.objects.get(pk=lead_id)

    replay = record(
        touch_payload(
            "reg-1",
            lead={"first_name": "Zofia", "job_title": "CEO"},
            account={"name": "Stalex Holding"},
            type="ebook_download",
            campaign="other",
        )
    )

    assert replay == [("duplicate", lead_id, touch_id)]
    lead = Lead.objects.get(pk=lead_id)
    assert (lead.first_name, lead.job_title, lead.updated_at) == (
        "Anna",
        "",
        lead_before.updated_at,
    )
    assert Account.objects.get().name == "Stalex"
    touch = Touch.objects.get()
    assert (touch.type, touch.campaign) == ("webinar_registration", "")
    assert LeadEvent.objects.count() == 1


def test_the_same_external_id_in_another_source_is_another_touch() -> None:
    outcomes = record(touch_payload("42", source="webinar-tool"), touch_payload("42", source="crm"))

    assert [o for o, _, _ in outcomes] == ["created", "created"]
    assert Touch.objects.count() == 2


def test_a_duplicate_inside_one_batch_is_stored_once_and_the_first_wins() -> None:
    outcomes = record(
        touch_payload("reg-1", lead={"first_name": "Anna"}),
        touch_payload("reg-2", email="piotr@stalex.pl"),
        touch_payload("reg-1", lead={"first_name": "Zofia"}, type="ebook_download"),
    )

    assert [o for o, _, _ in outcomes] == ["created", "created", "duplicate"]
    assert outcomes[2][1:] == outcomes[0][1:]
    assert Touch.objects.count() == 2
    assert Touch.objects.get(external_id="reg-1").type == "webinar_registration"
    assert Lead.objects.get(email="anna.nowak@stalex.pl").first_name == "Anna"


def test_a_duplicate_inside_one_batch_for_another_lead_answers_the_stored_touch_s_lead() -> None:
    outcomes = record(
        touch_payload("reg-1", email="anna@stalex.pl"),
        touch_payload("reg-1", email="zofia@stalex.pl"),
    )

    anna = Lead.objects.get(email="anna@stalex.pl")
    assert outcomes == [
        ("created", anna.pk, Touch.objects.get().pk),
        ("duplicate", anna.pk, Touch.objects.get().pk),
    ]
    assert not Lead.objects.filter(email="zofia@stalex.pl").exists()


def test_a_replay_for_another_lead_answers_the_stored_touch_s_lead() -> None:
    [(_, anna_id, touch_id)] = record(touch_payload("reg-1", email="anna@stalex.pl"))

    replay = record(touch_payload("reg-1", email="zofia@stalex.pl"))

    assert replay == [("duplicate", anna_id, touch_id)]
    assert list(Lead.objects.values_list("email", flat=True)) == ["anna@stalex.pl"]


def test_the_e_mail_identifies_a_lead_whatever_its_case() -> None:
    outcomes = record(
        touch_payload("reg-1", email="Anna@X.pl", domain=None),
        touch_payload("reg-2", email="anna@x.pl", domain=None),
    )
    outcomes += record(touch_payload("reg-3", email="ANNA@x.PL", domain=None))

    assert Lead.objects.get().email == "anna@x.pl"
    assert {lead_id for _, lead_id, _ in outcomes} == {Lead.objects.get().pk}
    assert [o for o, _, _ in outcomes] == ["created"] * 3


def test_a_known_lead_found_by_other_case_e_mail_is_not_duplicated() -> None:
    lead = LeadFactory(email="anna@x.pl")

    [(_, lead_id, _)] = record(touch_payload("reg-1", email="Anna@X.PL"))

    assert lead_id == lead.pk
    assert Lead.objects.count() == 1


def test_a_created_event_is_written_once_per_new_lead() -> None:
    known = LeadFactory(email="known@stalex.pl")

    record(
        touch_payload("reg-1", email="anna@stalex.pl"),
        touch_payload("reg-2", email="anna@stalex.pl"),
        touch_payload("reg-3", email="piotr@stalex.pl"),
        touch_payload("reg-4", email="known@stalex.pl"),
    )
    record(touch_payload("reg-5", email="anna@stalex.pl"), touch_payload("reg-1"))

    created = LeadEvent.objects.filter(kind=LeadEvent.Kind.CREATED)
    assert sorted(created.values_list("lead__email", flat=True)) == [
        "anna@stalex.pl",
        "piotr@stalex.pl",
    ]
    assert not known.events.exists()


def test_a_touch_is_filed_under_its_lead_s_account() -> None:
    account = AccountFactory(domain="stalex.pl")
    LeadFactory(email="anna@stalex.pl", account=account)

    [(_, _, without_account)] = record(touch_payload("reg-1", email="anna@stalex.pl", domain=None))
    [(_, lead_id, moved)] = record(
        touch_payload("reg-2", email="anna@stalex.pl", domain="nowa-firma.pl")
    )

    assert Touch.objects.get(pk=without_account).account_id == account.pk
    new_account = Account.objects.get(domain="nowa-firma.pl")
    assert Lead.objects.get(pk=lead_id).account_id == new_account.pk
    assert Touch.objects.get(pk=moved).account_id == new_account.pk


def test_domains_are_normalised_before_they_identify_an_account() -> None:
    record(
        touch_payload("reg-1", email="a@stalex.pl", domain="https://www.Stalex.pl/"),
        touch_payload("reg-2", email="b@stalex.pl", domain="stalex.pl"),
    )

    assert list(Account.objects.values_list("domain", flat=True)) == ["stalex.pl"]
    assert set(Lead.objects.values_list("account__domain", flat=True)) == {"stalex.pl"}


def test_touch_record_stores_one_touch() -> None:
    outcome = touch_record(data=TouchIn.model_validate(touch_payload("reg-1")))
    again = touch_record(data=TouchIn.model_validate(touch_payload("reg-1")))

    assert (outcome.outcome, again.outcome) == ("created", "duplicate")
    assert again.touch_id == outcome.touch_id == Touch.objects.get().pk


def test_a_failing_batch_stores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr("leadpact.touches.services.insert_ignoring_conflicts", explode)

    with pytest.raises(RuntimeError):
        record(touch_payload("reg-1"))

    assert (Touch.objects.count(), Lead.objects.count(), Account.objects.count()) == (0, 0, 0)
