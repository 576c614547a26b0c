"""The privacy API and web page: administrators only; a rep is refused with 403."""

import json
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from leadpact.audit.models import AuditEntry
from leadpact.leads.models import Lead
from leadpact.leads.tests.factories import LeadFactory
from leadpact.privacy.erasure import erased_email
from leadpact.privacy.models import ConsentRecord, Erasure, Suppression

pytestmark = pytest.mark.django_db


@pytest.fixture
def jan() -> Lead:
    return LeadFactory(email="jan.kowal@huta.pl", first_name="Jan", last_name="Kowal")


def test_an_admin_exports_a_person_as_json(api_for: Any, jan: Lead) -> None:
    response = api_for("adam", scopes=["privacy:admin"]).get("/privacy/exports/Jan.Kowal@huta.pl")

    assert response.status_code == 200
    assert response.json()["lead"]["first_name"] == "Jan"
    entry = AuditEntry.objects.get(action="privacy_export")
    assert (entry.target_id, entry.details) == (str(jan.pk), {"via": "api"})


def test_an_admin_erases_a_person(api_for: Any, jan: Lead) -> None:
    response = api_for("adam").post("/privacy/erasures", {"email": "jan.kowal@huta.pl"})

    assert response.status_code == 200
    assert response.json() == {"lead_ids": [jan.pk], "suppressed": True}
    assert Lead.objects.get(pk=jan.pk).email == erased_email(jan.pk)


def test_an_admin_records_an_objection(api_for: Any, jan: Lead) -> None:
    response = api_for("adam").post("/privacy/objections", {"email": "jan.kowal@huta.pl"})

    assert response.json() == {"lead_id": jan.pk, "suppressed": True}
    assert ConsentRecord.objects.get().source == "api"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/privacy/exports/jan.kowal@huta.pl", None),
        ("post", "/privacy/erasures", {"email": "jan.kowal@huta.pl"}),
        ("post", "/privacy/objections", {"email": "jan.kowal@huta.pl"}),
    ],
)
@pytest.mark.parametrize("who", ["piotr", "sylwia", "marta"])
def test_anyone_but_an_admin_gets_403_and_nothing_happens(
    api_for: Any, jan: Lead, who: str, method: str, path: str, body: Any
) -> None:
    client = api_for(who)
    response = client.get(path) if method == "get" else client.post(path, body)

    assert response.status_code == 403
    assert not Suppression.objects.exists() and not Erasure.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="privacy").exists()


def test_an_admin_token_without_the_privacy_scope_gets_403(api_for: Any, jan: Lead) -> None:
    client = api_for("adam", scopes=["leads:read"])

    assert client.get("/privacy/exports/jan.kowal@huta.pl").status_code == 403
    assert client.post("/privacy/erasures", {"email": "jan.kowal@huta.pl"}).status_code == 403


def test_an_invalid_e_mail_is_422(api_for: Any) -> None:
    response = api_for("adam").post("/privacy/erasures", {"email": "not-an-address"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"


def test_the_web_page_serves_admins_and_refuses_a_rep(web_for: Any, jan: Lead) -> None:
    assert web_for("adam").get("/privacy/").status_code == 200
    assert web_for("piotr").get("/privacy/").status_code == 403
    assert web_for("piotr").get("/privacy/export", {"email": jan.email}).status_code == 403
    assert (
        web_for("piotr").post("/privacy/erase", {"email": jan.email, "confirm": "on"}).status_code
        == 403
    )
    assert Lead.objects.get(pk=jan.pk).email == jan.email


def test_the_web_page_exports_and_erases_for_an_admin(web_for: Any, jan: Lead) -> None:
    admin = web_for("adam")

    exported = admin.get("/privacy/export", {"email": jan.email})
    unconfirmed = admin.post("/privacy/erase", {"email": jan.email})
    assert Lead.objects.get(pk=jan.pk).email == jan.email
    erased = admin.post("/privacy/erase", {"email": jan.email, "confirm": "on"})

    assert json.loads(exported.content)["lead"]["last_name"] == "Kowal"
    assert exported["Content-Disposition"].startswith("attachment")
    assert unconfirmed.status_code == erased.status_code == 302
    assert Lead.objects.get(pk=jan.pk).email == erased_email(jan.pk)


def test_the_lead_admin_erases_after_confirmation_and_exports(web_for: Any, jan: Lead) -> None:
    admin: Client = web_for("adam")
    url = "/admin/leads/lead/"
    chosen = {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [str(jan.pk)]}

    exported = admin.post(url, {**chosen, "action": "export_personal_data"})
    asked = admin.post(url, chosen)
    assert Lead.objects.get(pk=jan.pk).email == jan.email
    done = admin.post(url, {**chosen, "confirmed": "yes"})

    assert json.loads(exported.content)["lead"]["email"] == jan.email
    assert asked.status_code == 200 and b'name="confirmed"' in asked.content
    assert done.status_code == 302
    assert Lead.objects.get(pk=jan.pk).email == erased_email(jan.pk)
