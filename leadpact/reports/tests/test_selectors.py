"""Every figure of October 2026 on a small hand-built history with known answers.

The example agreement is in force from 1 October, 09:00 (8 business hours to accept, 16 to
first contact, Monday–Friday 08:00–16:00 Warsaw). Eight leads:

- L1 (A, warm)  MQL Mon 5.10 10:00 → Piotr accepts 12:00, calls Tue 09:00, qualifies hot Thu
  8.10 11:00, wins 100 000 PLN on 20.10;
- L2 (C, warm)  MQL Wed 7.10 10:00 → Anna rejects 11:00 as `timing` → nurture;
- L3 (A, hot)   MQL Fri 30.10 15:00 → Piotr accepts Mon 2.11 10:00, qualifies hot 3.11;
- L4 (B, warm at handoff, hot now) MQL Sat 31.10 23:30 — still October in Warsaw;
- L5 (A)        MQL Sun 1.11 00:30 — November;
- L6 (A)        MQL Wed 30.09 15:00 (September) → accepted late Thu 1.10 16:30 after a breach
  at 15:00, called Fri 2.10 09:00, qualified warm 10.10 — in progress (SQL) at the end;
- L7 (A, hot)   MQL Fri 23.10 15:00 → accepted Mon 26.10 09:00 after the DST change (2 business
  hours, 67 wall-clock hours), called 10:00 — in progress (SAL) at the end;
- L8 (C, cold)  MQL Mon 12.10 10:00 → breached Tue 13.10 10:00, rejected `not_icp` 14.10.
"""

from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.feedback.models import InformationRequest
from leadpact.feedback.services import information_request_answer
from leadpact.leads.models import Lead
from leadpact.leads.tests.scenarios import at
from leadpact.reports.selectors import report_build
from leadpact.reports.tests.history import History
from leadpact.users.models import User

pytestmark = pytest.mark.django_db
Cast = dict[str, User]
GENERATED = at("2026-11-04 12:00")


@pytest.fixture
def october(example: AgreementVersion, cast: Cast) -> dict[str, Any]:
    h = History(example)
    piotr, anna = cast["piotr"], cast["anna"]
    leads = {}

    leads["L1"] = l1 = h.lead("l1@acme.pl", grade="A")
    handoff = h.mql(l1, at("2026-10-05 10:00"), piotr)
    h.accept(handoff, at("2026-10-05 12:00"))
    h.contact(handoff, at("2026-10-06 09:00"))
    h.qualify(handoff, at("2026-10-08 11:00"), "hot")
    h.win(handoff, at("2026-10-20 11:00"), "100000.00")

    leads["L2"] = l2 = h.lead("l2@beta.pl", grade="C")
    h.reject(h.mql(l2, at("2026-10-07 10:00"), anna), at("2026-10-07 11:00"), "timing")

    leads["L3"] = l3 = h.lead("l3@gamma.pl", grade="A", marketing="hot")
    handoff = h.mql(l3, at("2026-10-30 15:00"), piotr)
    h.accept(handoff, at("2026-11-02 10:00"))
    h.qualify(handoff, at("2026-11-03 10:00"), "hot")

    leads["L4"] = l4 = h.lead("l4@delta.pl", grade="B", marketing="hot")
    h.mql(l4, at("2026-10-31 23:30"), anna, marketing="warm")

    leads["L5"] = l5 = h.lead("l5@epsilon.pl", grade="A")
    h.mql(l5, at("2026-11-01 00:30"), piotr)

    leads["L6"] = l6 = h.lead("l6@zeta.pl", grade="A")
    handoff = h.mql(l6, at("2026-09-30 15:00"), piotr)
    h.breach(handoff)
    h.accept(handoff, at("2026-10-01 16:30"))
    h.contact(handoff, at("2026-10-02 09:00"))
    h.qualify(handoff, at("2026-10-10 11:00"), "warm")

    leads["L7"] = l7 = h.lead("l7@eta.pl", grade="A", marketing="hot")
    handoff = h.mql(l7, at("2026-10-23 15:00"), anna)
    h.accept(handoff, at("2026-10-26 09:00"))
    h.contact(handoff, at("2026-10-26 10:00"))

    leads["L8"] = l8 = h.lead("l8@theta.pl", grade="C", marketing="cold")
    handoff = h.mql(l8, at("2026-10-12 10:00"), anna)
    h.breach(handoff)
    h.reject(handoff, at("2026-10-14 09:00"), "not_icp", to=Lead.Stage.DISQUALIFIED)

    h.feedback(l1, at("2026-10-06 10:00"), {"conversation": "Dobra rozmowa", "interesting_contacts": "CFO planuje migrację", "information_needed": "Cennik?"}, interesting=True)  # fmt: skip
    h.feedback(l7, at("2026-10-27 10:00"), {"conversation": "ok"}, interesting=False)
    h.feedback(l3, at("2026-11-03 11:00"), {"conversation": "listopad"}, interesting=True)

    with time_machine.travel(GENERATED, tick=False):
        report = report_build(period="2026-10")
    return {"data": report.data, "leads": leads, "history": h}


