"""Consent facts arrive with leads (API, touches, import, inbound forms) and the ledger keeps
them append-only; the suppression list stops a person being stored again."""

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from leadpact.leads.models import Lead
from leadpact.leads.tests.factories import LeadFactory
from leadpact.privacy.ledger import email_hash, suppressed_emails, suppression_add
from leadpact.privacy.models import ConsentRecord, Suppression
from leadpact.privacy.selectors import lead_consent
from leadpact.privacy.services import lead_object
from leadpact.touches.importing import import_run
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import InboundSourceFactory, touch_payload

pytestmark = pytest.mark.django_db


def ledger(email: str) -> list[tuple[str, str, str]]:
    return list(
        ConsentRecord.objects.filter(lead__email=email).values_list("kind", "value", "source")
    )


def test_a_touch_brings_consent_and_a_later_withdrawal_takes_effect_at_once(api: Any) -> None:
    consent = {"email": True, "phone": False, "legal_basis": "consent", "wording": "Zgoda v3"}
    first = api.post(
        "/touches",
        {"touches": [touch_payload("reg-1", lead={"consent": consent})]},
    )
    assert first.status_code == 200, first.content
    lead = Lead.objects.get(email="anna.nowak@stalex.pl")
    assert lead_consent(lead_id=lead.pk).allows("email")
    assert not lead_consent(lead_id=lead.pk).allows("phone")

    api.post("/touches", {"touches": [touch_payload("reg-2", lead={"consent": {"email": False}})]})

    state = lead_consent(lead_id=lead.pk)
    assert (state.email, state.phone, state.legal_basis) == ("withdrawn", "withdrawn", "consent")
    assert not state.allows("email")
    assert ledger(lead.email) == [
        ("legal_basis", "consent", "api"),
        ("email", "granted", "api"),
        ("phone", "withdrawn", "api"),
        ("email", "withdrawn", "api"),
    ]
    assert ConsentRecord.objects.filter(kind="email", value="granted").get().wording == "Zgoda v3"


def test_repeating_the_current_state_records_nothing_new(api: Any) -> None:
    body = {"email": "jan@huta.pl", "consent": {"email": True}}
    api.post("/leads", body)
    api.post("/leads", body)

    assert ledger("jan@huta.pl") == [("email", "granted", "api")]


def test_a_consent_fact_that_says_nothing_is_422_naming_the_field(api: Any) -> None:
    response = api.post("/leads", {"email": "jan@huta.pl", "consent": {"wording": "Zgoda"}})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "consent"
    assert not Lead.objects.exists()


def test_the_contactable_filter_lists_only_leads_with_consent_now(api: Any) -> None:
    api.post("/leads", {"email": "tak@huta.pl", "consent": {"email": True}})
    api.post("/leads", {"email": "nie@huta.pl", "consent": {"email": False}})
    api.post("/leads", {"email": "cofnal@huta.pl", "consent": {"email": True}})
    api.post("/leads", {"email": "cofnal@huta.pl", "consent": {"email": False}})
    api.post("/leads", {"email": "nic@huta.pl"})

    listed = api.get("/leads", contactable="email").json()

    assert [item["email"] for item in listed["items"]] == ["tak@huta.pl"]
    assert api.get("/leads", contactable="phone").json()["count"] == 0
    assert api.get("/leads").json()["count"] == 4
    lead_object(email="tak@huta.pl", actor=None)
    assert api.get("/leads", contactable="email").json()["count"] == 0


def test_csv_import_columns_carry_consent_marked_as_import(tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "email,first_name,consent_email,consent_phone,legal_basis,consent_wording,consent_form\n"
        "ewa@huta.pl,Ewa,true,,legitimate_interest,Zgoda na e-mail,form-7\n"
        "ola@huta.pl,Ola,no,,,,\n",
        encoding="utf-8",
    )

    summary = import_run(kind="leads", path=path)

    assert (summary.created, summary.rejected) == (2, 0)
    assert ledger("ewa@huta.pl") == [
        ("legal_basis", "legitimate_interest", "import"),
        ("email", "granted", "import"),
    ]
    assert ConsentRecord.objects.filter(lead__email="ewa@huta.pl").first().form_id == "form-7"
    assert ledger("ola@huta.pl") == [("email", "withdrawn", "import")]


