from typing import Any

import pytest
from django.db import IntegrityError

from leadpact.accounts.models import Account
from leadpact.core.models import IdempotencyKey

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "sync-42"}


def test_the_first_answer_is_kept_with_the_key(api: Any) -> None:
    first = api.post("/accounts", {"domain": "stalex.pl"}, headers=KEY)

    record = IdempotencyKey.objects.get()
    assert (record.key, record.path, record.status_code) == ("sync-42", "/api/v1/accounts", 201)
    assert bytes(record.response_body) == first.content
    assert record.scope.startswith("token:")


def test_a_key_used_on_another_endpoint_is_422(api: Any) -> None:
    api.post("/accounts", {"domain": "stalex.pl"}, headers=KEY)

    response = api.post("/leads", {"email": "anna@stalex.pl"}, headers=KEY)

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"


def test_requests_without_a_key_are_not_recorded(api: Any) -> None:
    api.post("/accounts", {"domain": "stalex.pl"})
    api.post("/accounts", {"domain": "stalex.pl"})

    assert not IdempotencyKey.objects.exists()
    assert Account.objects.count() == 1


def test_a_key_released_by_a_failed_first_request_while_we_looked_is_409(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first request held the key when we tried to claim it, then failed and deleted it.
    def held_by_another(**fields: Any) -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(IdempotencyKey.objects, "create", held_by_another)

    response = api.post("/accounts", {"domain": "stalex.pl"}, headers=KEY)

    assert response.status_code == 409
    assert "retry" in response.json()["detail"]
    assert not Account.objects.exists()


def test_each_post_operation_of_the_api_is_idempotent() -> None:
    from config.api import api as ninja_api

    not_wrapped = [
        f"{path}"
        for router_path, router in ninja_api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        if "POST" in operation.methods
        and "inbound" not in path  # signed by the form's secret; a replay is a duplicate touch
        and getattr(operation.view_func, "__wrapped__", None) is None
    ]

    assert not_wrapped == []
