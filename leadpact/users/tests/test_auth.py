from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from leadpact.leads.tests.factories import LeadFactory
from leadpact.touches.tests.factories import touch_payload
from leadpact.users.models import ApiToken, User
from leadpact.users.services import token_create, token_revoke

pytestmark = pytest.mark.django_db

ApiFor = Callable[..., Any]

# (method, path, body, the scope it needs)
OPERATIONS = [
    ("post", "/touches", {"touches": [touch_payload("reg-1")]}, "touches:write"),
    ("post", "/accounts", {"domain": "stalex.pl"}, "touches:write"),
    ("post", "/leads", {"email": "anna@stalex.pl"}, "touches:write"),
    ("get", "/leads", None, "leads:read"),
    ("get", "/leads/{lead}", None, "leads:read"),
]


def call(client: Any, method: str, path: str, body: Any, lead_id: int) -> Any:
    path = path.format(lead=lead_id)
    return client.post(path, body) if method == "post" else client.get(path)


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS)
def test_each_operation_needs_its_scope(
    api_for: ApiFor, method: str, path: str, body: Any, scope: str
) -> None:
    lead = LeadFactory()
    others = [s for s in ApiToken.Scope.values if s != scope]

    without = call(api_for("adam", scopes=others), method, path, body, lead.pk)
    with_it = call(api_for("adam", scopes=[scope]), method, path, body, lead.pk)

    assert without.status_code == 403
    assert without.json()["code"] == "forbidden"
    assert scope in without.json()["detail"]
    assert with_it.status_code in (200, 201), with_it.content


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS)
def test_each_operation_needs_a_valid_token(
    cast: dict[str, User], method: str, path: str, body: Any, scope: str
) -> None:
    lead = LeadFactory()
    revoked = token_create(user=cast["adam"], name="old")
    token_revoke(token_id=revoked.token.pk)
    url = "/api/v1" + path.format(lead=lead.pk)

    for headers in (
        {},
        {"Authorization": "Bearer lp_guess"},
        {"Authorization": f"Bearer {revoked.secret}"},
    ):
        client = Client()
        if method == "post":
            response = client.post(url, body, content_type="application/json", headers=headers)
        else:
            response = client.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert response.json() == {
            "code": "unauthorized",
            "detail": "Missing, unknown or revoked API token.",
        }


def test_a_deactivated_user_s_token_is_401(api_for: ApiFor, cast: dict[str, User]) -> None:
    client = api_for("marta")
    User.objects.filter(pk=cast["marta"].pk).update(is_active=False)

    assert client.get("/leads").status_code == 401
