"""A signed, active or superseded version never changes, even past the services."""

import pytest

from leadpact.agreements.models import AgreementVersion
from leadpact.core.exceptions import ApplicationError


def test_a_draft_can_still_be_saved(draft):
    draft.source_text += "\n# a comment\n"
    draft.save()


@pytest.mark.parametrize("field", ["source_text", "document", "number", "source_format"])
def test_a_signed_version_cannot_change(signed, field):
    changes = {
        "source_text": "title: something else\n",
        "document": {**signed.document, "title": "Inna umowa"},
        "number": 99,
        "source_format": "json",
    }
    setattr(signed, field, changes[field])
    with pytest.raises(ApplicationError) as refused:
        signed.save()
    assert refused.value.status == 409
    assert "propose a new version" in refused.value.message
    stored = AgreementVersion.objects.get(pk=signed.pk)
    assert getattr(stored, field) != changes[field]


def test_an_active_version_cannot_change(active):
    active.document = {}
    with pytest.raises(ApplicationError):
        active.save()


def test_state_fields_still_move_forward(signed):
    signed.status = AgreementVersion.Status.ACTIVE
    signed.save(update_fields=["status"])
