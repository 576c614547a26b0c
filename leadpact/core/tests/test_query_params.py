"""A GET's query names what it wants; a name the endpoint does not take is refused with 422,
never ignored: `?stag=mql` answering every lead would look like a filter that worked."""

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

EVERY_SCOPE = ["leads:read", "reports:read", "privacy:admin"]


@pytest.mark.parametrize(
    ("url", "unknown", "one_it_takes"),
    [
        ("/leads?stag=mql", "stag", "stage"),
        ("/leads?page=2&limit=5", "page", "offset"),
        ("/reports/2026-10?fromat=csv", "fromat", "format"),
        ("/audit?actor=3", "actor", "actor_id"),
        ("/notifications?read=false", "read", "unread"),
        ("/information-requests?state=open", "state", "status"),
        ("/agreement/versions/1?language=en", "language", "lang"),
        ("/agreement/versions/1/document?fmt=md", "fmt", "format"),
    ],
)
def test_an_unknown_parameter_is_named_with_what_the_request_takes(
    api_for: Callable[..., Any], url: str, unknown: str, one_it_takes: str
) -> None:
    response = api_for("adam", scopes=EVERY_SCOPE).get(url)

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    [error] = body["errors"]
    assert error["field"] == unknown
    assert one_it_takes in error["message"].split("it takes ")[1].split(", ")


def test_every_unknown_parameter_is_named_at_once(api_for: Callable[..., Any]) -> None:
    response = api_for("adam", scopes=EVERY_SCOPE).get("/leads?stag=mql&ower=me&limit=5")

    assert [e["field"] for e in response.json()["errors"]] == ["ower", "stag"]


@pytest.mark.parametrize(
    "url",
    [
        "/leads?stage=mql&limit=5&offset=0&email=anna@stalex.pl",
        "/audit?since=2026-10-01&limit=5",
        "/notifications?unread=true",
        "/information-requests?status=open",
    ],
)
def test_the_parameters_it_takes_still_answer(api_for: Callable[..., Any], url: str) -> None:
    assert api_for("adam", scopes=EVERY_SCOPE).get(url).status_code == 200


def test_the_reports_parameters_stay_in_the_openapi_schema(api_for: Callable[..., Any]) -> None:
    schema = api_for("marta").get("/openapi.json").json()
    parameters = schema["paths"]["/api/v1/reports/{period}"]["get"]["parameters"]

    assert {p["name"] for p in parameters if p["in"] == "query"} == {"format", "lang"}


@pytest.mark.parametrize(
    "url", ["/agreement/versions?page=2", "/webhooks?x=1", "/privacy/exports/ewa@acme.pl?x=1"]
)
def test_an_operation_that_takes_no_parameters_refuses_any(
    api_for: Callable[..., Any], url: str
) -> None:
    response = api_for("adam", scopes=EVERY_SCOPE).get(url)

    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["message"] == "is not a parameter of this request; it takes none"


@pytest.mark.parametrize("email", ["notanemail", ".."])
def test_an_export_needs_an_e_mail_address(api_for: Callable[..., Any], email: str) -> None:
    response = api_for("adam", scopes=EVERY_SCOPE).get(f"/privacy/exports/{email}")

    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["email"]
