"""Who may propose, sign and activate a version, as the pages and the services both ask it."""

import pytest

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import (
    agreement_may_propose,
    agreement_version_may_activate,
    version_awaits_signature,
    version_signer_states,
)
from leadpact.agreements.services import agreement_version_propose, agreement_version_sign
from leadpact.agreements.tests.conftest import ANNA, MARTA, TOMASZ
from leadpact.core.exceptions import ApplicationError


def test_a_rep_may_not_propose(cast, heads, example_text):
    assert not agreement_may_propose(user=cast["piotr"])
    with pytest.raises(ApplicationError) as refused:
        agreement_version_propose(text=example_text, proposed_by=cast["piotr"])
    assert refused.value.status == 403
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize("who", ["marta", "sylwia", "adam"])
def test_heads_and_admins_propose(cast, heads, example_text, who):
    assert agreement_may_propose(user=cast[who])
    assert agreement_version_propose(text=example_text, proposed_by=cast[who]).number == 1


def test_the_owners_and_admins_activate(draft, heads, cast):
    may = {
        name: agreement_version_may_activate(version=draft, user=user)
        for name, user in {**cast, **{f"head_{k}": v for k, v in heads.items()}}.items()
    }
    assert {name for name, allowed in may.items() if allowed} == {
        "adam", "head_marta", "head_tomasz",
    }  # fmt: skip


def test_signer_states_follow_the_signatures(draft, heads):
    agreement_version_sign(version=draft, signer=heads["marta"])

    states = {state.email: state for state in version_signer_states(version=draft)}

    assert list(states) == [MARTA, TOMASZ, ANNA]
    assert states[MARTA].signed_at is not None and states[MARTA].name == "Marta Nowak"
    assert states[TOMASZ].signed_at is None and states[TOMASZ].required
    assert not states[ANNA].required
    assert not version_awaits_signature(version=draft, user=heads["marta"])
    assert version_awaits_signature(version=draft, user=heads["tomasz"])


def test_nobody_awaits_a_signed_version(signed, heads):
    assert not version_awaits_signature(version=signed, user=heads["anna"])
