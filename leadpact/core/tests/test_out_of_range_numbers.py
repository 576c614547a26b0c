"""Numbers past what the databases hold answer as Django's ORM does — no such row, an empty
page — instead of a 500: SQLite raised OverflowError binding them."""

import pytest

from conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/leads/99999999999999999999",
        "/leads/99999999999999999999/accept",
        "/notifications/99999999999999999999/read",
    ],
)
def test_an_id_beyond_64_bits_is_404_not_a_failure(api: ApiClient, path: str) -> None:
    response = (api.post if path.endswith(("accept", "read")) else api.get)(path)

    assert response.status_code == 404, response.content


@pytest.mark.parametrize("path", ["/leads", "/audit", "/information-requests", "/notifications"])
def test_a_page_past_any_row_count_is_empty_and_a_negative_offset_422(
    api: ApiClient, path: str
) -> None:
    far = api.get(path, offset=10**20)
    negative = api.get(path, offset=-1)

    assert (far.status_code, far.json()["items"]) == (200, [])
    assert (negative.status_code, negative.json()["code"]) == (422, "invalid")
    assert negative.json()["errors"] == [{"field": "offset", "message": "must be 0 or more"}]
