import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from leadpact.accounts.models import Account
from leadpact.core.models import IdempotencyKey
from leadpact.leads.models import Lead, LeadEvent
from leadpact.touches.models import Touch
from leadpact.touches.schemas import MAX_BATCH
from leadpact.touches.tests.factories import touch_payload
from leadpact.users.models import ApiToken, User
from leadpact.users.services import token_revoke

pytestmark = pytest.mark.django_db

ApiFor = Callable[..., Any]


def stored() -> tuple[int, int, int, int]:
    return (
        Touch.objects.count(),
        Lead.objects.count(),
        Account.objects.count(),
        LeadEvent.objects.count(),
    )


def batch(*items: dict[str, Any]) -> dict[str, Any]:
    return {"touches": list(items)}


def test_a_batch_answers_each_item_s_outcome_and_lead(api: Any) -> None:
    Lead.objects.create(email="known@stalex.pl")
    first = api.post("/touches", batch(touch_payload("reg-1", email="anna@stalex.pl")))

    response = api.post(
        "/touches",
        batch(
            touch_payload("reg-2", email="Piotr@Kross.pl", domain="kross.pl"),
            touch_payload("reg-1", email="anna@stalex.pl"),
            touch_payload("reg-3", email="known@stalex.pl"),
        ),
    )

    assert first.status_code == 200
    assert response.status_code == 200, response.content
    body = response.json()
    piotr = Lead.objects.get(email="piotr@kross.pl")
    anna = Lead.objects.get(email="anna@stalex.pl")
    known = Lead.objects.get(email="known@stalex.pl")
    assert (body["created"], body["duplicates"]) == (2, 1)
    assert body["results"] == [
        {
            "index": 0,
            "outcome": "created",
            "lead_id": piotr.pk,
            "touch_id": Touch.objects.get(external_id="reg-2").pk,
        },
        {
            "index": 1,
            "outcome": "duplicate",
            "lead_id": anna.pk,
            "touch_id": first.json()["results"][0]["touch_id"],
        },
        {
            "index": 2,
            "outcome": "created",
            "lead_id": known.pk,
            "touch_id": Touch.objects.get(external_id="reg-3").pk,
        },
    ]
    assert Touch.objects.count() == 3


def post_touches(headers: dict[str, str]) -> Any:
    return Client().post(
        "/api/v1/touches",
        batch(touch_payload("reg-1")),
        content_type="application/json",
        headers=headers,
    )


def test_without_a_token_the_answer_is_401(cast: Any) -> None:
    response = post_touches({})

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert stored() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "authorization", ["Bearer lp_not-a-real-token", "Bearer ", "Token lp_x", "lp_x"]
)
def test_an_unknown_or_malformed_token_is_401(cast: Any, authorization: str) -> None:
    response = post_touches({"Authorization": authorization})

    assert response.status_code == 401
    assert stored() == (0, 0, 0, 0)


def test_a_revoked_token_is_401(api_for: ApiFor, cast: dict[str, User]) -> None:
    client = api_for("marta", scopes=["touches:write"])
    assert client.post("/touches", batch(touch_payload("reg-1"))).status_code == 200
    token_revoke(token_id=ApiToken.objects.get(user=cast["marta"]).pk)

    response = client.post("/touches", batch(touch_payload("reg-2")))

    assert response.status_code == 401
    assert Touch.objects.count() == 1


def test_a_token_without_touches_write_is_403(api_for: ApiFor) -> None:
    client = api_for("piotr", scopes=["leads:read", "leads:act"])

    response = client.post("/touches", batch(touch_payload("reg-1")))

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "touches:write" in response.json()["detail"]
    assert stored() == (0, 0, 0, 0)


