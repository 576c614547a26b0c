from leadpact.accounts.models import Account
from leadpact.core.upsert import given_fields, is_empty, merge_fields, non_empty, union
from leadpact.leads.schemas import LeadIn


def test_only_non_empty_values_that_differ_are_set() -> None:
    account = Account(
        domain="stalex.pl", name="Stalex", industry="steel", employees=10, attributes={"a": 1}
    )

    changed = merge_fields(
        account,
        {"name": "", "industry": "steel", "employees": 0, "country": None, "attributes": {}},
    )

    assert changed == ["employees"], "0 is a value; '', None and {} are not"
    assert (account.name, account.industry, account.employees) == ("Stalex", "steel", 0)
    assert account.attributes == {"a": 1}


def test_attributes_are_merged_key_by_key() -> None:
    account = Account(domain="stalex.pl", attributes={"a": 1, "b": 2})

    changed = merge_fields(account, {"attributes": {"b": 3, "c": 4}})
    unchanged = merge_fields(account, {"attributes": {"a": 1}})

    assert (changed, unchanged) == (["attributes"], [])
    assert account.attributes == {"a": 1, "b": 3, "c": 4}


def test_false_is_a_value() -> None:
    account = Account(domain="stalex.pl", is_target=True)

    assert merge_fields(account, {"is_target": False}) == ["is_target"]
    assert account.is_target is False


def test_helpers() -> None:
    assert [is_empty(v) for v in (None, "", {}, [], 0, False, " ")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert non_empty({"a": "", "b": 0, "c": None, "d": "x"}) == {"b": 0, "d": "x"}
    assert union([["b", "a"], ["a", "c"], []]) == ["a", "b", "c"]


def test_given_fields_are_the_non_empty_ones_of_a_payload_but_the_excluded() -> None:
    data = LeadIn(email="ewa@acme.pl", first_name="Ewa", job_title="", attributes={"a": 1})

    fields = given_fields(data, exclude={"email", "consent"})

    assert fields == {"first_name": "Ewa", "attributes": {"a": 1}}
