from collections.abc import Callable

import pytest
from django.test import Client

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at, in_force, mql_at
from leadpact.users.models import User

MONDAY_9 = "2026-10-05 09:00"  # the handoff: accept by Tuesday 09:00 (8 business hours)


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    """The example agreement, in force since Thursday 1 October 2026, 09:00 Warsaw time."""
    return in_force(activate_example)


@pytest.fixture
def web_for(cast: dict[str, User]) -> Callable[[str], Client]:
    """`web_for("piotr")` — a browser-like client signed in as one of the cast."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast[name])
        return client

    return make


@pytest.fixture
def piotrs_lead(example: AgreementVersion, cast: dict[str, User]) -> Lead:
    """Jan from Huta, handed on Monday 09:00 to Piotr (first in the team's rotation)."""
    lead = mql_at(at(MONDAY_9), "jan.kowal@huta.pl")
    assert lead.owner == cast["piotr"]
    return lead


@pytest.fixture
def annas_lead(piotrs_lead: Lead, cast: dict[str, User]) -> Lead:
    """The next lead, an hour later, goes to Anna."""
    lead = mql_at(at("2026-10-05 10:00"), "ewa.nowak@stal.pl")
    assert lead.owner == cast["anna"]
    return lead
