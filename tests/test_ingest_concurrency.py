"""Eight clients post the same touches at the same moment: each is stored exactly once.

Real threads, each with its own database connection, through the real view; PostgreSQL only
(SQLite serialises writers, so there is no race to lose).
"""

import json
import random
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from leadpact.accounts.models import Account
from leadpact.core.models import IdempotencyKey
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import touch_payload
from leadpact.users.models import User
from leadpact.users.services import token_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
TOUCHES, LEADS, ACCOUNTS = 50, 20, 10


def the_batch() -> list[dict[str, Any]]:
    """50 touches for 20 new leads at 10 new accounts."""
    items = []
    for n in range(TOUCHES):
        person, firm = n % LEADS, n % ACCOUNTS
        items.append(
            touch_payload(
                f"reg-{n}",
                email=f"osoba{person}@firma{firm}.pl",
                domain=f"firma{firm}.pl",
                lead={"first_name": f"Osoba {person}"},
                account={"name": f"Firma {firm}"},
                type=("webinar_registration", "webinar_attended", "ebook_download")[n % 3],
            )
        )
    return items


Response = tuple[int, Any]


def post_at_once(bodies: list[bytes], headers: dict[str, str]) -> list[Response]:
    """POST each body from its own thread, all released by one barrier."""
    barrier = threading.Barrier(len(bodies))
    responses: list[Response | None] = [None] * len(bodies)
    failures: list[BaseException] = []

    def client(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = Client(raise_request_exception=False).post(
                "/api/v1/touches", bodies[index], content_type="application/json", headers=headers
            )
            body = (
                response.json()
                if response["Content-Type"].startswith("application/json")
                else response.content
            )
            responses[index] = (response.status_code, body)
        except BaseException as error:  # reported below, with the thread that failed
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a client hung (deadlock?)"
    assert not failures, failures
    return [response for response in responses if response is not None]


@pytest.fixture
def authorization(cast: dict[str, User]) -> dict[str, str]:
    issued = token_create(user=cast["marta"], name="race", scopes=["touches:write"])
    return {"Authorization": f"Bearer {issued.secret}"}


def assert_each_stored_once(items: list[dict[str, Any]]) -> None:
    external_ids = sorted(Touch.objects.values_list("external_id", flat=True))
    assert external_ids == sorted(item["external_id"] for item in items)
    emails = {item["lead"]["email"] for item in items}
    assert sorted(Lead.objects.values_list("email", flat=True)) == sorted(emails)
    domains = {item["account"]["domain"] for item in items}
    assert sorted(Account.objects.values_list("domain", flat=True)) == sorted(domains)
    created_events = Counter(
        LeadEvent.objects.filter(kind=LeadEvent.Kind.CREATED).values_list("lead__email", flat=True)
    )
    assert created_events == dict.fromkeys(emails, 1)
    for touch in Touch.objects.select_related("lead", "account"):
        n = int(touch.external_id.removeprefix("reg-"))
        assert touch.lead.email == f"osoba{n % LEADS}@firma{n % ACCOUNTS}.pl"
        assert touch.account is not None
        assert touch.account.domain == f"firma{n % ACCOUNTS}.pl"


def test_eight_clients_posting_the_same_batch_store_each_touch_once(
    authorization: dict[str, str],
) -> None:
    items = the_batch()
    body = json.dumps({"touches": items}).encode()

    responses = post_at_once([body] * THREADS, authorization)

    assert [status for status, _ in responses] == [200] * THREADS, responses
    assert_each_stored_once(items)
    outcomes: dict[str, Counter[str]] = {item["external_id"]: Counter() for item in items}
    touch_ids = dict(Touch.objects.values_list("external_id", "id"))
    lead_ids = dict(Lead.objects.values_list("email", "id"))
    for _, answer in responses:
        assert answer["created"] + answer["duplicates"] == TOUCHES
        for item, result in zip(items, answer["results"], strict=True):
            outcomes[item["external_id"]][result["outcome"]] += 1
            assert result["touch_id"] == touch_ids[item["external_id"]]
            assert result["lead_id"] == lead_ids[item["lead"]["email"]]
    assert all(count == {"created": 1, "duplicate": THREADS - 1} for count in outcomes.values())


def test_overlapping_batches_in_different_orders_do_not_deadlock(
    authorization: dict[str, str],
) -> None:
    items = the_batch()
    shuffler = random.Random(2026)
    bodies = []
    for _ in range(THREADS):
        mine = shuffler.sample(items, k=35)
        bodies.append(json.dumps({"touches": mine}).encode())

    responses = post_at_once(bodies, authorization)

    assert [status for status, _ in responses] == [200] * THREADS, responses
    posted = {item["external_id"] for body in bodies for item in json.loads(body)["touches"]}
    assert sorted(Touch.objects.values_list("external_id", flat=True)) == sorted(posted)
    created = Counter(
        result["touch_id"]
        for _, answer in responses
        for result in answer["results"]
        if result["outcome"] == "created"
    )
    assert set(created.values()) == {1}
    assert len(created) == len(posted)


def test_eight_clients_sharing_an_idempotency_key_process_the_batch_once(
    authorization: dict[str, str],
) -> None:
    items = the_batch()
    body = json.dumps({"touches": items}).encode()
    headers = {**authorization, "Idempotency-Key": "import-2026-10-06"}

    responses = post_at_once([body] * THREADS, headers)

    statuses = Counter(status for status, _ in responses)
    assert set(statuses) <= {200, 409}, responses
    processed = [a for s, a in responses if s == 200 and a["created"] == TOUCHES]
    assert len(processed) == 1, "exactly one client did the work"
    replayed = [a for s, a in responses if s == 200 and a["created"] != TOUCHES]
    assert all(answer == processed[0] for answer in replayed)
    for status, answer in responses:
        if status == 409:
            assert "still being processed" in answer["detail"]
    assert_each_stored_once(items)
    assert IdempotencyKey.objects.get().status_code == 200

    retry = post_at_once([body], headers)

    assert retry == [(200, processed[0])]
    assert Touch.objects.count() == TOUCHES


def test_concurrent_upserts_of_one_lead_create_it_once(authorization: dict[str, str]) -> None:
    bodies = [
        json.dumps({"touches": [touch_payload(f"t-{n}", email="Anna@Stalex.pl")]}).encode()
        for n in range(THREADS)
    ]

    responses = post_at_once(bodies, authorization)

    assert [status for status, _ in responses] == [200] * THREADS, responses
    lead = Lead.objects.get()
    assert lead.email == "anna@stalex.pl"
    assert {answer["results"][0]["lead_id"] for _, answer in responses} == {lead.pk}
    assert Touch.objects.filter(lead=lead).count() == THREADS
    assert LeadEvent.objects.filter(lead=lead, kind=LeadEvent.Kind.CREATED).count() == 1


def icp_fit_touch(external_id: str, type_: str, person: int) -> dict[str, Any]:
    firm = person % ACCOUNTS
    return touch_payload(
        external_id,
        type=type_,
        email=f"osoba{person}@firma{firm}.pl",
        domain=f"firma{firm}.pl",
        lead={"job_title": "Dyrektor IT"},
        account={
            "industry": "manufacturing",
            "employees": 800,
            "country": "PL",
            "annual_revenue": "120000000",
        },
        occurred_at="2026-10-07T10:00:00+02:00",
    )


def test_with_the_agreement_in_force_each_lead_is_handed_off_once(
    activate_example: Callable[[], Any], authorization: dict[str, str]
) -> None:
    """Webinar attended + e-book at an ICP-fit account makes an MQL (the article's warm lead).
    Eight clients each bring their own such touches for the same known leads, so nothing
    makes them queue on a unique key: the leads are judged at the same moment, and still
    each is handed off once."""
    registrations = [
        icp_fit_touch(f"registration-{person}", "webinar_registration", person)
        for person in range(LEADS)
    ]
    bodies = [
        json.dumps(
            {
                "touches": [
                    icp_fit_touch(f"{type_}-{person}-{client}", type_, person)
                    for person in range(LEADS)
                    for type_ in ("webinar_attended", "ebook_download")
                ]
            }
        ).encode()
        for client in range(THREADS)
    ]

    with time_machine.travel("2026-10-07 11:00 +02:00", tick=False):
        activate_example()
        [(status, _)] = post_at_once(
            [json.dumps({"touches": registrations}).encode()], authorization
        )
        assert status == 200
        assert set(Lead.objects.values_list("stage", flat=True)) == {Lead.Stage.INQUIRY}

        responses = post_at_once(bodies, authorization)

    assert [status for status, _ in responses] == [200] * THREADS, responses
    assert Touch.objects.count() == LEADS + THREADS * 2 * LEADS
    assert Lead.objects.count() == LEADS
    assert set(Lead.objects.values_list("stage", flat=True)) == {Lead.Stage.MQL}
    lead_ids = Lead.objects.values_list("pk", flat=True)
    assert Counter(Handoff.objects.values_list("lead_id", flat=True)) == dict.fromkeys(lead_ids, 1)
    for kind in (LeadEvent.Kind.CREATED, LeadEvent.Kind.STAGE):
        events = LeadEvent.objects.filter(kind=kind).values_list("lead_id", flat=True)
        assert Counter(events) == dict.fromkeys(lead_ids, 1), kind
