from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import (
    agreement_active,
    agreement_active_agreement,
    agreement_version_get,
)


def test_nothing_is_in_force_before_an_activation(signed):
    assert agreement_active() is None
    assert agreement_active_agreement() is None


def test_the_agreement_in_force_is_parsed_once(active):
    first = agreement_active_agreement()
    assert isinstance(first, Agreement)
    assert agreement_active_agreement() is first
    assert first.model_dump(mode="json") == agreement_version_get(number=1).document