def test_the_period_is_octobers_in_warsaw(october: dict[str, Any]) -> None:
    data = october["data"]
    assert data["period"] == "2026-10"
    assert data["starts_at"] == "2026-09-30T22:00:00+00:00"
    assert data["ends_at"] == "2026-10-31T23:00:00+00:00"  # CET after the DST change
    assert data["agreement_versions"] == [1]


def test_mqls_count_the_last_half_hour_of_october_and_not_the_first_of_november(
    october: dict[str, Any],
) -> None:
    assert october["data"]["mql"] == {"icp": 4, "non_icp": 2, "total": 6}
    with time_machine.travel(GENERATED, tick=False):
        november = report_build(period="2026-11").data
    assert november["mql"] == {"icp": 1, "non_icp": 0, "total": 1}


def test_handed_off_is_the_state_at_the_end_of_the_period(october: dict[str, Any]) -> None:
    # L3 was accepted on 2 November: still waiting when October ended.
    assert october["data"]["handed_off"] == {"total": 6, "accepted": 2, "rejected": 2, "waiting": 2}


def test_hot_nurture_reasons_in_progress_and_won(october: dict[str, Any]) -> None:
    data = october["data"]
    assert data["hot"] == 1  # L1; L3 turned hot in November, L6 is warm
    assert data["nurture"] == 1
    assert data["rejection_reasons"] == {
        "timing": 1, "no_budget": 0, "wrong_person": 0, "not_icp": 1, "competitor": 0, "duplicate": 0,
    }  # fmt: skip
    assert data["in_progress"] == {"total": 2, "sal": 1, "sql": 1}  # L7, L6
    assert data["won"] == {
        "count": 1,
        "revenue": 100000.0,
        "currency": "PLN",
        "other_currencies": {},
    }


def test_sla_shares_business_hours_and_breaches(october: dict[str, Any]) -> None:
    sla = october["data"]["sla"]
    # Accept deadlines in October: L1, L2, L7 kept; L6 (1.10 15:00) and L8 (13.10 10:00) missed.
    assert (sla["due"], sla["in_time"], sla["in_time_share"]) == (5, 3, 0.6)
    # First-contact deadlines: L1, L6, L7 (L2 and L8 were rejected before theirs).
    assert (sla["contact_due"], sla["contact_in_time"]) == (3, 3)
    # Accepted in October after 2 (L1), 9 (L6: 1 h on 30.09 + 8 h on 1.10) and 2 business hours
    # (L7: Friday 15–16 and Monday 08–09 across the DST change, 67 hours of wall clock).
    assert sla["time_to_accept_hours"] == {"count": 3, "median": 2.0, "p90": 7.6}
    assert sla["time_to_first_contact_hours"] == {"count": 3, "median": 7.0, "p90": 9.4}
    assert (sla["breaches"], sla["contact_breaches"], sla["escalations"]) == (2, 0, 2)
    assert sla["per_rep"]["piotr@firma.pl"]["breaches"] == 1
    assert sla["per_rep"]["anna@firma.pl"]["breaches"] == 1
    assert sla["history"][-1] == {"period": "2026-10", "due": 5, "in_time": 3, "in_time_share": 0.6}
    assert [item["period"] for item in sla["history"]] == [
        "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
    ]  # fmt: skip


