from collections.abc import Callable

import pytest
from django.test import Client

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.tests.scenarios import in_force
from leadpact.users.models import User


@pytest.fixture
def example(activate_example: Callable[[], AgreementVersion]) -> AgreementVersion:
    """The example agreement, in force since Thursday 1 October 2026, 09:00 Warsaw time."""
    return in_force(activate_example)


@pytest.fixture
def web_for(cast: dict[str, User]) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(cast[name])
        return client

    return make
