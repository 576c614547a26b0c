import pytest
import time_machine
from django.db import connection

from leadpact.core.exceptions import ApplicationError, NotFound
from leadpact.users.models import ApiToken, Team, User
from leadpact.users.services import (
    ALL_SCOPES,
    token_authenticate,
    token_create,
    token_revoke,
    user_create,
)
from leadpact.users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestUserCreate:
    @pytest.mark.parametrize(
        ("role", "staff"),
        [("admin", True), ("marketing", False), ("sales_rep", False), ("sales_manager", False)],
    )
    def test_each_role_can_be_created(self, role: str, staff: bool) -> None:
        user = user_create(
            email=" Ewa@Firma.PL ", role=role, password="x-pass-12345", name="Ewa Lis"
        )

        user.refresh_from_db()
        assert (user.email, user.role, user.name) == ("ewa@firma.pl", role, "Ewa Lis")
        assert (user.is_staff, user.is_superuser) == (staff, staff)
        assert user.check_password("x-pass-12345")
        assert user.password != "x-pass-12345"

    def test_an_unknown_role_is_refused(self) -> None:
        with pytest.raises(ApplicationError, match="Unknown role 'ceo'") as error:
            user_create(email="ewa@firma.pl", role="ceo", password=None)

        assert error.value.status == 422
        assert not User.objects.exists()

    @pytest.mark.parametrize("email", ["notanemail", "ewa@", "ewa lis@firma.pl", ""])
    def test_what_is_not_an_e_mail_address_is_refused(self, email: str) -> None:
        with pytest.raises(ApplicationError, match="is not an e-mail address") as error:
            user_create(email=email, role="marketing", password=None)

        assert error.value.status == 422
        assert not User.objects.exists()

    def test_an_e_mail_already_taken_is_refused_whatever_its_case(self) -> None:
        user_create(email="ewa@firma.pl", role="marketing", password=None)

        with pytest.raises(ApplicationError) as error:
            user_create(email="EWA@firma.pl", role="sales_rep", password=None)

        assert error.value.status == 409
        assert User.objects.count() == 1

    def test_a_user_without_a_password_cannot_log_in_with_one(self) -> None:
        user = user_create(email="ewa@firma.pl", role="marketing", password=None)

        assert not user.has_usable_password()

    def test_a_sales_manager_created_into_a_team_becomes_its_manager(self) -> None:
        rep = user_create(email="rep@firma.pl", role="sales_rep", password=None, team_slug="sme")
        manager = user_create(
            email="sylwia@firma.pl", role="sales_manager", password=None, team_slug="sme"
        )
        second = user_create(
            email="tomasz@firma.pl", role="sales_manager", password=None, team_slug="sme"
        )

        team = Team.objects.get(slug="sme")
        assert team.manager == manager, "the first manager stays; a second does not replace them"
        assert set(team.members.all()) == {rep, manager, second}

    def test_a_rep_created_into_a_team_is_not_its_manager(self) -> None:
        user_create(email="rep@firma.pl", role="sales_rep", password=None, team_slug="sme")

        assert Team.objects.get(slug="sme").manager is None


