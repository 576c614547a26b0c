"""What an account's domain is made of what integrations send: one spelling per domain."""

import importlib

import pytest
from django.apps import apps
from pydantic import TypeAdapter, ValidationError

from leadpact.accounts.models import Account
from leadpact.core.schemas import Domain

domain = TypeAdapter(Domain)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("Stalex.pl", "stalex.pl"),
        ("https://www.Stalex.pl/", "stalex.pl"),
        ("https://stalex.pl/kontakt?utm_source=x", "stalex.pl"),  # a form's website field
        ("stalex.pl:443", "stalex.pl"),
        ("STALEX.PL.", "stalex.pl"),
        ("ŁÓDŹ.pl", "łódź.pl"),
        ("xn--d-uga0v4h.pl", "łódź.pl"),  # the same domain in its ASCII form
        ("www.żabka.pl", "żabka.pl"),
        ("straße.de", "straße.de"),  # IDNA 2008, as browsers: not strasse.de, another domain
        ("xn--strae-oqa.de", "straße.de"),
        ("пример.рф", "пример.рф"),  # an internationalised top-level domain
    ],
)
def test_a_website_or_a_domain_gives_the_domain(given: str, stored: str) -> None:
    assert domain.validate_python(given) == stored


@pytest.mark.parametrize(
    "given", ["stalex", "a..pl", "-stalex.pl", "http://[::1", "xn--zz.pl", "x" * 64 + ".pl", ""]
)
def test_what_names_no_domain_is_refused(given: str) -> None:
    with pytest.raises(ValidationError, match=r"must be a domain name such as example\.com"):
        domain.validate_python(given)


domains_in_unicode = importlib.import_module(
    "leadpact.accounts.migrations.0002_domains_in_unicode"
).domains_in_unicode


@pytest.mark.django_db
def test_the_migration_spells_stored_ascii_domains_in_unicode_unless_taken() -> None:
    Account.objects.bulk_create(
        Account(domain=name)
        for name in ["xn--d-uga0v4h.pl", "xn--abka-99a.pl", "żabka.pl", "stalex.pl", "xn--zz.pl"]
    )

    domains_in_unicode(apps, None)

    assert sorted(Account.objects.values_list("domain", flat=True)) == sorted(
        ["łódź.pl", "xn--abka-99a.pl", "żabka.pl", "stalex.pl", "xn--zz.pl"]
    )
