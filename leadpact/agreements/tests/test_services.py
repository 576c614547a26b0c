"""Version rules: a draft is signed by the people it names, once each, then activated; the
version in force before is superseded; a signed version never changes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.selectors import agreement_active
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
    agreement_versions_activate_due,
)
from leadpact.agreements.tests.conftest import MARTA, TOMASZ, sign_by_heads
from leadpact.core.exceptions import ApplicationError

Status = AgreementVersion.Status


def test_proposing_stores_a_numbered_draft(draft, heads, example_text):
    assert draft.number == 1
    assert draft.status == Status.DRAFT
    assert draft.source_text == example_text
    assert draft.document["parties"]["marketing"]["owner"] == MARTA
    assert draft.proposed_by == heads["marta"]


def test_numbers_increase(propose, example_text):
    assert [propose(example_text).number for _ in range(3)] == [1, 2, 3]


def test_an_invalid_agreement_is_refused_with_every_problem(heads):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_propose(text="title: [", filename="a.yaml", proposed_by=None)
    assert refused.value.status == 422
    assert refused.value.extra and {"line", "path", "message"} <= set(refused.value.extra[0])
    assert not AgreementVersion.objects.exists()


def test_signers_must_be_users(cast, example_text):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_propose(text=example_text, filename="a.yaml", proposed_by=None)
    problems = {problem["path"]: problem for problem in refused.value.extra}
    assert problems["parties.marketing.owner"]["message"] == "no user with this e-mail"
    assert problems["parties.sales.owner"]["message"] == "no user with this e-mail"
    owner_line = next(
        number for number, line in enumerate(example_text.splitlines(), start=1) if MARTA in line
    )
    assert problems["parties.marketing.owner"]["line"] == owner_line


def test_both_owners_sign_then_the_version_is_signed(draft, heads):
    first = agreement_version_sign(version=draft, signer=heads["marta"])
    assert first.role == AgreementSignature.Role.MARKETING_OWNER
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    second = agreement_version_sign(version=draft, signer=heads["tomasz"])
    assert second.role == AgreementSignature.Role.SALES_OWNER
    draft.refresh_from_db()
    assert draft.status == Status.SIGNED
    assert draft.signed_at == second.signed_at


def test_only_named_signers_sign(draft, cast):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_sign(version=draft, signer=cast["adam"])
    assert refused.value.status == 403
    assert MARTA in refused.value.message and TOMASZ in refused.value.message


def test_each_signer_signs_once(draft, heads):
    agreement_version_sign(version=draft, signer=heads["marta"])
    with pytest.raises(ApplicationError) as refused:
        agreement_version_sign(version=draft, signer=heads["marta"])
    assert refused.value.status == 409
    assert draft.signatures.count() == 1


def test_a_signed_version_takes_no_more_signatures(signed, heads):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_sign(version=signed, signer=heads["marta"])
    assert refused.value.status == 409


def test_a_required_signatory_is_waited_for(agreement_text, propose, heads, cast):
    def add_signatory(document):
        document["parties"]["sales"]["signatories"] = [
            {"email": "sylwia@firma.pl", "required": True},
            {"email": "anna@firma.pl", "required": False},
        ]

    version = sign_by_heads(propose(agreement_text(add_signatory)), heads)
    assert version.status == Status.DRAFT
    agreement_version_sign(version=version, signer=cast["sylwia"])
    version.refresh_from_db()
    assert version.status == Status.SIGNED
    # An optional signatory was not waited for, and cannot sign once the version is signed.
    with pytest.raises(ApplicationError):
        agreement_version_sign(version=version, signer=cast["anna"])


def test_activation_needs_every_signature(draft, heads):
    agreement_version_sign(version=draft, signer=heads["marta"])
    with pytest.raises(ApplicationError) as refused:
        agreement_version_activate(version=draft, actor=None)
    assert refused.value.status == 409
    assert TOMASZ in refused.value.message
    assert agreement_active() is None


def test_activation_puts_the_version_in_force(signed, heads):
    moment = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        version = agreement_version_activate(version=signed, actor=heads["tomasz"])
    assert version.status == Status.ACTIVE
    assert version.effective_from == moment
    assert version.activated_by == heads["tomasz"]
    assert agreement_active() == version


def test_only_an_admin_or_an_owner_activates(signed, cast):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_activate(version=signed, actor=cast["piotr"])
    assert refused.value.status == 403
    assert agreement_version_activate(version=signed, actor=cast["adam"]).status == Status.ACTIVE


def test_the_previous_active_version_is_superseded(active, propose, example_text, heads):
    newer = sign_by_heads(propose(example_text), heads)
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        agreement_version_activate(version=newer, actor=None)
        moment = timezone.now()
    active.refresh_from_db()
    newer.refresh_from_db()
    assert active.status == Status.SUPERSEDED
    assert active.superseded_at == moment == newer.effective_from
    assert newer.status == Status.ACTIVE
    assert agreement_active(at=moment - timedelta(seconds=1)) == active
    assert agreement_active(at=moment) == newer


def test_an_active_version_is_not_activated_again(active):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_activate(version=active, actor=None)
    assert refused.value.status == 409


def test_a_future_activation_waits_for_its_time(active, propose, example_text, heads):
    newer = sign_by_heads(propose(example_text), heads)
    start = timezone.now()
    when = start + timedelta(days=7)
    scheduled = agreement_version_activate(version=newer, actor=heads["marta"], effective_from=when)
    assert scheduled.status == Status.SIGNED
    assert scheduled.effective_from == when
    assert agreement_active() == active
    assert agreement_versions_activate_due(now=start + timedelta(days=6)) == []

    # From its time on it is in force, even before the worker flips its status...
    assert agreement_active(at=when) == newer
    # ...and the worker records it as taking effect at that time, not when it ran.
    with time_machine.travel(when + timedelta(hours=3), tick=False):
        assert agreement_versions_activate_due() == [newer]
    newer.refresh_from_db()
    active.refresh_from_db()
    assert newer.status == Status.ACTIVE and newer.effective_from == when
    assert active.status == Status.SUPERSEDED and active.superseded_at == when
    assert agreement_active(at=when - timedelta(microseconds=1)) == active


def test_a_past_effective_from_is_refused(signed):
    with pytest.raises(ApplicationError) as refused:
        agreement_version_activate(
            version=signed, actor=None, effective_from=timezone.now() - timedelta(days=1)
        )
    assert refused.value.status == 422
