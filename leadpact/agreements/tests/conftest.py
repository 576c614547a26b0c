"""The agreement's two heads (the example's owners) and versions at each step of their life."""

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.users.models import User
from leadpact.users.services import user_create

MARTA = "marta.nowak@leadpact.demo"
TOMASZ = "tomasz.wisniewski@leadpact.demo"
ANNA = "anna.kowalczyk@leadpact.demo"


@pytest.fixture
def heads(cast: dict[str, User]) -> dict[str, User]:
    """Marta Nowak heads marketing, Tomasz Wiśniewski heads sales: the example's owners.
    Anna Kowalczyk, a sales team manager, is the example's optional signatory."""
    return {
        "marta": user_create(email=MARTA, role="marketing", password=None, name="Marta Nowak"),
        "tomasz": user_create(
            email=TOMASZ, role="sales_manager", password=None, name="Tomasz Wiśniewski"
        ),
        "anna": user_create(email=ANNA, role="sales_manager", password=None, name="Anna Kowalczyk"),
    }


@pytest.fixture
def example_text() -> str:
    return example_agreement_text("pl")


@pytest.fixture
def agreement_text(example_text: str) -> Callable[..., str]:
    """The example changed by `edit(document)`, as YAML: `agreement_text(lambda d: ...)`."""

    def make(edit: Callable[[dict[str, Any]], object] | None = None) -> str:
        document = yaml.safe_load(example_text)
        if edit is not None:
            edit(document)
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)

    return make


@pytest.fixture
def propose(heads: dict[str, User]) -> Callable[[str], AgreementVersion]:
    def make(text: str) -> AgreementVersion:
        return agreement_version_propose(
            text=text, filename="agreement.yaml", proposed_by=heads["marta"]
        )

    return make


@pytest.fixture
def draft(propose: Callable[[str], AgreementVersion], example_text: str) -> AgreementVersion:
    return propose(example_text)


def sign_by_heads(version: AgreementVersion, heads: dict[str, User]) -> AgreementVersion:
    agreement_version_sign(version=version, signer=heads["marta"])
    agreement_version_sign(version=version, signer=heads["tomasz"])
    version.refresh_from_db()
    return version


@pytest.fixture
def signed(draft: AgreementVersion, heads: dict[str, User]) -> AgreementVersion:
    return sign_by_heads(draft, heads)


@pytest.fixture
def active(signed: AgreementVersion, heads: dict[str, User]) -> AgreementVersion:
    return agreement_version_activate(version=signed, actor=heads["tomasz"])
