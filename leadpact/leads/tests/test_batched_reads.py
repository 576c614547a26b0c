"""Reads a long run of work makes once instead of per lead: the agreement in force (inside
`agreement_versions_pinned`) and a team's reps (inside `notifications_batch`). The answers are
the same as without them; the round robin still takes the cursor from the locked team row."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.selectors import agreement_active, agreement_versions_pinned
from leadpact.leads.handoffs import team_next_rep
from leadpact.leads.lifecycle import handoff_accept
from leadpact.leads.tests.scenarios import AGREED, at, mql_at
from leadpact.notifications.batching import notifications_batch
from leadpact.users.models import Team, User

pytestmark = pytest.mark.django_db

Cast = dict[str, User]


def _queries_of(table: str, captured: CaptureQueriesContext) -> int:
    return sum(f'FROM "{table}"' in q["sql"] for q in captured.captured_queries)


def test_pinned_versions_answer_as_the_query_does_at_every_moment(
    example: AgreementVersion,
) -> None:
    moments = [AGREED - timedelta(days=1), AGREED, AGREED + timedelta(days=30)]
    unpinned = [agreement_active(at=moment) for moment in moments]

    with agreement_versions_pinned(), CaptureQueriesContext(connection) as captured:
        pinned = [agreement_active(at=moment) for moment in moments]

    assert pinned == unpinned == [None, example, example]
    assert _queries_of("agreements_agreementversion", captured) == 0


def test_a_version_superseded_later_is_in_force_only_until_then(example: AgreementVersion) -> None:
    ends = AGREED + timedelta(days=10)
    AgreementVersion.objects.filter(pk=example.pk).update(superseded_at=ends)

    with agreement_versions_pinned():
        assert agreement_active(at=ends - timedelta(seconds=1)) == example
        assert agreement_active(at=ends) is None


def test_outside_the_block_the_versions_are_read_again(example: AgreementVersion) -> None:
    with agreement_versions_pinned():
        assert agreement_active(at=AGREED) == example
    AgreementVersion.objects.filter(pk=example.pk).update(superseded_at=AGREED)

    assert agreement_active(at=AGREED) is None


def test_sales_actions_inside_a_pinned_block_read_the_agreement_once(
    example: AgreementVersion, cast: Cast
) -> None:
    leads = [
        mql_at(at("2026-10-05 09:00") + timedelta(minutes=n), f"l{n}@f{n}.pl") for n in range(4)
    ]

    with (
        time_machine.travel(at("2026-10-05 10:00"), tick=False),
        CaptureQueriesContext(connection) as captured,
        agreement_versions_pinned(),
    ):
        accepted = [handoff_accept(lead_id=lead.pk, actor=lead.owner) for lead in leads]

    assert [lead.stage for lead in accepted] == ["sal"] * 4
    assert _queries_of("agreements_agreementversion", captured) == 1


def test_inside_a_batch_the_reps_are_read_once_and_the_turns_stay_exact(
    example: AgreementVersion, cast: Cast
) -> None:
    team = Team.objects.get(slug="sales-sme")
    capacity = example.document["handoff"]["assignment"]["capacity_per_rep_per_day"]
    now = at("2026-10-05 09:00")

    with notifications_batch(wake=lambda: None), CaptureQueriesContext(connection) as captured:
        chosen = [
            team_next_rep(team=team, capacity_per_day=capacity, now=now, time_zone="Europe/Warsaw")
            for _ in range(4)
        ]

    assert chosen == [cast["piotr"], cast["anna"], cast["piotr"], cast["anna"]]
    assert _queries_of("users_user", captured) == 1
    assert Team.objects.get(pk=team.pk).rotation_cursor == cast["anna"]


def test_a_rep_who_left_is_not_chosen_once_the_batch_is_over(
    example: AgreementVersion, cast: Cast
) -> None:
    team = Team.objects.get(slug="sales-sme")
    with notifications_batch(wake=lambda: None):
        first = team_next_rep(team=team, capacity_per_day=None, now=AGREED, time_zone="UTC")
    User.objects.filter(pk=cast["anna"].pk).update(is_active=False)

    later = [
        team_next_rep(team=team, capacity_per_day=None, now=AGREED, time_zone="UTC")
        for _ in range(2)
    ]

    assert (first, later) == (cast["piotr"], [cast["piotr"], cast["piotr"]])