class TestTokens:
    def test_the_secret_is_shown_once_and_only_its_hash_is_stored(self) -> None:
        user = UserFactory()

        issued = token_create(user=user, name="HubSpot", scopes=["touches:write"])

        assert issued.secret.startswith("lp_")
        assert len(issued.secret) > 40
        token = ApiToken.objects.get()
        assert (token.name, token.scopes) == ("HubSpot", ["touches:write"])
        assert issued.secret.startswith(token.prefix)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
            rows = cursor.fetchall()
        assert rows
        assert all(issued.secret not in str(value) for row in rows for value in row)
        assert not hasattr(ApiToken.objects.get(), "secret")

    def test_two_tokens_never_share_a_secret(self) -> None:
        user = UserFactory()

        secrets = {token_create(user=user, name=f"t{n}").secret for n in range(5)}

        assert len(secrets) == 5

    def test_a_token_without_scopes_given_has_every_scope_its_role_may_hold(self) -> None:
        admin = token_create(user=UserFactory(role=User.Role.ADMIN), name="all")
        marketing = token_create(user=UserFactory(role=User.Role.MARKETING), name="all")

        assert sorted(admin.token.scopes) == sorted(ALL_SCOPES)
        assert sorted(marketing.token.scopes) == sorted(set(ALL_SCOPES) - {"privacy:admin"})
        assert set(ALL_SCOPES) == {
            "touches:write",
            "leads:read",
            "leads:act",
            "reports:read",
            "agreement:write",
            "privacy:admin",
        }

    def test_an_unknown_scope_is_refused(self) -> None:
        with pytest.raises(ApplicationError, match="leads:delete") as error:
            token_create(user=UserFactory(), name="x", scopes=["leads:read", "leads:delete"])

        assert error.value.status == 422
        assert not ApiToken.objects.exists()

    def test_the_secret_authenticates_its_token(self) -> None:
        issued = token_create(user=UserFactory(), name="t")
        token_create(user=UserFactory(), name="other")

        assert token_authenticate(secret=issued.secret) == issued.token
        assert token_authenticate(secret=issued.secret + "x") is None
        assert token_authenticate(secret=issued.token.key_hash) is None

    def test_a_revoked_token_no_longer_authenticates(self) -> None:
        issued = token_create(user=UserFactory(), name="t")

        with time_machine.travel("2026-10-06 10:00 +00:00", tick=False):
            revoked = token_revoke(token_id=issued.token.pk)
        with time_machine.travel("2026-10-07 10:00 +00:00", tick=False):
            again = token_revoke(token_id=issued.token.pk)

        assert revoked.revoked_at is not None
        assert revoked.revoked_at.isoformat() == "2026-10-06T10:00:00+00:00"
        assert again.revoked_at == revoked.revoked_at, "revoking twice keeps the first time"
        assert not ApiToken.objects.get().is_active
        assert token_authenticate(secret=issued.secret) is None

    def test_revoking_an_unknown_token_is_not_found(self) -> None:
        with pytest.raises(NotFound):
            token_revoke(token_id=404)

    def test_a_deactivated_user_s_token_no_longer_authenticates(self) -> None:
        user = UserFactory()
        issued = token_create(user=user, name="t")
        User.objects.filter(pk=user.pk).update(is_active=False)

        assert token_authenticate(secret=issued.secret) is None

    def test_use_is_recorded_at_most_once_a_minute(self) -> None:
        issued = token_create(user=UserFactory(), name="t")

        def last_used() -> str:
            used = ApiToken.objects.get().last_used_at
            assert used is not None
            return used.isoformat()

        with time_machine.travel("2026-10-06 10:00:00 +00:00", tick=False) as clock:
            token_authenticate(secret=issued.secret)
            assert last_used() == "2026-10-06T10:00:00+00:00"
            clock.shift(59)
            token_authenticate(secret=issued.secret)
            assert last_used() == "2026-10-06T10:00:00+00:00"
            clock.shift(2)
            token_authenticate(secret=issued.secret)
            assert last_used() == "2026-10-06T10:01:01+00:00"


class TestRefusals:
    def test_a_token_for_a_non_admin_may_not_hold_privacy_admin(self) -> None:
        with pytest.raises(ApplicationError, match=r"privacy:admin is for administrators only"):
            token_create(
                user=UserFactory(role=User.Role.MARKETING), name="x", scopes=["privacy:admin"]
            )
        assert not ApiToken.objects.exists()

    def test_a_deactivated_user_gets_no_token(self) -> None:
        with pytest.raises(ApplicationError, match=r"is deactivated"):
            token_create(user=UserFactory(is_active=False), name="x")

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"email": "e" * 300 + "@firma.pl"}, r"e-mail is 309 characters long; at most 254"),
            ({"name": "n" * 201}, r"name is 201 characters long; at most 200"),
            ({"team_slug": "Inside Sales!!"}, r"is not a team slug"),
        ],
    )
    def test_values_no_column_can_hold_are_refused_on_every_database(
        self, fields: dict[str, str], message: str
    ) -> None:
        with pytest.raises(ApplicationError, match=message):
            user_create(**{"email": "t@firma.pl", "role": "sales_rep", "password": None, **fields})
        assert not User.objects.exists() and not Team.objects.exists()

    def test_a_token_name_too_long_is_refused(self) -> None:
        with pytest.raises(ApplicationError, match=r"token name is 101 characters long"):
            token_create(user=UserFactory(), name="n" * 101)
