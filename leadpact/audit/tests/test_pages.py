"""Administrators read the log — on the /audit/ page, in the admin site and over the API —
filtered by action, person and dates; nobody can add, change or delete an entry."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record

A = AuditEntry.Action
WARSAW = "+01:00"


@pytest.fixture
def log(cast):
    """Three entries on three November days (Warsaw time)."""
    entries = {}
    for day, action, actor in (
        ("2026-11-02", A.SIGN_IN, "piotr"),
        ("2026-11-03", A.TOKEN_CREATED, "adam"),
        ("2026-11-04", A.ROLE_CHANGED, "adam"),
    ):
        with time_machine.travel(datetime.fromisoformat(f"{day}T10:00{WARSAW}"), tick=False):
            entries[action] = audit_record(
                actor=cast[actor], action=action, target_type="user", target_id=cast["piotr"].pk
            )
    return entries


def shown(client: Client, log: dict[str, AuditEntry], **params: str) -> set[str]:
    """Which of the fixture's entries the page shows."""
    response = client.get("/audit/", params)
    assert response.status_code == 200
    body = response.content.decode()
    return {action for action, entry in log.items() if f'id="entry-{entry.pk}"' in body}


def admin_client(cast) -> Client:
    client = Client()
    client.force_login(cast["adam"])
    return client


def test_the_page_lists_entries_newest_first(cast, log):
    body = admin_client(cast).get("/audit/").content.decode()
    positions = [body.index(f'id="entry-{log[a].pk}"') for a in (A.ROLE_CHANGED, A.SIGN_IN)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "token_created"}, {A.TOKEN_CREATED}),
        ({"since": "2026-11-03"}, {A.TOKEN_CREATED, A.ROLE_CHANGED}),
        ({"until": "2026-11-03"}, {A.SIGN_IN, A.TOKEN_CREATED}),
        ({"since": "2026-11-03", "until": "2026-11-03"}, {A.TOKEN_CREATED}),
    ],
)
def test_the_page_filters(cast, log, params, expected):
    assert shown(admin_client(cast), log, **params) == expected


def test_the_page_filters_by_person(cast, log):
    assert shown(admin_client(cast), log, actor=str(cast["piotr"].pk)) == {A.SIGN_IN}


def test_bad_filters_are_explained_not_a_500(cast, log):
    response = admin_client(cast).get("/audit/", {"since": "2026-11-05", "until": "2026-11-01"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["until"]
    assert "Data końcowa jest wcześniejsza niż początkowa." in response.content.decode()
    response = admin_client(cast).get("/audit/", {"since": "yesterday", "action": "nope"})
    assert response.status_code == 200


def test_the_page_is_paginated(cast):
    for _ in range(60):
        audit_record(actor=None, action=A.SIGN_IN_FAILED)
    client = admin_client(cast)
    first = client.get("/audit/", {"action": "sign_in_failed"}).content.decode()
    second = client.get("/audit/", {"action": "sign_in_failed", "page": "2"}).content.decode()
    assert first.count('id="entry-') == 50
    assert second.count('id="entry-') == 10
    assert "action=sign_in_failed&amp;page=2" in first


def test_only_administrators_see_the_page_in_the_menu(cast):
    admin = admin_client(cast).get("/").content.decode()
    rep = Client()
    rep.force_login(cast["sylwia"])
    assert 'href="/audit/"' in admin
    assert 'href="/audit/"' not in rep.get("/").content.decode()


def test_the_admin_site_shows_but_never_edits(cast, log):
    client = admin_client(cast)
    entry = log[A.TOKEN_CREATED]
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert (
        client.get("/admin/audit/auditentry/", {"action__exact": "token_created"}).status_code
        == 200
    )
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_api_lists_and_filters_for_an_administrator(api_for, cast, log):
    api = api_for("adam")
    body = api.get("/audit", action="role_changed").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["action"] == "role_changed"
    assert item["actor_id"] == cast["adam"].pk
    assert item["actor_role"] == "admin"
    assert item["target_id"] == str(cast["piotr"].pk)

    body = api.get("/audit", since="2026-11-03", until="2026-11-03").json()
    assert [i["action"] for i in body["items"]] == ["token_created"]
    assert api.get("/audit", actor_id=cast["piotr"].pk).json()["count"] == 1


def test_the_api_refuses_others_and_bad_input(api_for, log):
    assert api_for("sylwia").get("/audit").status_code == 403
    api = api_for("adam")
    assert api.get("/audit", limit=0).status_code == 422
    assert api.get("/audit", action="nope").status_code == 422
    backwards = api.get("/audit", since="2026-11-05", until="2026-11-01")
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == [{"field": "until", "message": "must not be before since"}]
    for actor_id in (0, 2**63, 10**23):
        refused = api.get("/audit", actor_id=actor_id)
        assert refused.status_code == 422
        assert [e["field"] for e in refused.json()["errors"]] == ["actor_id"]


def test_details_read_as_words_not_as_python(cast):
    entry = audit_record(
        actor=None,
        action=A.ROLE_CHANGED,
        details={
            "team": None,
            "clauses": ["handoff.sla.escalation", "handoff.routing"],
            "ok": True,
        },
    )

    body = admin_client(cast).get("/audit/").content.decode()
    row = body[body.index(f'id="entry-{entry.pk}"') :].split("</tr>")[0]

    assert "Zespół:</span> —" in row
    assert "Punkty umowy:</span> handoff.sla.escalation, handoff.routing" in row
    assert "ok:</span> tak" in row
    assert "None" not in row and "[" not in row


def test_people_read_by_name_and_a_lead_is_a_link(cast):
    piotr, anna = cast["piotr"], cast["anna"]
    moved = audit_record(
        actor=None,
        action=A.LEAD_REASSIGNED,
        target_type="lead",
        target_id=55,
        details={"from": piotr.pk, "to": anna.pk, "clauses": ["handoff.sla.escalation"]},
    )
    role = audit_record(
        actor=cast["adam"],
        action=A.ROLE_CHANGED,
        target_type="user",
        target_id=piotr.pk,
        details={"from": "sales_rep", "to": "sales_manager"},
    )

    body = admin_client(cast).get("/audit/").content.decode()

    def row(entry: AuditEntry) -> str:
        return body[body.index(f'id="entry-{entry.pk}"') :].split("</tr>")[0]

    assert '<a href="/leads/55/">Lead 55</a>' in row(moved), "a lead no longer there"
    assert f"Od:</span> {piotr.name}" in row(moved)
    assert f"Do:</span> {anna.name}" in row(moved)
    assert f">{piotr.name}</td>" in row(role)
    assert "Od:</span> Handlowiec" in row(role), "a role change's from/to are roles"
