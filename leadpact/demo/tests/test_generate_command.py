from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Lead

pytestmark = pytest.mark.django_db


def test_generate_writes_a_history_and_says_what_it_wrote():
    out = StringIO()
    call_command("generate", leads=25, months=1, seed=4, stdout=out)
    assert Lead.objects.count() == 25
    assert AgreementVersion.objects.get().status == "active"
    text = out.getvalue()
    assert "25 leads" in text and "leads/s" in text


def test_generate_names_the_line_of_a_broken_agreement(tmp_path: Path):
    broken = tmp_path / "agreement.yaml"
    broken.write_text("title: {pl: X}\nlanguage: pl\n")
    with pytest.raises(CommandError, match=r"agreement\.yaml:\d+"):
        call_command("generate", leads=5, months=1, agreement=broken)
    assert not Lead.objects.exists()


def test_generate_refuses_a_database_with_leads():
    call_command("generate", leads=5, months=1, stdout=StringIO())
    with pytest.raises(CommandError, match="already holds 5 leads"):
        call_command("generate", leads=5, months=1, stdout=StringIO())
