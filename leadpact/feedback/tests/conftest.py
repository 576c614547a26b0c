import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.leads import lifecycle
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at, mql_at
from leadpact.users.models import User


@pytest.fixture
def talked_to(example: AgreementVersion, cast: dict[str, User]) -> Lead:
    """A lead Piotr accepted and called on Monday 5 October 2026."""
    lead = mql_at(at("2026-10-05 09:00"), "jan.kowal@huta.pl")
    with time_machine.travel(at("2026-10-05 10:00"), tick=False):
        lifecycle.handoff_accept(lead_id=lead.pk, actor=cast["piotr"])
        lifecycle.lead_first_contact(lead_id=lead.pk, actor=cast["piotr"])
    lead.refresh_from_db()
    return lead
