"""The admin site's token form refuses what `token create` refuses, with the reason on the form."""

import pytest

from leadpact.users.admin import ApiTokenForm
from leadpact.users.models import ApiToken, User


def _form(user: User, scopes: list[str]) -> ApiTokenForm:
    return ApiTokenForm(data={"user": user.pk, "name": "crm", "scopes": scopes})


def test_privacy_admin_is_not_offered_by_default() -> None:
    assert "privacy:admin" not in ApiTokenForm.base_fields["scopes"].initial


@pytest.mark.parametrize(
    ("who", "message"),
    [("marta", "privacy:admin is for administrators only"), ("adam", None)],
)
def test_privacy_admin_only_for_administrators(
    cast: dict[str, User], who: str, message: str | None
) -> None:
    form = _form(cast[who], ["leads:read", "privacy:admin"])

    assert form.is_valid() is (message is None)
    if message:
        assert message in form.non_field_errors()[0]
    assert not ApiToken.objects.exists()


def test_a_deactivated_user_gets_no_token(cast: dict[str, User]) -> None:
    cast["anna"].is_active = False
    cast["anna"].save()

    form = _form(cast["anna"], ["leads:read"])

    assert not form.is_valid()