def test_the_funnel_follows_octobers_mqls_to_date(october: dict[str, Any]) -> None:
    funnel = october["data"]["funnel"]
    assert (funnel["mql"], funnel["sal"], funnel["sql"], funnel["won"]) == (6, 3, 2, 1)
    assert funnel["conversion"] == {
        "mql_to_sal": 0.5, "sal_to_sql": 0.6667, "sql_to_won": 0.5, "mql_to_won": 0.1667,
    }  # fmt: skip
    # In MQL: 2 h (L1), 67 h (L3), 67 h (L7, across the DST change); in SAL: 1 d (L3), 2 d 23 h (L1).
    assert funnel["median_days_in_stage"] == {"mql": 2.79, "sal": 1.98, "sql": 12.0}


def test_goals_are_prorated_from_the_quarter(october: dict[str, Any]) -> None:
    goals = october["data"]["goals"]
    assert goals["mqls"] == {"goal": 30.0, "actual": 6, "attainment": 0.2}
    assert goals["icp_share_percent"] == {"goal": 70, "actual": 66.67, "attainment": 0.9524}
    assert goals["won_deals"] == {"goal": 4.0, "actual": 1, "attainment": 0.25}
    assert goals["revenue"] == {
        "goal": 800000.0,
        "actual": 100000.0,
        "attainment": 0.125,
        "currency": "PLN",
    }


def test_calibration_uses_marketings_temperature_at_handoff(october: dict[str, Any]) -> None:
    calibration = october["data"]["calibration"]
    levels = calibration["levels"]
    assert levels["cold"]["handed_off"] == 1
    # L4 is hot now but was warm when handed off.
    assert {k: levels["warm"][k] for k in ("handed_off", "accepted", "qualified", "qualified_hot", "won")} == {
        "handed_off": 3, "accepted": 1, "qualified": 1, "qualified_hot": 1, "won": 1,
    }  # fmt: skip
    assert {k: levels["hot"][k] for k in ("handed_off", "accepted", "qualified", "qualified_hot", "won")} == {
        "handed_off": 2, "accepted": 2, "qualified": 1, "qualified_hot": 1, "won": 0,
    }  # fmt: skip
    # L1: warm for marketing, hot for sales; L3: hot for both.
    assert (
        calibration["qualified"],
        calibration["disagreed"],
        calibration["disagreement_share"],
    ) == (2, 1, 0.5)


def test_feedback_digest_counts_each_conversation_once_and_answered_requests(
    october: dict[str, Any], cast: Cast
) -> None:
    [request] = InformationRequest.objects.all()
    with time_machine.travel(at("2026-10-07 09:00"), tick=False):
        information_request_answer(request_id=request.pk, actor=cast["marta"], answer="Wysłany")

    with time_machine.travel(GENERATED, tick=False):
        feedback = report_build(period="2026-10").data["feedback"]

    assert (feedback["count"], feedback["leads"]) == (2, 2), "the answer is no conversation"
    assert feedback["information_requests"] == {"total": 1, "open": 0, "answered": 1}


def test_feedback_digest_reads_the_feedback_given(october: dict[str, Any]) -> None:
    feedback = october["data"]["feedback"]
    assert (feedback["count"], feedback["leads"], feedback["interesting"]) == (2, 2, 1)
    assert feedback["answers"] == {
        "conversation": 2,
        "interesting_contacts": 1,
        "information_needed": 1,
    }
    assert feedback["information_requests"] == {"total": 1, "open": 1, "answered": 0}
    [contact] = feedback["interesting_contacts"]
    assert (contact["lead"], contact["why"]) == ("l1@acme.pl", "CFO planuje migrację")


def test_previous_period_and_deltas(october: dict[str, Any]) -> None:
    previous = october["data"]["previous"]
    assert previous["period"] == "2026-09"
    assert previous["mql"] == {"icp": 1, "non_icp": 0, "total": 1}  # L6
    assert previous["handed_off"] == {"total": 1, "accepted": 0, "rejected": 0, "waiting": 1}
    assert previous["delta"]["mql.total"] == 5
    assert previous["delta"]["won.revenue"] == 100000.0


