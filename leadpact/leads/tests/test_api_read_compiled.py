"""`CompiledQuery`, which the API's per-request reads use: compiled once, the same objects as
the queryset, and a refusal for a queryset that would not bind its values as given."""

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from leadpact.accounts.tests.factories import AccountFactory
from leadpact.core.compiled import CompiledQuery
from leadpact.leads.models import Lead
from leadpact.leads.tests.factories import LeadFactory
from leadpact.users.models import User

pytestmark = pytest.mark.django_db


def by_email_in_domain(*, email: str, domain: str) -> QuerySet[Lead]:
    return (
        Lead.objects.select_related("account", "owner")
        .only("email", "stage", "account__domain", "owner__email")
        .filter(email=email, account__domain=domain)
    )


def loaded(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def state(lead: Lead) -> dict[str, Any]:
    return {
        "fields": loaded(lead),
        "deferred": lead.get_deferred_fields(),
        "cached": sorted(lead._state.fields_cache),
        "account": loaded(lead.account),
        "owner": loaded(lead.owner),
    }


def test_the_objects_are_the_querysets_with_their_joins_and_deferred_fields(
    cast: dict[str, User],
) -> None:
    owned = LeadFactory(email="anna@stalex.pl", account=AccountFactory(domain="stalex.pl"))
    Lead.objects.filter(pk=owned.pk).update(owner=cast["piotr"], job_title="CFO")
    LeadFactory(email="ewa@stalex.pl", account=AccountFactory(domain="acme.pl"))
    query = CompiledQuery(by_email_in_domain)

    with CaptureQueriesContext(connection) as queries:
        [anna] = query.fetch(email="anna@stalex.pl", domain="stalex.pl")
        owner = anna.owner.email
    found = by_email_in_domain(email="anna@stalex.pl", domain="stalex.pl").get()

    assert (owner, len(queries)) == ("piotr@firma.pl", 1)
    assert state(anna) == state(found)
    assert anna.job_title == "CFO", "a deferred field loads when read"
    assert query.fetch(email="ewa@stalex.pl", domain="stalex.pl") == []
    assert query.first(email="ewa@stalex.pl", domain="acme.pl") == Lead.objects.get(
        email="ewa@stalex.pl"
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda *, email: Lead.objects.filter(email=email.strip().lower()),
        lambda *, email: Lead.objects.filter(email__icontains=email),
        lambda *, lead_id: Lead.objects.filter(pk=lead_id + 1),
        lambda *, lead_id: Lead.objects.extra(where=[f"id = {lead_id}"]),
    ],
    ids=["lowered", "wrapped in %", "added to", "written into the SQL"],
)
def test_a_queryset_that_changes_its_values_is_refused(build: Any) -> None:
    query = CompiledQuery(build)
    value: Any = "Anna@Stalex.pl" if "email" in build.__code__.co_varnames else 7

    with pytest.raises(ValueError, match="binds each value as it is given"):
        query.fetch(**{build.__code__.co_varnames[0]: value})


@pytest.mark.postgres
def test_on_postgresql_a_read_run_often_is_prepared_once(cast: dict[str, User]) -> None:
    leads = [LeadFactory(email=f"osoba{n}@stalex.pl") for n in range(8)]
    query = CompiledQuery(lambda *, lead_id: Lead.objects.filter(pk=lead_id))

    found = [query.first(lead_id=lead.pk) for lead in leads]

    assert found == leads
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "leads_lead" WHERE "leads_lead"."id" = $1%'],
        )
        assert cursor.fetchone() == (1,)


def test_a_value_beyond_64_bits_matches_nothing_as_the_queryset_says() -> None:
    lead = LeadFactory()
    query = CompiledQuery(lambda *, pk: Lead.objects.filter(pk=pk))
    assert query.first(pk=lead.pk) == lead

    for beyond in (2**63, -(2**63) - 1, 10**20):
        assert query.fetch(pk=beyond) == list(Lead.objects.filter(pk=beyond)) == []
