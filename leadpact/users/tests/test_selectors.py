import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.users.models import User
from leadpact.users.selectors import token_active_get
from leadpact.users.services import token_create, token_hash, token_revoke

pytestmark = pytest.mark.django_db


def test_a_token_comes_with_its_user_and_team_in_one_query(cast: dict[str, User]) -> None:
    issued = token_create(user=cast["piotr"], name="crm", scopes=["leads:read"])

    with CaptureQueriesContext(connection) as queries:
        token = token_active_get(key_hash=token_hash(issued.secret))
        assert token is not None
        seen = (token.pk, token.name, token.scopes, token.user.email, token.user.team.slug)

    assert seen == (issued.token.pk, "crm", ["leads:read"], "piotr@firma.pl", "sales-sme")
    assert len(queries) == 1


def test_an_unknown_hash_finds_nothing(cast: dict[str, User]) -> None:
    issued = token_create(user=cast["adam"], name="t")

    assert token_active_get(key_hash=token_hash(issued.secret + "x")) is None
    assert token_active_get(key_hash=issued.secret) is None


def test_revoking_or_deactivating_counts_from_the_very_next_lookup(
    cast: dict[str, User],
) -> None:
    revoked = token_create(user=cast["anna"], name="revoked")
    deactivated = token_create(user=cast["piotr"], name="deactivated")
    lookups = {issued.token.pk: token_hash(issued.secret) for issued in (revoked, deactivated)}
    assert all(token_active_get(key_hash=key_hash) for key_hash in lookups.values())

    token_revoke(token_id=revoked.token.pk)
    User.objects.filter(pk=cast["piotr"].pk).update(is_active=False)

    assert [token_active_get(key_hash=key_hash) for key_hash in lookups.values()] == [None, None]
