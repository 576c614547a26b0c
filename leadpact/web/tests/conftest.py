import pytest

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.users.models import User

MONDAY_9 = "2026-10-05 09:00"  # the handoff: accept by Tuesday 09:00 (8 business hours)


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
