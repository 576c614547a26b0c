import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "x-pass-12345"


def sign_in(client: Client, email: str, password: str, address: str = "127.0.0.1") -> Any:
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/queue/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/queue/"


def test_the_sign_in_page_has_labelled_fields(client):
    page = client.get("/sign-in/").content.decode()

    assert '<label for="id_username">E-mail' in page
    assert 'type="email"' in page
    assert '<label for="id_password">Hasło' in page


def test_a_rep_signs_in_with_email_and_password_and_lands_home(client, cast):
    response = sign_in(client, "Piotr@Firma.pl", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == cast["piotr"]


def test_a_wrong_password_says_so_without_saying_which(client, cast):
    response = sign_in(client, "piotr@firma.pl", "wrong")

    assert response.status_code == 200
    assert "E-mail albo hasło są nieprawidłowe." in response.content.decode()


@pytest.mark.parametrize(
    ("email", "password", "field_error"),
    [
        ("", "", "To pole jest wymagane."),
        ("not-an-email", "x", "Wprowadź poprawny adres email."),
    ],
)
def test_an_empty_or_malformed_form_shows_only_the_field_errors(
    client, cast, email, password, field_error
):
    page = sign_in(client, email, password).content.decode()

    assert field_error in page
    assert "E-mail albo hasło są nieprawidłowe." not in page


def test_five_failures_lock_the_account_from_that_address_even_for_the_right_password(client, cast):
    for _ in range(4):
        assert sign_in(client, "piotr@firma.pl", "wrong").status_code == 200

    locked = sign_in(client, "piotr@firma.pl", "wrong")
    assert locked.status_code == 429
    assert "Zbyt wiele prób" in locked.content.decode()
    assert sign_in(client, "piotr@firma.pl", PASSWORD).status_code == 429
    # Another person, or the same person from another address, is not locked out.
    assert sign_in(Client(), "anna@firma.pl", PASSWORD).status_code == 302
    other_address = sign_in(Client(), "piotr@firma.pl", PASSWORD, address="10.1.2.3")
    assert other_address.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, cast):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "piotr@firma.pl", "wrong")
        assert sign_in(client, "piotr@firma.pl", PASSWORD).status_code == 429
        traveller.shift(16 * 60)
        assert sign_in(client, "piotr@firma.pl", PASSWORD).status_code == 302


def test_password_reset_by_email(client, cast):
    response = client.post("/password-reset/", {"email": "piotr@firma.pl"})

    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == ["piotr@firma.pl"]
    assert message.subject == "Ustaw nowe hasło do leadpact"
    found = re.search(r"http://testserver(/password-reset/\S+/\S+/)", str(message.body))
    assert found is not None
    link = found.group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "a-new-pass-987", "new_password2": "a-new-pass-987"},
    )
    assert done["Location"] == "/password-reset/done/"
    assert sign_in(Client(), "piotr@firma.pl", "a-new-pass-987").status_code == 302


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, cast):
    response = client.post("/password-reset/", {"email": "nobody@firma.pl"})

    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_sign_out_is_a_post(web_for):
    client = web_for("piotr")

    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302
