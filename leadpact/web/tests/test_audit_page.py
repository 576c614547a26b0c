"""The audit log page reads as words in the reader's language and time zone — roles, objects,
detail names and values — while the API keeps the codes; a wrong filter lists nothing."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from leadpact.agreements.models import AgreementVersion
from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record
from leadpact.leads.models import Lead

A = AuditEntry.Action


def row_of(body: str, entry: AuditEntry) -> str:
    return body[body.index(f'id="entry-{entry.pk}"') :].split("</tr>")[0]


@pytest.fixture
def signed(cast, example: AgreementVersion) -> AuditEntry:
    """Marta signs the example agreement as the marketing owner while it is a draft."""
    return audit_record(
        actor=cast["marta"],
        action=A.AGREEMENT_SIGNED,
        target_type="agreement_version",
        target_id=example.pk,
        details={"number": example.number, "role": "marketing_owner", "version_status": "draft"},
    )


@pytest.fixture
def activated(cast, example: AgreementVersion) -> AuditEntry:
    return audit_record(
        actor=cast["sylwia"],
        action=A.AGREEMENT_ACTIVATED,
        target_type="agreement_version",
        target_id=example.pk,
        details={
            "number": example.number,
            "scheduled": True,
            "effective_from": "2027-01-01T00:00:00+01:00",
        },
    )


def english_in_new_york(client: Client, cast) -> Client:
    adam = cast["adam"]
    adam.language, adam.time_zone = "en", "America/New_York"
    adam.save(update_fields=["language", "time_zone"])
    return client


def test_roles_objects_and_details_read_as_polish_words(web_for, cast, example, signed, activated):
    body = web_for("adam").get("/audit/").content.decode()
    sign, activate = row_of(body, signed), row_of(body, activated)
    version = f'<a href="/agreement/versions/{example.number}/">Wersja umowy {example.number}</a>'

    assert 'Marta Nowak <span class="muted">(Marketing)</span>' in sign
    assert "(Kierownik sprzedaży)" in activate
    assert version in sign and version in activate
    assert "Rola:</span> Właściciel po stronie marketingu" in sign
    assert "Status wersji:</span> Projekt" in sign
    assert "Numer:</span> " in sign
    assert "Zaplanowano:</span> tak" in activate
    assert "Obowiązuje od:</span> 1 Sty 2027, 00:00:00" in activate
    for code in ("sales_manager", "agreement_version", "marketing_owner", "draft", "2027-01-01T"):
        assert code not in sign + activate, code


def test_in_english_and_in_the_readers_time_zone(web_for, cast, example, activated):
    client = english_in_new_york(web_for("adam"), cast)

    row = row_of(client.get("/audit/").content.decode(), activated)

    assert "(Sales manager)" in row
    assert f"Agreement version {example.number}</a>" in row
    assert "Scheduled:</span> yes" in row
    assert "In force from:</span> 31 Dec 2026, 18:00:00" in row


def test_a_lead_reads_as_its_name_with_a_link_and_a_role_change_as_roles(web_for, cast):
    lead = Lead.objects.create(email="jan.kowal@huta.pl", first_name="Jan", last_name="Kowal")
    moved = audit_record(
        actor=cast["sylwia"],
        action=A.LEAD_REASSIGNED,
        target_type="lead",
        target_id=lead.pk,
        details={"from": cast["piotr"].pk, "to": cast["anna"].pk, "clauses": ["handoff.routing"]},
    )
    promoted = audit_record(
        actor=cast["adam"],
        action=A.ROLE_CHANGED,
        target_type="user",
        target_id=cast["piotr"].pk,
        details={"from": "sales_rep", "to": "sales_manager"},
    )

    body = web_for("adam").get("/audit/").content.decode()

    assert f'<a href="/leads/{lead.pk}/">Jan Kowal</a>' in row_of(body, moved)
    assert 'Od:</span> Piotr Zieliński; <span class="muted">Do:</span> Anna' in row_of(body, moved)
    assert "Od:</span> Handlowiec" in row_of(body, promoted)
    assert "Do:</span> Kierownik sprzedaży" in row_of(body, promoted)


def test_the_api_keeps_the_codes(api_for, example, signed):
    item = api_for("adam").get("/audit", action="agreement_signed").json()["items"][0]

    assert item["actor_role"] == "marketing"
    assert item["target_type"] == "agreement_version"
    assert item["details"]["role"] == "marketing_owner"


def test_a_wrong_filter_lists_nothing_rather_than_everything(web_for, cast):
    with time_machine.travel(datetime.fromisoformat("2026-11-03T10:00+01:00"), tick=False):
        entry = audit_record(actor=cast["piotr"], action=A.SIGN_IN)

    response = web_for("adam").get("/audit/", {"since": "2026-11-05", "until": "2026-11-01"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Data końcowa jest wcześniejsza niż początkowa." in body
    assert f'id="entry-{entry.pk}"' not in body
    assert "Popraw filtry powyżej, aby zobaczyć wpisy." in body
