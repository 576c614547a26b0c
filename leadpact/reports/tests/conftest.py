from collections.abc import Callable
from datetime import datetime

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.users.models import User

MARKETING_HEAD, SALES_HEAD = "marta.nowak@leadpact.demo", "tomasz.wisniewski@leadpact.demo"


@pytest.fixture
def activate_version(example: AgreementVersion) -> Callable[..., AgreementVersion]:
    """`activate_version(when, icp_grades="[A]", mqls=60, cadence="quarterly")`: a changed
    example agreement, proposed, signed by both heads and put in force at `when`."""

    def activate(
        when: datetime, *, icp_grades: str = "[A, B]", mqls: int = 90, cadence: str = "monthly"
    ) -> AgreementVersion:
        text = example_agreement_text("pl")
        text = text.replace(
            "icp_share_percent: 70\n    icp_grades: [A, B]",
            f"icp_share_percent: 70\n    icp_grades: {icp_grades}",
        ).replace("    mqls: 90\n", f"    mqls: {mqls}\n")
        text = text.replace("reporting:\n  cadence: monthly", f"reporting:\n  cadence: {cadence}")
        marketing = User.objects.get(email=MARKETING_HEAD)
        sales = User.objects.get(email=SALES_HEAD)
        with time_machine.travel(when, tick=False):
            version = agreement_version_propose(
                text=text, filename="agreement.pl.yaml", proposed_by=marketing
            )
            for head in (marketing, sales):
                agreement_version_sign(version=version, signer=head)
            version.refresh_from_db()
            return agreement_version_activate(version=version, actor=sales)

    return activate
