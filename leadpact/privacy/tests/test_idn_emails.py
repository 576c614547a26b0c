"""An address on an internationalised domain has two spellings, `anna@łódź.pl` and its ASCII
form `anna@xn--d-uga0v4h.pl`, and any letter case: every interface takes each of them for the
same person — above all erasure and objection, which must not miss anyone."""

import hashlib
import hmac
import importlib
import io
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from leadpact.accounts.models import Account
from leadpact.core.emails import email_normalize, email_spellings
from leadpact.leads.models import Lead
from leadpact.privacy.erasure import erased_email
from leadpact.privacy.ledger import suppressed_emails
from leadpact.privacy.models import Suppression
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import touch_payload
from leadpact.users.models import User

pytestmark = pytest.mark.django_db

UNICODE = "anna@łódź.pl"
ASCII = "anna@xn--d-uga0v4h.pl"


@pytest.mark.parametrize(
    ("given", "spelled"),
    [
        (UNICODE, UNICODE),
        (ASCII, UNICODE),
        ("  Anna@ŁÓDŹ.PL ", UNICODE),
        ("Anna@XN--D-UGA0V4H.PL", UNICODE),
        ("Anna.Nowak@Stalex.PL", "anna.nowak@stalex.pl"),
        ("erased-7@erased.invalid", "erased-7@erased.invalid"),
        ("not an address xn--", "not an address xn--"),  # left as given, lower case
    ],
)
def test_one_spelling_per_address(given: str, spelled: str) -> None:
    assert email_normalize(given) == spelled


def test_an_internationalised_address_has_its_ascii_spelling_too() -> None:
    assert email_spellings(ASCII) == (UNICODE, ASCII)
    assert email_spellings("jan@huta.pl") == ("jan@huta.pl",)


def stored(email: str) -> Any:
    return {"touches": [touch_payload(f"t-{email}", email=email, domain="łódź.pl")]}


def test_both_spellings_arrive_as_one_lead(api: Any) -> None:
    api.post("/touches", stored(UNICODE))
    api.post("/touches", stored(ASCII))

    assert list(Lead.objects.values_list("email", flat=True)) == [UNICODE]
    assert Touch.objects.count() == 2
    assert [lead["email"] for lead in api.get(f"/leads?email={ASCII}").json()["items"]] == [UNICODE]


def erase(email: str) -> None:
    call_command("privacy", "erase", email, "--yes", stdout=io.StringIO(), stderr=io.StringIO())


def test_erasing_the_ascii_spelling_erases_and_suppresses_the_person(api: Any) -> None:
    api.post("/touches", stored(UNICODE))
    lead = Lead.objects.get()

    erase(ASCII)

    assert Lead.objects.get().email == erased_email(lead.pk)
    for spelling in (UNICODE, ASCII):
        again = api.post("/touches", stored(spelling))
        assert again.json()["results"][0]["outcome"] == "suppressed", spelling
    assert Touch.objects.count() == 1  # the first, anonymised


def test_an_objection_in_either_spelling_stops_the_other(api: Any) -> None:
    call_command("privacy", "object", "ANNA@ŁÓDŹ.PL", stdout=io.StringIO())

    assert api.post("/touches", stored(ASCII)).json()["results"][0]["outcome"] == "suppressed"
    assert not Lead.objects.exists()


def test_an_entry_made_from_the_ascii_spelling_before_still_suppresses() -> None:
    # What `leadpact privacy erase anna@xn--d-uga0v4h.pl` stored before addresses had one
    # spelling: the HMAC of the ASCII spelling.
    key = hashlib.sha256(b"leadpact.privacy.suppression" + settings.SECRET_KEY.encode()).digest()
    Suppression.objects.create(
        email_hash=hmac.digest(key, ASCII.encode(), "sha256").hex(), reason="erasure"
    )

    assert suppressed_emails([UNICODE, ASCII, "jan@huta.pl"]) == {UNICODE}


def test_the_export_finds_the_person_by_either_spelling(api_for: Any, api: Any) -> None:
    api.post("/touches", stored(UNICODE))
    exporter = api_for("adam", scopes=["privacy:admin"])

    document = exporter.get(f"/privacy/exports/{ASCII}").json()

    assert document["lead"]["email"] == UNICODE


@pytest.fixture
def admin_client(cast: dict[str, User]) -> Client:
    cast["adam"].language = "pl"
    cast["adam"].save(update_fields=["language"])
    client = Client()
    client.force_login(cast["adam"])
    return client


def test_the_admin_stores_one_spelling_and_refuses_a_second_lead_for_it(
    admin_client: Client,
) -> None:
    add = reverse("admin:leads_lead_add")
    form = {"stage": "inquiry", "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0}

    admin_client.post(add, {**form, "email": "Anna@XN--D-UGA0V4H.PL"})
    again = admin_client.post(add, {**form, "email": "anna@ŁÓDŹ.pl"})

    assert list(Lead.objects.values_list("email", flat=True)) == [UNICODE]
    assert list(again.context["adminform"].form.errors) == ["email"]


def test_the_admin_stores_an_accounts_domain_as_ingestion_does(admin_client: Client) -> None:
    add = reverse("admin:accounts_account_add")
    form = {"name": "", "employees": "", "attributes": "{}"}

    admin_client.post(add, {**form, "domain": "https://WWW.Stalex.PL/kontakt"})
    taken = admin_client.post(add, {**form, "domain": "stalex.pl"})
    wrong = admin_client.post(add, {**form, "domain": "not a domain"})

    assert list(Account.objects.values_list("domain", flat=True)) == ["stalex.pl"]
    assert list(taken.context["adminform"].form.errors) == ["domain"]
    assert wrong.context["adminform"].form.errors["domain"] == [
        "Podaj nazwę domeny, np. example.com."
    ]


emails_one_spelling = importlib.import_module(
    "leadpact.leads.migrations.0014_emails_one_spelling"
).emails_one_spelling


def test_the_migration_respells_stored_leads_unless_the_spelling_is_taken() -> None:
    Lead.objects.bulk_create(
        Lead(email=email)
        for email in [ASCII, "Jan@Huta.PL", "ewa@huta.pl", "EWA@HUTA.PL", "erased-3@erased.invalid"]
    )

    emails_one_spelling(apps, None)

    assert sorted(Lead.objects.values_list("email", flat=True)) == sorted(
        [UNICODE, "jan@huta.pl", "ewa@huta.pl", "EWA@HUTA.PL", "erased-3@erased.invalid"]
    )
