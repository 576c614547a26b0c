import pytest

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import example_agreement_text
from leadpact.agreements.services import agreement_version_propose
from leadpact.agreements.tests.conftest import heads, sign_by_heads  # noqa: F401
from leadpact.users.models import User


@pytest.fixture
def signed_version(heads: dict[str, User]) -> AgreementVersion:  # noqa: F811
    version = agreement_version_propose(
        text=example_agreement_text("pl"), filename="agreement.yaml", proposed_by=heads["marta"]
    )
    return sign_by_heads(version, heads)
