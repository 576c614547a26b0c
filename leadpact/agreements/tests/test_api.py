"""/api/v1/agreement: read versions with any reading token; propose, sign and activate with
`agreement:write`, signing with the signer's own credentials."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.tests.conftest import MARTA, TOMASZ
from leadpact.users.services import token_create

HOT = "temperature.marketing.hot"


@pytest.fixture
def as_head(heads, api):
    client = type(api)  # the root conftest's JSON client, here for users outside the cast

    def make(name: str, scopes: list[str] | None = None):
        return client(token_create(user=heads[name], name="test", scopes=scopes).secret)

    return make


def test_a_token_is_needed(api):
    assert type(api)(None).get("/agreement/versions").status_code == 401
    assert type(api)("lp_wrong").post("/agreement/versions", {"text": "x"}).status_code == 401


def test_propose_returns_the_new_number(as_head, heads, example_text):
    response = as_head("marta").post("/agreement/versions", {"text": example_text})
    assert response.status_code == 201, response.content
    assert response.json() == {"number": 1, "status": "draft"}
    assert AgreementVersion.objects.get(number=1).proposed_by == heads["marta"]


def test_propose_accepts_json(as_head, agreement_text):
    import yaml

    text = json.dumps(yaml.safe_load(agreement_text()), default=str)
    response = as_head("marta").post("/agreement/versions", {"text": text, "format": "json"})
    assert response.status_code == 201, response.content
    assert AgreementVersion.objects.get().source_format == "json"


def test_an_invalid_agreement_is_answered_with_its_problems(as_head, example_text):
    broken = example_text.replace(f"owner: {MARTA}", "owner: nobody@leadpact.demo", 1)
    assert broken != example_text
    response = as_head("marta").post("/agreement/versions", {"text": broken})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "agreement_invalid"
    problem = next(p for p in body["errors"] if p["path"] == "parties.marketing.owner")
    assert problem["message"] == "no user with this e-mail"
    assert isinstance(problem["line"], int)


def test_propose_needs_the_write_scope(as_head, example_text):
    response = as_head("marta", scopes=["leads:read"]).post(
        "/agreement/versions", {"text": example_text}
    )
    assert response.status_code == 403


def test_read_a_version(as_head, draft):
    response = as_head("tomasz", scopes=["leads:read"]).get("/agreement/versions/1", lang="en")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1 and body["status"] == "draft"
    assert body["waiting_for"] == [MARTA, TOMASZ]
    assert body["document"]["parties"]["sales"]["owner"] == TOMASZ
    assert HOT in [clause["id"] for clause in body["clauses"]]


def test_list_versions(api, draft):
    response = api.get("/agreement/versions")
    assert response.status_code == 200
    assert [v["number"] for v in response.json()] == [1]


def test_an_unknown_version_is_404(api, heads):
    assert api.get("/agreement/versions/7").status_code == 404
    assert api.post("/agreement/versions/7/sign").status_code == 404


def test_the_document(api, draft):
    html = api.get("/agreement/versions/1/document", format="html", lang="en")
    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert f'id="{HOT}"' in html.content.decode()
    markdown = api.get("/agreement/versions/1/document", format="md")
    assert markdown["Content-Type"].startswith("text/markdown")


def test_each_head_signs_with_their_own_token(as_head, draft, api):
    first = as_head("marta").post("/agreement/versions/1/sign")
    assert first.status_code == 200, first.content
    assert first.json()["waiting_for"] == [TOMASZ]
    assert as_head("marta").post("/agreement/versions/1/sign").status_code == 409
    second = as_head("tomasz").post("/agreement/versions/1/sign")
    assert second.json()["status"] == "signed"
    assert [s["signer_email"] for s in second.json()["signatures"]] == [MARTA, TOMASZ]


def test_someone_not_named_cannot_sign(api, draft):
    response = api.post("/agreement/versions/1/sign")
    assert response.status_code == 403
    assert MARTA in response.json()["detail"]


def test_activate(as_head, signed):
    response = as_head("tomasz").post("/agreement/versions/1/activate")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"


def test_activate_from_a_future_time(as_head, signed):
    when = (timezone.now() + timedelta(days=3)).isoformat()
    response = as_head("marta").post("/agreement/versions/1/activate", {"effective_from": when})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "signed"
    assert response.json()["effective_from"] is not None


def test_a_draft_is_not_activated(as_head, draft):
    assert as_head("marta").post("/agreement/versions/1/activate").status_code == 409


def test_a_rep_cannot_activate(api_for, signed):
    assert api_for("piotr").post("/agreement/versions/1/activate").status_code == 403
