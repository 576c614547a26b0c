"""`leadpact demo` reuses only a database that holds nothing but an earlier demo: its users sign
in with a published password and must never appear in a real installation's database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from leadpact.leads.tests.factories import LeadFactory
from leadpact.touches.tests.factories import TouchFactory
from leadpact.users.models import User
from leadpact.users.services import user_create

pytestmark = pytest.mark.django_db


def _demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_a_database_with_real_users_gets_no_demo_users() -> None:
    user_create(email="boss@firma.pl", role="admin", password="a-long-password")
    TouchFactory(external_id="gen-2026-000000001")

    with pytest.raises(CommandError, match=r"not the demo's.*LEADPACT_HOME=") as refused:
        _demo()
    assert refused.value.returncode == 2
    assert list(User.objects.values_list("email", flat=True)) == ["boss@firma.pl"]


def test_a_database_with_imported_leads_gets_no_demo_users() -> None:
    LeadFactory(email="real.person@firma.pl")

    with pytest.raises(CommandError, match=r"holds users or leads that are not the demo's"):
        _demo()
    assert not User.objects.exists()


def test_an_earlier_demo_is_reused() -> None:
    user_create(email="marta.nowak@leadpact.demo", role="marketing", password=None)
    TouchFactory(external_id="gen-2026-000000001")

    assert "Reusing the data in" in _demo()
    assert User.objects.filter(email="admin@leadpact.demo").exists()
