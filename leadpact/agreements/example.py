"""The shipped example agreement put in force in one step, for tests, benchmarks and fixtures
that need "the agreement of the article" without playing its signing out over days."""

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.users.models import User
from leadpact.users.services import user_create

# The example's parties: the marketing head and the sales head sign; a second sales manager.
EXAMPLE_HEADS = (
    ("marta.nowak@leadpact.demo", "marketing", "Marta Nowak"),
    ("tomasz.wisniewski@leadpact.demo", "sales_manager", "Tomasz Wiśniewski"),
    ("anna.kowalczyk@leadpact.demo", "sales_manager", "Anna Kowalczyk"),
)


def example_agreement_put_in_force(*, lang: str = "pl") -> AgreementVersion:
    """Propose the example, have both heads sign it and activate it, now (maybe travelled).
    Heads who are not users yet become users without a password."""
    heads = [
        User.objects.filter(email=email).first()
        or user_create(email=email, role=role, password=None, name=name)
        for email, role, name in EXAMPLE_HEADS
    ]
    version = agreement_version_propose(
        text=example_agreement_text(lang), filename=f"agreement.{lang}.yaml", proposed_by=heads[0]
    )
    for head in heads[:2]:
        agreement_version_sign(version=version, signer=head)
    version.refresh_from_db()
    return agreement_version_activate(version=version, actor=heads[1])
