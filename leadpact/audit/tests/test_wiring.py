"""Each security-relevant action writes its entry in its own transaction: users, tokens and
the agreement's sign-off (sign-in is in test_sign_in)."""

import pytest
from django.core.management import call_command
from django.test import Client

from leadpact.agreements.services import agreement_version_activate, agreement_version_sign
from leadpact.audit.models import AuditEntry
from leadpact.core.exceptions import ApplicationError
from leadpact.leads.lifecycle import handoff_reassign
from leadpact.leads.tests.scenarios import at, in_force, mql_at
from leadpact.users.models import ApiToken, User
from leadpact.users.services import (
    token_create,
    token_revoke,
    user_create,
    user_deactivate,
    user_role_change,
)

A = AuditEntry.Action


def only(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_creating_a_user_records_their_role_not_their_address(cast):
    user = user_create(
        email="nowy@firma.pl",
        role="sales_rep",
        password=None,
        team_slug="sales-sme",
        actor=cast["adam"],
    )
    entry = AuditEntry.objects.get(action=A.USER_CREATED, target_id=str(user.pk))
    assert entry.actor == cast["adam"]
    assert entry.details == {"role": "sales_rep", "team": "sales-sme"}
    assert "nowy" not in str(entry.details)


def test_a_refused_user_creation_leaves_no_entry(cast):
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        user_create(email="piotr@firma.pl", role="sales_rep", password=None)
    assert AuditEntry.objects.count() == before


def test_a_role_change_records_from_and_to(cast):
    user_role_change(user=cast["piotr"], role="sales_manager", actor=cast["adam"], ip="192.0.2.1")
    entry = only(A.ROLE_CHANGED)
    assert (entry.actor, entry.target_id, entry.ip) == (
        cast["adam"],
        str(cast["piotr"].pk),
        "192.0.2.1",
    )
    assert entry.details == {"from": "sales_rep", "to": "sales_manager"}
    cast["piotr"].refresh_from_db()
    assert cast["piotr"].role == "sales_manager"


def test_promoting_to_admin_opens_the_admin_site_and_is_logged(cast):
    user_role_change(user=cast["marta"], role="admin", actor=cast["adam"])
    cast["marta"].refresh_from_db()
    assert cast["marta"].is_staff and cast["marta"].is_superuser
    assert only(A.ROLE_CHANGED).details == {"from": "marketing", "to": "admin"}


def test_the_same_role_again_is_no_change(cast):
    user_role_change(user=cast["piotr"], role="sales_rep", actor=cast["adam"])
    assert not AuditEntry.objects.filter(action=A.ROLE_CHANGED).exists()


def test_an_unknown_role_is_refused_without_an_entry(cast):
    with pytest.raises(ApplicationError, match="Unknown role 'boss'"):
        user_role_change(user=cast["piotr"], role="boss", actor=cast["adam"])
    assert not AuditEntry.objects.filter(action=A.ROLE_CHANGED).exists()


def test_deactivation_is_logged_once(cast):
    user_deactivate(user=cast["anna"], actor=cast["adam"])
    user_deactivate(user=cast["anna"], actor=cast["adam"])
    assert only(A.USER_DEACTIVATED).target_id == str(cast["anna"].pk)
    cast["anna"].refresh_from_db()
    assert not cast["anna"].is_active


def test_a_token_s_creation_and_revocation_are_logged(cast):
    issued = token_create(user=cast["piotr"], name="crm", scopes=["leads:read"], actor=cast["adam"])
    token_revoke(token_id=issued.token.pk, actor=cast["adam"])
    token_revoke(token_id=issued.token.pk, actor=cast["adam"])

    created, revoked = only(A.TOKEN_CREATED), only(A.TOKEN_REVOKED)
    assert created.details == {"user": cast["piotr"].pk, "scopes": ["leads:read"]}
    assert (revoked.actor, revoked.target_id) == (cast["adam"], str(issued.token.pk))
    assert issued.secret not in str(created.details)


def test_the_token_command_is_logged_as_the_system(cast, capsys):
    call_command("token", "create", "piotr@firma.pl", "--name", "cli", "--scopes", "leads:read")
    token = ApiToken.objects.get(name="cli")
    call_command("token", "revoke", str(token.pk))

    assert only(A.TOKEN_CREATED).actor is None
    assert only(A.TOKEN_REVOKED).target_id == str(token.pk)


def test_the_agreement_s_sign_off_is_logged(signed_version, heads):
    proposed = only(A.AGREEMENT_PROPOSED)
    assert (proposed.actor, proposed.target_type) == (heads["marta"], "agreement_version")
    assert proposed.target_id == str(signed_version.pk)
    signatures = AuditEntry.objects.filter(action=A.AGREEMENT_SIGNED).order_by("id")
    assert [(e.actor, e.details["role"]) for e in signatures] == [
        (heads["marta"], "marketing_owner"),
        (heads["tomasz"], "sales_owner"),
    ]
    assert signatures[1].details["version_status"] == "signed"

    agreement_version_activate(version=signed_version, actor=heads["tomasz"])
    activated = only(A.AGREEMENT_ACTIVATED)
    assert activated.actor == heads["tomasz"]
    assert activated.details["scheduled"] is False


def test_a_refused_signature_is_not_logged(signed_version, cast):
    with pytest.raises(ApplicationError):
        agreement_version_sign(version=signed_version, signer=cast["piotr"])
    assert AuditEntry.objects.filter(action=A.AGREEMENT_SIGNED).count() == 2


def test_changes_in_the_admin_site_are_logged(cast):
    client = Client(REMOTE_ADDR="198.51.100.20")
    client.force_login(cast["adam"])
    piotr = cast["piotr"]
    response = client.post(
        f"/admin/users/user/{piotr.pk}/change/",
        {
            "email": piotr.email,
            "name": piotr.name,
            "role": "sales_manager",
            "team": piotr.team_id,
            "language": piotr.language,
            "time_zone": piotr.time_zone,
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role, deactivated = only(A.ROLE_CHANGED), only(A.USER_DEACTIVATED)
    assert role.details == {"from": "sales_rep", "to": "sales_manager"}
    assert (role.actor, role.ip) == (cast["adam"], "198.51.100.20")
    assert deactivated.target_id == str(piotr.pk)
    assert User.objects.get(pk=piotr.pk).is_active is False


def test_a_reassignment_records_the_two_reps_by_id(activate_example, cast):
    in_force(activate_example)
    lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
    handoff_reassign(lead_id=lead.pk, actor=cast["sylwia"], to=cast["anna"])

    entry = only(A.LEAD_REASSIGNED)
    assert (entry.actor, entry.actor_role) == (cast["sylwia"], "sales_manager")
    assert (entry.target_type, entry.target_id) == ("lead", str(lead.pk))
    assert entry.details == {
        "from": cast["piotr"].pk,
        "to": cast["anna"].pk,
        "clauses": ["handoff.assignment"],
    }
    assert "ewa" not in str(entry.details)


def test_a_refused_reassignment_is_not_logged(activate_example, cast):
    in_force(activate_example)
    lead = mql_at(at("2026-10-05 09:00"), "ewa@acme.pl")
    with pytest.raises(ApplicationError):
        handoff_reassign(lead_id=lead.pk, actor=cast["piotr"], to=cast["anna"])
    assert not AuditEntry.objects.filter(action=A.LEAD_REASSIGNED).exists()
