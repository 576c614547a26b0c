"""The simulated market: the same seed gives the same people, and they look like the ICP's."""

import random
from datetime import UTC, datetime

from leadpact.agreements.rules.compiled import persona_of
from leadpact.agreements.rules.engine import compile_agreement
from leadpact.agreements.rules.loading import example_agreement
from leadpact.demo.companies import companies_build
from leadpact.demo.people import OTHER_TITLES, TITLES, email_local
from leadpact.demo.seasons import Days, day_weight
from leadpact.demo.world import World

START, END = datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)


def test_companies_hold_exactly_the_leads_asked_for_and_most_fit_the_icp():
    companies = companies_build(rng=random.Random(1), leads=5000)
    assert sum(c.committee for c in companies) == 5000
    assert len({c.domain for c in companies}) == len(companies)
    share_in_icp = sum(c.in_icp for c in companies) / len(companies)
    assert 0.3 < share_in_icp < 0.6
    assert any(c.industry == "public_sector" for c in companies)
    assert any(c.country != "PL" for c in companies)
    assert any(c.employees < 250 for c in companies)
    assert any(c.employees >= 1000 for c in companies)
    assert 0.08 < sum(c.is_target for c in companies) / len(companies) < 0.22


def test_every_job_title_falls_in_the_persona_it_was_written_for():
    compiled = compile_agreement(example_agreement())
    for persona, (polish, english) in TITLES.items():
        for title in (*polish, *english):
            assert persona_of(compiled, title) == persona, title
    for title in OTHER_TITLES:
        assert persona_of(compiled, title) == "", title


def test_a_world_is_the_same_for_the_same_seed_and_people_have_distinct_emails():
    one = World(seed=5, leads=400, start=START, end=END)
    two = World(seed=5, leads=400, start=START, end=END)
    other = World(seed=6, leads=400, start=START, end=END)
    people = [one.person(a) for a in one.arrivals]
    assert people == [two.person(a) for a in two.arrivals]
    assert people != [other.person(a) for a in other.arrivals]
    assert len({p.email for p in people}) == 400
    assert all(START < a.at <= END for a in one.arrivals)


def test_emails_are_plain_ascii():
    assert email_local("Wiśniewska") == "wisniewska"
    assert email_local("Dvořák") == "dvorak"
    assert email_local("Łukasz") == "lukasz"


def test_summer_weekends_and_christmas_are_quiet():
    assert day_weight(datetime(2026, 10, 6).date()) == 1.0  # a Tuesday
    assert day_weight(datetime(2026, 7, 7).date()) < 1.0
    assert day_weight(datetime(2026, 10, 10).date()) < 0.2  # a Saturday
    assert day_weight(datetime(2026, 12, 28).date()) < 0.3
    days = Days.between(START, END)
    picked = [days.pick(random.Random(n)) for n in range(2000)]
    weekend = sum(d.weekday() >= 5 for d in picked) / len(picked)
    assert weekend < 0.1