def test_an_inbound_form_maps_its_consent_checkbox(client: Client) -> None:
    source = InboundSourceFactory(
        secret="s3cret",
        field_map={"lead.email": "email", "lead.consent.email": "zgoda", "external_id": "id"},
    )
    body = json.dumps({"email": "ewa@huta.pl", "zgoda": True, "id": "sub-1"}).encode()
    with time_machine.travel("2026-10-06 10:00 +02:00", tick=False):
        stamp = str(int(time.time()))
        digest = hmac.new(b"s3cret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        response = client.post(
            f"/api/v1/inbound/{source.slug}",
            body,
            content_type="application/json",
            headers={"X-Leadpact-Timestamp": stamp, "X-Leadpact-Signature": f"sha256={digest}"},
        )

    assert response.status_code == 200, response.content
    assert ledger("ewa@huta.pl") == [("email", "granted", "form")]


def test_the_suppression_list_holds_a_keyed_hash_never_the_address(settings: Any) -> None:
    suppression_add(email=" Jan.Kowal@Huta.PL ", reason="erasure")

    stored = Suppression.objects.get()
    assert "huta" not in stored.email_hash and len(stored.email_hash) == 64
    assert stored.email_hash == email_hash("jan.kowal@huta.pl")
    assert stored.email_hash != hashlib.sha256(b"jan.kowal@huta.pl").hexdigest()
    assert suppressed_emails(["JAN.KOWAL@huta.pl", "ewa@huta.pl"]) == {"jan.kowal@huta.pl"}
    # A rotated SECRET_KEY kept as a fallback still matches the entries made under it.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"
    assert suppressed_emails(["jan.kowal@huta.pl"]) == {"jan.kowal@huta.pl"}


def test_suppressed_people_are_reported_and_not_stored_by_touches(api: Any) -> None:
    suppression_add(email="anna.nowak@stalex.pl", reason="objection")

    response = api.post(
        "/touches",
        {
            "touches": [
                touch_payload("reg-1"),
                touch_payload("reg-2", email="ewa@stalex.pl"),
            ]
        },
    )

    body = response.json()
    assert (body["created"], body["duplicates"], body["suppressed"]) == (1, 0, 1)
    assert body["results"][0] == {
        "index": 0,
        "outcome": "suppressed",
        "lead_id": None,
        "touch_id": None,
    }
    assert list(Lead.objects.values_list("email", flat=True)) == ["ewa@stalex.pl"]
    assert Touch.objects.count() == 1


def test_suppressed_people_are_reported_and_not_stored_by_the_lead_api(api: Any) -> None:
    suppression_add(email="jan@huta.pl", reason="erasure")

    response = api.post("/leads", {"email": "Jan@Huta.pl", "first_name": "Jan"})

    assert response.status_code == 200
    assert response.json() == {"outcome": "suppressed", "lead": None}
    assert not Lead.objects.exists()


def test_suppressed_rows_of_an_import_are_counted_apart(tmp_path: Path) -> None:
    LeadFactory(email="jan@huta.pl", first_name="Jan")
    suppression_add(email="jan@huta.pl", reason="objection")
    leads = tmp_path / "leads.csv"
    leads.write_text("email,first_name\njan@huta.pl,Janek\newa@huta.pl,Ewa\n", encoding="utf-8")
    touches = tmp_path / "touches.csv"
    touches.write_text(
        "external_id,source,type,occurred_at,email\n"
        "t-1,webinar-tool,webinar_registration,2026-10-01T10:00:00+02:00,jan@huta.pl\n",
        encoding="utf-8",
    )

    lead_summary = import_run(kind="leads", path=leads)
    touch_summary = import_run(kind="touches", path=touches)

    assert (lead_summary.created, lead_summary.suppressed, lead_summary.rejected) == (1, 1, 0)
    assert "suppressed 1" in lead_summary.line()
    assert Lead.objects.get(email="jan@huta.pl").first_name == "Jan"
    assert (touch_summary.created, touch_summary.suppressed) == (0, 1)
    assert not Touch.objects.exists()
