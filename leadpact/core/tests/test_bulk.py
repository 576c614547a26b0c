import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from leadpact.accounts.models import Account
from leadpact.accounts.tests.factories import AccountFactory
from leadpact.core import bulk
from leadpact.core.bulk import insert_ignoring_conflicts
from leadpact.core.tests.plans import query_plan
from leadpact.touches.models import Touch
from leadpact.touches.tests.factories import TouchFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def rows_as_json_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' few rows take the JSON path on PostgreSQL, as a batch of many does."""
    monkeypatch.setattr(bulk, "JSON_FROM_ROWS", 1)


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


def test_the_ids_returned_are_the_stored_rows_and_never_those_of_deleted_rows() -> None:
    AccountFactory(domain="stalex.pl")
    [(deleted,)] = insert_ignoring_conflicts(
        Account, [{"domain": "kross.pl"}], conflict=["domain"], returning=["id"]
    )
    Account.objects.filter(pk=deleted).delete()  # the newest row: its id must stay unused

    inserted = insert_ignoring_conflicts(
        Account,
        [{"domain": "amica.pl"}, {"domain": "stalex.pl"}, {"domain": "kross.pl"}],
        conflict=["domain"],
        returning=["id", "domain"],
    )

    stored = dict(Account.objects.exclude(domain="stalex.pl").values_list("id", "domain"))
    assert dict(inserted) == stored
    assert min(stored) > deleted


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


def test_every_kind_of_value_is_stored_as_the_orm_stores_it() -> None:
    values = {
        "name": 'Zakłady "Stal" \\ Śląsk',
        "employees": 0,
        "annual_revenue": Decimal("1234567.89"),
        "is_target": True,
        "attributes": {"segment": "enterprise", "tags": ["a", None, 1.5], "ąę": "ü"},
    }
    insert_ignoring_conflicts(
        Account, [{"domain": "stalex.pl", **values}], conflict=["domain"], returning=["id"]
    )
    Account.objects.create(domain="kross.pl", **values)

    stored = Account.objects.order_by("domain").values_list(
        "name", "employees", "annual_revenue", "is_target", "attributes"
    )
    assert stored[0] == stored[1] == tuple(values.values())


@pytest.mark.postgres  # SQLite does not hold a column to its length
def test_a_value_too_long_for_its_column_is_refused_not_cut() -> None:
    with pytest.raises(DatabaseError):
        insert_ignoring_conflicts(
            Account,
            [{"domain": "stalex.pl", "country": "POL"}],
            conflict=["domain"],
            returning=["id"],
        )


def test_datetimes_keep_their_instant_to_the_microsecond() -> None:
    first = TouchFactory(occurred_at=dt.datetime(2026, 3, 29, 1, 30, 0, 123456, tzinfo=WARSAW))
    row = {
        "lead_id": first.lead_id,
        "type": "webinar_attended",
        "occurred_at": dt.datetime(2026, 3, 29, 3, 30, 0, 654321, tzinfo=WARSAW),
        "source": "webinar-tool",
        "external_id": "att-1",
    }

    bulk.insert_all(Touch, [row])

    stored = Touch.objects.get(external_id="att-1")
    assert stored.occurred_at == row["occurred_at"]
    assert stored.occurred_at - first.occurred_at == dt.timedelta(hours=1, microseconds=530865)


def test_without_the_json_path_rows_go_as_values_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_json_rows", lambda fields, db: None)
    monkeypatch.setattr(bulk, "MAX_PARAMS", 25)  # two or three rows a statement
    AccountFactory(domain="firma3.pl")

    inserted = insert_ignoring_conflicts(
        Account,
        [{"domain": f"firma{n}.pl", "is_target": n % 2 == 0} for n in range(10)],
        conflict=["domain"],
        returning=["domain"],
    )
    found = bulk.rows_by_keys(
        Account, key=["domain"], keys=[("firma4.pl",), ("none.pl",)], columns=["is_target"]
    )

    assert len(inserted) == 9
    assert found == [(True,)]


def test_rows_by_keys_reads_the_rows_of_the_keys_that_are_stored() -> None:
    AccountFactory(domain="stalex.pl", is_target=True, attributes={"a": 1}, employees=None)
    AccountFactory(domain="kross.pl", is_target=False, attributes={}, employees=12)

    found = bulk.rows_by_keys(
        Account,
        key=["domain"],
        keys=[("stalex.pl",), ("kross.pl",), ("stalex.pl",), ("amica.pl",)],
        columns=["domain", "is_target", "attributes", "employees"],
    )

    assert sorted(found) == [("kross.pl", False, {}, 12), ("stalex.pl", True, {"a": 1}, None)]


