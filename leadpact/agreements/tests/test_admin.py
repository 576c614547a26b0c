from django.test import Client
from django.urls import reverse


def test_versions_are_read_only_with_a_document_link(cast, signed):
    client = Client()
    client.force_login(cast["adam"])
    listing = client.get(reverse("admin:agreements_agreementversion_changelist"))
    assert listing.status_code == 200
    document_url = reverse("admin:agreements_agreementversion_document", args=[signed.pk])
    assert document_url in listing.content.decode()
    assert client.get(reverse("admin:agreements_agreementversion_add")).status_code == 403
    document = client.get(document_url, {"lang": "en"})
    assert document.status_code == 200
    assert 'id="temperature.marketing.hot"' in document.content.decode()


def test_the_document_is_for_staff_only(cast, signed):
    client = Client()
    client.force_login(cast["piotr"])
    url = reverse("admin:agreements_agreementversion_document", args=[signed.pk])
    assert client.get(url).status_code == 302
