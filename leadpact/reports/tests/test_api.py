import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
READ = ["reports:read"]


@pytest.fixture
def october(example: AgreementVersion, cast: dict[str, User]) -> None:
    h = History(example)
    h.mql(h.lead("l1@acme.pl"), at("2026-10-05 10:00"), cast["piotr"])


@pytest.fixture(autouse=True)
def _november() -> Any:
    with time_machine.travel(at("2026-11-04 12:00"), tick=False):
        yield


def test_the_report_as_json(october: None, api_for: Callable[..., Any]) -> None:
    response = api_for("marta", scopes=READ).get("/reports/2026-10")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["period"] == "2026-10"
    assert body["mql"] == {"icp": 1, "non_icp": 0, "total": 1}
    assert (body["starts_at"], body["ends_at"]) == (
        "2026-09-30T22:00:00+00:00",
        "2026-10-31T23:00:00+00:00",
    )
    assert list(body)[:8] == ["period", "period_kind", "time_zone", "starts_at", "ends_at", "generated_at", "agreement_versions", "mql"]  # fmt: skip


def test_the_report_as_csv_and_xlsx(october: None, api_for: Callable[..., Any]) -> None:
    api = api_for("sylwia", scopes=READ)
    response = api.get("/reports/2026-Q4", format="csv", lang="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="leadpact-report-2026-Q4.csv"' in response["Content-Disposition"]
    rows = {row[1]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["mql.total"][2:4] == ["MQLs", "1"]

    response = api.get("/reports/2026-10", format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Podsumowanie" in load_workbook(io.BytesIO(response.content)).sheetnames


def test_without_a_token_401(october: None) -> None:
    assert Client().get("/api/v1/reports/2026-10").status_code == 401
    wrong = Client().get("/api/v1/reports/2026-10", headers={"Authorization": "Bearer lp_wrong"})
    assert wrong.status_code == 401


def test_without_the_reports_scope_403(october: None, api_for: Callable[..., Any]) -> None:
    response = api_for("marta", scopes=["leads:read"]).get("/reports/2026-10")
    assert response.status_code == 403
    assert "reports:read" in response.json()["detail"]


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "october"])
def test_a_bad_period_422(october: None, api_for: Callable[..., Any], period: str) -> None:
    response = api_for("marta", scopes=READ).get(f"/reports/{period}")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "period", "message": "expected YYYY-MM or YYYY-QN"}
    ]


@pytest.mark.parametrize("period", ["2026-12", "2027-Q1", "2030-01"])
def test_a_period_that_has_not_begun_422(
    october: None, api_for: Callable[..., Any], period: str
) -> None:
    response = api_for("marta", scopes=READ).get(f"/reports/{period}")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "period", "message": "has not begun yet"}]


def test_the_running_period_is_reported(october: None, api_for: Callable[..., Any]) -> None:
    assert api_for("marta", scopes=READ).get("/reports/2026-11").status_code == 200
    assert api_for("marta", scopes=READ).get("/reports/2026-Q4").status_code == 200


def test_a_bad_format_422(october: None, api_for: Callable[..., Any]) -> None:
    response = api_for("marta", scopes=READ).get("/reports/2026-10", format="pdf")
    assert response.status_code == 422


def test_no_agreement_yet_409(cast: dict[str, User], api_for: Callable[..., Any]) -> None:
    response = api_for("marta", scopes=READ).get("/reports/2026-10")
    assert response.status_code == 409


def test_the_operation_is_in_the_openapi_schema(api_for: Callable[..., Any]) -> None:
    schema = api_for("marta").get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports/{period}"]["get"]
    assert operation["operationId"] == "report_get"