def test_rows_by_keys_matches_every_column_of_a_compound_key() -> None:
    touch = TouchFactory(source="hubspot", external_id="f-1")
    TouchFactory(source="website", external_id="f-2")

    found = bulk.rows_by_keys(
        Touch,
        key=["source", "external_id"],
        keys=[("hubspot", "f-1"), ("hubspot", "f-2"), ("website", "f-1")],
        columns=["id", "lead_id"],
    )

    assert found == [(touch.pk, touch.lead_id)]


def test_rows_by_keys_of_no_keys_runs_nothing(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    with django_assert_num_queries(0):
        assert bulk.rows_by_keys(Account, key=["domain"], keys=[], columns=["id"]) == []


def test_create_all_sets_ids_and_stores_what_create_would(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    values = {
        "name": 'Zakłady "Stal"',
        "employees": 0,
        "annual_revenue": Decimal("1250000.50"),
        "attributes": {"chmura": "tak", "ąę": [1, None]},
    }
    created = [Account(domain="kross.pl", **values), Account(domain="amica.pl")]
    with django_assert_num_queries(1):
        bulk.create_all(created)
    Account.objects.create(domain="stalex.pl", **values)

    assert [a.pk for a in created] == [
        Account.objects.get(domain=domain).pk for domain in ("kross.pl", "amica.pl")
    ]
    assert not any(a._state.adding for a in created)
    columns = ("name", "employees", "annual_revenue", "is_target", "attributes")
    kross, stalex = (
        Account.objects.filter(domain=domain).values_list(*columns).get()
        for domain in ("kross.pl", "stalex.pl")
    )
    assert kross == stalex
    # Defaults and auto timestamps are filled in, as `create` fills them.
    amica = Account.objects.get(domain="amica.pl")
    assert (amica.attributes, amica.is_target) == ({}, False)
    assert amica.created_at is not None


@pytest.mark.postgres  # SQLite always binds a VALUES list
def test_a_few_rows_go_as_a_values_list_and_many_as_one_json_parameter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk, "JSON_FROM_ROWS", 3)
    rows = [{"domain": f"firma{n}.pl"} for n in range(5)]
    with CaptureQueriesContext(connection) as few:
        bulk.insert_all(Account, rows[:2])
    with CaptureQueriesContext(connection) as many:
        bulk.insert_all(Account, rows[2:])

    assert "VALUES" in few.captured_queries[0]["sql"]
    assert "json_array_elements" in many.captured_queries[0]["sql"]
    assert Account.objects.count() == 5


def test_update_where_changes_only_the_rows_every_guard_matches() -> None:
    kross = AccountFactory(domain="kross.pl", industry="", employees=None, is_target=False)
    AccountFactory(domain="amica.pl", industry="agd", employees=None, is_target=False)
    AccountFactory(domain="stalex.pl", industry="", employees=40, is_target=False)

    changed = bulk.update_where(
        Account,
        where={"domain": ("kross.pl", "amica.pl", "stalex.pl"), "industry": "", "employees": None},
        values={"is_target": True, "name": "Kross"},
    )
    again = bulk.update_where(
        Account, where={"pk": kross.pk, "is_target": False}, values={"name": "other"}
    )

    assert (changed, again) == (1, 0)
    assert dict(Account.objects.values_list("domain", "is_target")) == {
        "amica.pl": False,
        "kross.pl": True,
        "stalex.pl": False,
    }
    assert Account.objects.get(pk=kross.pk).name == "Kross"


def test_rows_by_keys_looks_each_key_up_in_its_index_even_in_a_table_never_analysed() -> None:
    AccountFactory.create_batch(30)
    with CaptureQueriesContext(connection) as captured:
        bulk.rows_by_keys(
            Account, key=["domain"], keys=[(f"firma{n}.pl",) for n in range(25)], columns=["id"]
        )
    (query,) = captured.captured_queries

    plan = query_plan(query["sql"], scans_allowed=True)  # the captured SQL has its values in
    if connection.vendor == "postgresql":
        assert "Index Scan" in plan
        assert "Seq Scan on accounts_account" not in plan
    else:
        assert "SEARCH t USING" in plan
        assert "SCAN t" not in plan


def test_rows_by_keys_refuses_a_key_that_is_not_unique() -> None:
    with pytest.raises(AssertionError, match="not a unique key"):
        bulk.rows_by_keys(Account, key=["name"], keys=[("Kross",)], columns=["id"])