def test_a_batch_with_invalid_items_is_refused_whole_listing_every_error(api: Any) -> None:
    good = touch_payload("reg-1")
    no_email = touch_payload("reg-2")
    del no_email["lead"]["email"]
    naive_time = touch_payload("reg-3", occurred_at="2026-10-06T10:00:00")
    bad_domain_and_type = touch_payload("reg-4", domain="not a domain", type="Webinar!")
    unknown_field = touch_payload("reg-5", colour="red")

    response = api.post(
        "/touches", batch(good, no_email, naive_time, bad_domain_and_type, unknown_field)
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "nothing was stored" in body["detail"]
    where = sorted((e["item"], e["field"]) for e in body["errors"])
    assert where == [
        (1, "lead.email"),
        (2, "occurred_at"),
        (3, "account.domain"),
        (3, "type"),
        (4, "colour"),
    ]
    messages = {(e["item"], e["field"]): e["message"] for e in body["errors"]}
    assert "domain name" in messages[(3, "account.domain")]
    assert "timezone" in messages[(2, "occurred_at")].lower()
    assert stored() == (0, 0, 0, 0)


def test_an_empty_batch_is_422(api: Any) -> None:
    response = api.post("/touches", batch())

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "touches"
    assert "item" not in error


def test_more_than_the_batch_limit_is_422_and_stores_nothing(api: Any) -> None:
    items = [touch_payload(f"reg-{n}", email=f"l{n}@stalex.pl") for n in range(MAX_BATCH + 1)]

    too_many = api.post("/touches", batch(*items))
    at_limit = api.post("/touches", batch(*items[:MAX_BATCH]))

    assert too_many.status_code == 422
    assert [e["field"] for e in too_many.json()["errors"]] == ["touches"]
    assert at_limit.status_code == 200
    assert Touch.objects.count() == MAX_BATCH


def test_a_body_that_is_not_json_is_400_in_the_error_envelope(api: Any) -> None:
    response = api.post("/touches", b'{"touches": [')

    assert response.status_code == 400
    assert response.json() == {"code": "bad_request", "detail": "Cannot parse request body"}
    assert stored() == (0, 0, 0, 0)


def _oversized_body() -> bytes:
    padding = "x" * (settings.API_MAX_BODY_BYTES + 1)
    return json.dumps(batch(touch_payload("reg-1", answers={"padding": padding}))).encode()


def test_a_body_over_the_size_limit_is_413(api: Any) -> None:
    response = api.post("/touches", _oversized_body())

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert stored() == (0, 0, 0, 0)


def test_a_body_just_under_the_size_limit_is_read(api: Any) -> None:
    item = touch_payload("reg-1", answers={"padding": ""})
    overhead = len(json.dumps(batch(item)).encode())
    item["answers"]["padding"] = "x" * (settings.API_MAX_BODY_BYTES - overhead)
    body = json.dumps(batch(item)).encode()
    assert len(body) == settings.API_MAX_BODY_BYTES

    response = api.post("/touches", body)

    assert response.status_code == 200, response.content[:300]
    assert Touch.objects.count() == 1


def test_a_chunked_body_without_content_length_is_refused_unread(api: Any) -> None:
    # Behind a WSGI server Django never reads a body of unknown length, so the API asks for a
    # Content-Length (411) instead of pretending the body was empty.
    response = api.client.post(
        "/api/v1/touches",
        _oversized_body(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}", "Transfer-Encoding": "chunked"},
        CONTENT_LENGTH="",
    )

    assert response.status_code == 411
    assert response.json()["code"] == "length_required"
    assert stored() == (0, 0, 0, 0)


class TestIdempotencyKey:
    def test_the_same_key_and_body_replay_the_first_answer(self, api: Any) -> None:
        body = batch(touch_payload("reg-1"), touch_payload("reg-2", email="piotr@stalex.pl"))
        headers = {"Idempotency-Key": "import-2026-10-06"}

        first = api.post("/touches", body, headers=headers)
        Touch.objects.filter(external_id="reg-2").delete()
        second = api.post("/touches", body, headers=headers)

        assert first.status_code == second.status_code == 200
        assert first.json()["created"] == 2
        assert second.json() == first.json()
        assert second["Idempotent-Replayed"] == "true"
        assert not first.has_header("Idempotent-Replayed")
        assert list(Touch.objects.values_list("external_id", flat=True)) == ["reg-1"]

    def test_the_same_key_with_another_body_is_422(self, api: Any) -> None:
        headers = {"Idempotency-Key": "k-1"}
        api.post("/touches", batch(touch_payload("reg-1")), headers=headers)

        response = api.post("/touches", batch(touch_payload("reg-2")), headers=headers)

        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"
        assert list(Touch.objects.values_list("external_id", flat=True)) == ["reg-1"]

    def test_a_key_still_being_processed_is_409(self, api: Any) -> None:
        body = batch(touch_payload("reg-1"))
        api.post("/touches", body, headers={"Idempotency-Key": "k-1"})
        IdempotencyKey.objects.update(status_code=None, response_body=None)

        response = api.post("/touches", body, headers={"Idempotency-Key": "k-1"})

        assert response.status_code == 409
        assert "still being processed" in response.json()["detail"]

    def test_keys_belong_to_one_token(self, api_for: ApiFor) -> None:
        marta, adam = api_for("marta"), api_for("adam")
        headers = {"Idempotency-Key": "k-1"}

        mine = marta.post("/touches", batch(touch_payload("reg-1")), headers=headers)
        theirs = adam.post("/touches", batch(touch_payload("reg-2")), headers=headers)

        assert (mine.status_code, theirs.status_code) == (200, 200)
        assert not theirs.has_header("Idempotent-Replayed")
        assert Touch.objects.count() == 2

    def test_a_refused_request_does_not_use_up_its_key(self, api_for: ApiFor) -> None:
        reader = api_for("piotr", scopes=["leads:read"])
        body, headers = batch(touch_payload("reg-1")), {"Idempotency-Key": "k-1"}

        assert reader.post("/touches", body, headers=headers).status_code == 403
        assert not IdempotencyKey.objects.exists()

    def test_an_over_long_key_is_422(self, api: Any) -> None:
        response = api.post(
            "/touches", batch(touch_payload("reg-1")), headers={"Idempotency-Key": "k" * 256}
        )

        assert response.status_code == 422
        assert Touch.objects.count() == 0


def test_a_touch_type_the_agreement_does_not_define_is_refused_naming_the_item(
    api: Any, activate_example: Callable[[], Any]
) -> None:
    activate_example()
    good = touch_payload(external_id="a-1", type="webinar_attended")
    typo = touch_payload(external_id="a-2", type="webinar_atended")

    response = api.post("/touches", batch(good, typo))

    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert (error["item"], error["field"]) == (1, "type")
    assert error["message"].startswith("'webinar_atended' is not a touch type of the agreement")
    assert "webinar_attended" in error["message"]
    assert stored() == (0, 0, 0, 0)


def test_without_an_agreement_in_force_any_touch_type_is_stored(api: Any) -> None:
    response = api.post("/touches", batch(touch_payload("a-1", type="anything_goes")))

    assert response.status_code == 200, response.content
    assert Touch.objects.get().type == "anything_goes"
