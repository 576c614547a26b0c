from collections.abc import Callable

import pytest

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import in_force


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    """The example agreement, in force since Thursday 1 October 2026, 09:00 Warsaw time."""
    return in_force(activate_example)
