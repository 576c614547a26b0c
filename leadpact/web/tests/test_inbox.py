import pytest
from django.db import transaction

from leadpact.notifications.models import Notification
from leadpact.notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db


def tell(user, lead=None, answer="Dwa webinary."):
    with transaction.atomic():
        return notification_enqueue(
            kind=Notification.Kind.INFORMATION_ANSWERED,
            recipient=user,
            payload={"lead": str(lead) if lead else "Jan Kowal", "answer": answer},
            lead_id=lead.pk if lead else None,
        )


def test_the_unread_count_is_in_every_pages_header(web_for, cast):
    tell(cast["piotr"])
    tell(cast["piotr"])

    page = web_for("piotr").get("/").content.decode()

    assert '<span class="badge" aria-label="2 nieprzeczytane">2</span>' in page
    assert 'class="badge"' not in web_for("anna").get("/").content.decode()


def test_the_inbox_lists_messages_in_the_readers_language_and_links_visible_leads(
    web_for, cast, piotrs_lead
):
    tell(cast["piotr"], lead=piotrs_lead)

    page = web_for("piotr").get("/inbox/").content.decode()

    assert "Odpowiedź na prośbę o informacje" in page
    assert "Dwa webinary." in page
    assert f'href="/leads/{piotrs_lead.pk}/"' in page


def test_mark_one_and_all_read(web_for, cast):
    first = tell(cast["piotr"])
    tell(cast["piotr"])
    client = web_for("piotr")

    client.post(f"/inbox/{first.pk}/read/")
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get("/inbox/").context["unread_count"] == 1
    assert len(client.get("/inbox/?show=unread").context["items"]) == 1

    client.post("/inbox/read-all/")
    assert client.get("/inbox/").context["unread_count"] == 0
    assert "Wszystko przeczytane." in client.get("/inbox/?show=unread").content.decode()


def test_nobody_marks_anothers_notification(web_for, cast):
    theirs = tell(cast["piotr"])

    web_for("anna").post(f"/inbox/{theirs.pk}/read/")

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_empty_inbox_explains_itself(web_for, cast):
    assert "Na razie brak powiadomień." in web_for("marta").get("/inbox/").content.decode()


@pytest.mark.parametrize(
    ("kind", "payload", "href"),
    [
        (Notification.Kind.REPORT_READY, {"period": "2026-10", "summary": {}}, "/reports/2026-10/"),
        (Notification.Kind.AGREEMENT_TO_SIGN, {"version_id": 7, "number": 2}, "/agreement/versions/2/"),
        (Notification.Kind.AGREEMENT_ACTIVATED, {"version_id": 7, "number": 2}, "/agreement/"),
    ],
)  # fmt: skip
def test_a_notification_about_no_lead_links_to_what_it_is_about(web_for, cast, kind, payload, href):
    with transaction.atomic():
        notification_enqueue(kind=kind, recipient=cast["marta"], payload=payload)

    page = web_for("marta").get("/inbox/").content.decode()

    assert f'href="{href}"' in page
