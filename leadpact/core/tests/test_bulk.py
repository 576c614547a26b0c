import pytest
from pytest_django import DjangoAssertNumQueries

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory
from leadpact.core import bulk
from leadpact.core.bulk import insert_ignoring_conflicts

pytestmark = pytest.mark.django_db


def test_only_the_rows_actually_inserted_are_returned() -> None:
    AccountFactory(domain="stalex.pl", name="Stalex")

    inserted = insert_ignoring_conflicts(
        Account,
        [
            Account(domain="kross.pl", name="Kross"),
            Account(domain="stalex.pl", name="Other"),
            Account(domain="kross.pl", name="Kross again"),
            Account(domain="amica.pl"),
        ],
        conflict=["domain"],
        returning=["domain"],
    )

    assert sorted(inserted) == [("amica.pl",), ("kross.pl",)]
    assert dict(Account.objects.values_list("domain", "name")) == {
        "amica.pl": "",
        "kross.pl": "Kross",
        "stalex.pl": "Stalex",
    }


def test_defaults_and_auto_timestamps_are_filled_in() -> None:
    [(pk,)] = insert_ignoring_conflicts(
        Account, [Account(domain="kross.pl")], conflict=["domain"], returning=["id"]
    )

    account = Account.objects.get(pk=pk)
    assert (account.is_target, account.attributes) == (False, {})
    assert account.created_at is not None
    assert account.updated_at is not None


def test_large_inputs_are_sent_in_several_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MAX_PARAMS", 25)  # two or three rows a statement
    AccountFactory(domain="firma3.pl")

    inserted = insert_ignoring_conflicts(
        Account,
        [Account(domain=f"firma{n}.pl") for n in range(10)],
        conflict=["domain"],
        returning=["domain"],
    )

    assert len(inserted) == 9
    assert Account.objects.count() == 10


def test_nothing_to_insert_runs_nothing(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(0):
        assert insert_ignoring_conflicts(Account, [], conflict=["domain"], returning=["id"]) == []
