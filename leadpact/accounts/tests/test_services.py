from decimal import Decimal

import pytest
import time_machine

from leadpact.accounts.models import Account
from leadpact.accounts.schemas import AccountIn
from leadpact.accounts.services import account_upsert, accounts_upsert_bulk
from leadpact.accounts.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_domain_creates_an_account() -> None:
    result = account_upsert(
        data=AccountIn(
            domain="Stalex.PL",
            name="Stalex",
            industry="steel",
            employees=420,
            country="pl",
            annual_revenue=Decimal("1250000.50"),
            is_target=True,
            attributes={"segment": "enterprise"},
        )
    )

    assert result.outcome == "created"
    account = Account.objects.get()
    assert result.account.pk == account.pk
    assert (account.domain, account.name, account.industry, account.employees) == (
        "stalex.pl",
        "Stalex",
        "steel",
        420,
    )
    assert (account.country, account.annual_revenue, account.is_target) == (
        "PL",
        Decimal("1250000.50"),
        True,
    )
    assert account.attributes == {"segment": "enterprise"}


def test_a_known_account_takes_only_the_non_empty_values() -> None:
    with time_machine.travel("2026-10-01 09:00 +00:00", tick=False):
        account = AccountFactory(
            domain="stalex.pl", name="Stalex", industry="steel", attributes={"segment": "mid"}
        )

    with time_machine.travel("2026-10-02 09:00 +00:00", tick=False):
        result = account_upsert(
            data=AccountIn(
                domain="stalex.pl",
                name="",
                industry="metals",
                country="",
                attributes={"crm_id": "A-7"},
            )
        )

    assert result.outcome == "updated"
    account.refresh_from_db()
    assert (account.name, account.industry, account.country) == ("Stalex", "metals", "PL")
    assert account.attributes == {"segment": "mid", "crm_id": "A-7"}
    assert account.updated_at.isoformat() == "2026-10-02T09:00:00+00:00"


def test_the_same_values_again_leave_the_account_unchanged() -> None:
    account = AccountFactory(domain="stalex.pl", name="Stalex", industry="steel")

    result = account_upsert(data=AccountIn(domain="stalex.pl", name="Stalex", industry="steel"))

    assert result.outcome == "unchanged"
    assert Account.objects.get().updated_at == account.updated_at


def test_is_target_false_is_a_value_not_an_empty_field() -> None:
    AccountFactory(domain="stalex.pl", is_target=True)

    untouched = account_upsert(data=AccountIn(domain="stalex.pl"))
    cleared = account_upsert(data=AccountIn(domain="stalex.pl", is_target=False))

    assert (untouched.outcome, cleared.outcome) == ("unchanged", "updated")
    assert Account.objects.get().is_target is False


def test_a_bulk_upsert_merges_items_for_one_domain_field_by_field() -> None:
    results = accounts_upsert_bulk(
        items=[
            AccountIn(domain="stalex.pl", name="Stalex", industry="steel"),
            AccountIn(domain="www.stalex.pl", industry="metals", employees=10),
            AccountIn(domain="kross.pl"),
        ]
    )

    assert {d: r.outcome for d, r in results.items()} == {
        "stalex.pl": "created",
        "kross.pl": "created",
    }
    stalex = Account.objects.get(domain="stalex.pl")
    assert (stalex.name, stalex.industry, stalex.employees) == ("Stalex", "metals", 10)
    assert Account.objects.count() == 2
