"""Times and days outside the years leadpact stores (1900–2999) are refused at every interface:
year 1 east of UTC is before year 1 in UTC, which PostgreSQL stored and Python could not read
back (every read of the row failed after), and converting such a day to UTC overflowed on SQLite."""

from typing import Any

import pytest
from django.test import Client

from conftest import ApiClient
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import touch_payload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/touches",
            {"touches": [touch_payload("r1", occurred_at="0001-01-01T00:00:00+14:00")]},
            "occurred_at",
        ),
        (
            "/touches",
            {"touches": [touch_payload("r1", occurred_at="9999-12-31T23:59:59-14:00")]},
            "occurred_at",
        ),
        (
            "/leads/1/qualify",
            {"product_potential": True, "meeting_at": "0001-01-01T00:00"},
            "meeting_at",
        ),
        ("/leads/1/first-contact", {"at": "1899-12-31T23:59:59Z"}, "at"),
        (
            "/agreement/versions/1/activate",
            {"effective_from": "3000-01-01T00:00:00Z"},
            "effective_from",
        ),
    ],
)
def test_a_moment_outside_the_years_leadpact_stores_is_422(
    api: ApiClient, path: str, body: dict[str, Any], field: str
) -> None:
    # Year 1 east of UTC is before year 1 in UTC: PostgreSQL stored it, and every read of the
    # row failed after; year 10000 in UTC the same.
    response = api.post(path, body)

    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert (error["field"], error["message"]) == (
        field,
        "must be between the years 1900 and 2999",
    )
    assert not Touch.objects.exists()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/leads?updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),
        ("/leads?updated_since=9999-12-31T23:59:59-14:00", "updated_since"),
        ("/audit?since=0001-01-01", "since"),
        ("/audit?until=9999-12-31", "until"),
    ],
)
def test_a_filter_outside_the_years_leadpact_stores_is_422(
    api: ApiClient, path: str, field: str
) -> None:
    # Converting them to UTC overflowed on SQLite: 500.
    response = api.client.get(f"/api/v1{path}", headers=api._headers(None))

    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"field": field, "message": "must be between the years 1900 and 2999"}
    ]


def test_the_audit_page_says_so_of_such_a_day(cast: Any) -> None:
    client = Client()
    client.force_login(cast["adam"])

    response = client.get("/audit/", {"since": "0001-01-01", "until": "9999-12-31"})

    assert response.status_code == 200
    assert response.content.decode().count("Podaj datę z lat 1900–2999.") == 2