def test_per_rep_parts_add_up(october: dict[str, Any]) -> None:
    data = october["data"]
    per_rep = data["per_rep"]
    assert set(per_rep) == {"piotr@firma.pl", "anna@firma.pl"}
    for key in ("total", "accepted", "rejected", "waiting"):
        assert sum(rep["handed_off"][key] for rep in per_rep.values()) == data["handed_off"][key]
    assert per_rep["piotr@firma.pl"]["won"] == {"count": 1, "revenue": 100000.0}


def test_coverage_of_target_accounts(example: AgreementVersion) -> None:
    h = History(example)
    t1, t2 = h.account("t1.pl", target=True), h.account("t2.pl", target=True)
    h.account("t3.pl", target=True)
    other = h.account("other.pl")
    ceo = h.lead("ceo@t1.pl", persona="c_level", account=t1)
    manager = h.lead("kierownik@t1.pl", persona="manager", account=t1)
    engineer = h.lead("inzynier@t1.pl", persona="specialist", account=t1)
    for lead, campaign in ((ceo, "webinar-a"), (manager, "webinar-b"), (engineer, "ebook-c")):
        h.touch(lead, at("2026-10-10 10:00"), campaign)
    h.touch(ceo, at("2026-09-10 10:00"), "webinar-september")  # outside the period
    t2_manager = h.lead("kierownik@t2.pl", persona="manager", account=t2)
    h.touch(t2_manager, at("2026-10-11 10:00"), "webinar-a")
    h.touch(t2_manager, at("2026-10-12 10:00"), "webinar-b")
    h.touch(t2_manager, at("2026-10-13 10:00"), "")  # no campaign: not an action
    outsider = h.lead("ktos@other.pl", persona="c_level", account=other)
    for campaign in ("a", "b", "c", "d"):
        h.touch(outsider, at("2026-10-14 10:00"), campaign)

    with time_machine.travel(GENERATED, tick=False):
        coverage = report_build(period="2026-10").data["coverage"]

    assert (coverage["target_accounts"], coverage["touched"], coverage["covered"]) == (3, 2, 1)
    assert (coverage["min_distinct_actions"], coverage["counted_as"]) == (3, "distinct_campaigns")
    assert coverage["covered_share"] == 0.3333
    personas = coverage["personas"]
    assert {name: p["accounts"] for name, p in personas["per_persona"].items()} == {
        "c_level": 1, "manager": 2, "specialist": 1,
    }  # fmt: skip
    assert (personas["all"], personas["all_share"]) == (1, 0.3333)


def test_a_version_changing_mid_period_lists_both_and_judges_each_mql_by_its_own(
    example: AgreementVersion, cast: Cast, activate_version: Callable[..., AgreementVersion]
) -> None:
    # Version 2 (from 15 October) counts only grade A as ICP and wants 60 MQLs a quarter.
    second = activate_version(at("2026-10-15 12:00"), icp_grades="[A]", mqls=60)
    h = History(example)
    h.mql(h.lead("b1@acme.pl", grade="B"), at("2026-10-05 10:00"), cast["piotr"], version=example)
    h.mql(h.lead("b2@beta.pl", grade="B"), at("2026-10-20 10:00"), cast["anna"], version=second)

    with time_machine.travel(GENERATED, tick=False):
        data = report_build(period="2026-10").data

    assert data["agreement_versions"] == [1, 2]
    assert data["mql"] == {"icp": 1, "non_icp": 1, "total": 2}
    assert data["goals"]["mqls"]["goal"] == 20.0  # the version in force at the end
    assert data["previous"]["agreement_versions"] == []


def test_a_quarter_sums_its_months(october: dict[str, Any]) -> None:
    with time_machine.travel(GENERATED, tick=False):
        quarter = report_build(period="2026-Q4").data
    assert quarter["period"] == "2026-Q4"
    assert quarter["mql"]["total"] == 7  # October's six and L5 in November
    assert quarter["goals"]["mqls"]["goal"] == 90.0
    assert quarter["previous"]["period"] == "2026-Q3"
