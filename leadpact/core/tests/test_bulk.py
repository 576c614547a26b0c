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


def test_mapping_rows_get_defaults_and_auto_timestamps_like_instances() -> None:
    [(pk,)] = insert_ignoring_conflicts(
        Account, [{"domain": "kross.pl", "name": "Kross"}], conflict=["domain"], returning=["id"]
    )

    account = Account.objects.get(pk=pk)
    assert (account.name, account.is_target, account.attributes) == ("Kross", False, {})
    assert account.created_at is not None
    assert account.updated_at is not None


def test_mapping_rows_and_instances_store_the_same_values() -> None:
    values = {
        "domain": "stalex.pl",
        "name": "Stalex",
        "employees": 420,
        "is_target": True,
        "attributes": {"segment": "enterprise"},
    }
    insert_ignoring_conflicts(Account, [values], conflict=["domain"], returning=["id"])
    insert_ignoring_conflicts(
        Account,
        [Account(**{**values, "domain": "kross.pl"})],
        conflict=["domain"],
        returning=["id"],
    )

    stored = Account.objects.values_list("name", "employees", "is_target", "attributes")
    assert set(map(str, stored)) == {str(("Stalex", 420, True, {"segment": "enterprise"}))}


def test_insert_all_inserts_every_row() -> None:
    bulk.insert_all(Account, [{"domain": f"firma{n}.pl"} for n in range(3)])

    assert sorted(Account.objects.values_list("domain", flat=True)) == [
        "firma0.pl",
        "firma1.pl",
        "firma2.pl",
    ]


def test_update_all_writes_the_listed_fields_of_each_object_only() -> None:
    first = AccountFactory(domain="a.pl", name="A", industry="steel", attributes={})
    second = AccountFactory(domain="b.pl", name="B", industry="food", attributes={})
    first.name, first.attributes, first.industry = "A2", {"x": 1}, "changed, not listed"
    second.name = "B2"

    bulk.update_all(Account, [second, first], ["name", "attributes"])

    assert list(
        Account.objects.order_by("domain").values_list("name", "industry", "attributes")
    ) == [
        ("A2", "steel", {"x": 1}),
        ("B2", "food", {}),
    ]


def test_mapping_rows_of_different_shapes_in_one_call_each_keep_their_values() -> None:
    rows = [
        {"domain": "stalex.pl", "name": "Stalex", "employees": 420},
        {"domain": "kross.pl", "is_target": True},  # other columns than the first row's
        {"domain": "amica.pl", "name": "Amica", "employees": None},
        {"domain": "fakro.pl", "name": "Fakro", "country": "PL"},  # as many, but others
    ]

    bulk.insert_all(Account, rows)

    assert set(
        Account.objects.values_list("domain", "name", "employees", "is_target", "country")
    ) == {
        ("stalex.pl", "Stalex", 420, False, ""),
        ("kross.pl", "", None, True, ""),
        ("amica.pl", "Amica", None, False, ""),
        ("fakro.pl", "Fakro", None, False, "PL"),
    }
    assert all(a.created_at is not None for a in Account.objects.all())
