import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import at
from leadpact.reports.services import report_deliver_due
from leadpact.users.models import User

pytestmark = pytest.mark.django_db


def test_deliveries_are_read_only_with_the_workbook(
    example: AgreementVersion, cast: dict[str, User]
) -> None:
    with time_machine.travel(at("2026-11-02 09:00"), tick=False):
        delivery = report_deliver_due()
    assert delivery is not None
    client = Client()
    client.force_login(cast["adam"])
    listing = client.get(reverse("admin:reports_reportdelivery_changelist"))
    assert listing.status_code == 200
    url = reverse("admin:reports_reportdelivery_xlsx", args=[delivery.pk])
    assert url in listing.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download.content[:2] == b"PK"
    assert (
        client.get(reverse("admin:reports_reportdelivery_change", args=[delivery.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:reports_reportdelivery_add")).status_code == 403


def test_the_workbook_is_for_staff_only(example: AgreementVersion, cast: dict[str, User]) -> None:
    with time_machine.travel(at("2026-11-02 09:00"), tick=False):
        delivery = report_deliver_due()
    assert delivery is not None
    client = Client()
    client.force_login(cast["piotr"])
    url = reverse("admin:reports_reportdelivery_xlsx", args=[delivery.pk])
    assert client.get(url).status_code == 302
