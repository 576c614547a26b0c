"""How one person meets the company's marketing: the touch sequences of the article.

Most start with a webinar registration; some attend, download the e-book offered afterwards and
come to a second webinar (cold → warm → hot in the example agreement). Others read articles,
watch videos, download case studies, meet us at a conference, answer the registration form's
question about a planned project, or, now and then, ask to be contacted.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from leadpact.demo.campaigns import (
    ARTICLES,
    CASE_STUDIES,
    EBOOKS,
    VIDEOS,
    MarketingCalendar,
    Webinar,
)
from leadpact.demo.companies import Company
from leadpact.demo.people import Person
from leadpact.demo.seasons import later_moment, local

SOURCES = {
    "webinar_registration": "clickmeeting",
    "webinar_attended": "clickmeeting",
    "form_answer": "clickmeeting",
    "ebook_download": "hubspot",
    "case_study_download": "hubspot",
    "article_read": "website",
    "video_watched": "youtube",
    "event_meeting": "events",
    "contact_request": "website",
}
ENGAGEMENT = ("low", "medium", "high")
ATTEND = {"low": 0.3, "medium": 0.6, "high": 0.9}
EBOOK_AFTER = {"low": 0.15, "medium": 0.5, "high": 0.9}
SECOND_WEBINAR = {"low": 0.03, "medium": 0.25, "high": 0.7}
CONTACT_REQUEST = {"low": 0.005, "medium": 0.03, "high": 0.09}
EXTRA_CONTENT = {"low": (0, 1), "medium": (1, 3), "high": (2, 5)}
# Answers to the registration form's optional question: a planned project, and when.
HORIZON_ANSWERS = ((3, 30), (9, 35), (18, 25), (None, 10))


@dataclass(frozen=True, slots=True)
class PlannedTouch:
    at: datetime
    type: str
    campaign: str = ""
    asset: str = ""
    answers: Mapping[str, object] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return SOURCES[self.type]


def journey_plan(
    rng: random.Random,
    *,
    arrival: datetime,
    person: Person,
    company: Company,
    calendar: MarketingCalendar,
) -> list[PlannedTouch]:
    """The touches of one person, in time order: the first is known to us at `arrival` (a
    conference meeting happened earlier: the event's contact list comes in days later)."""
    weights = [6, 3, 1.5] if person.persona == "specialist" else [6, 3, 1]
    if company.is_target:
        weights = [4, 4, 2.5]
    engagement = rng.choices(ENGAGEMENT, weights)[0]
    roll = rng.random()
    touches: list[PlannedTouch] = []
    webinars = calendar.webinars_after(arrival + timedelta(hours=2), within_days=21)
    conference = calendar.conference_before(arrival, within_days=21)
    if roll < 0.68 and webinars:
        touches += _webinar_path(rng, arrival, webinars[0], engagement, calendar)
    elif roll < 0.8 and conference is not None:
        day = conference.day
        at = local(day, datetime.min.time()) + timedelta(minutes=rng.randint(9 * 60, 17 * 60))
        touches.append(PlannedTouch(min(at, arrival), "event_meeting", conference.campaign))
    elif roll < 0.83:
        touches.append(PlannedTouch(arrival, "contact_request", "contact-form"))
    else:
        touches.append(_content(rng, arrival, person))
    low, high = EXTRA_CONTENT[engagement]
    for _ in range(rng.randint(low, high)):
        touches.append(_content(rng, later_moment(rng, arrival, min_days=0, max_days=60), person))
    if rng.random() < CONTACT_REQUEST[engagement]:
        at = later_moment(rng, arrival, min_days=3, max_days=45)
        touches.append(PlannedTouch(at, "contact_request", "contact-form"))
    touches.sort(key=lambda t: t.at)
    return touches


def nurture_plan(
    rng: random.Random, *, since: datetime, calendar: MarketingCalendar
) -> list[PlannedTouch]:
    """Marketing keeps a rejected lead warm: two more webinars and an e-book bring it back hot."""
    start = later_moment(rng, since, min_days=14, max_days=50)
    webinars = calendar.webinars_after(start, within_days=60)[:2]
    touches = []
    for webinar in webinars:
        touches += _attend(rng, webinar, registered=start, floor=start)
    if webinars:
        at = later_moment(rng, webinars[0].at, min_days=0, max_days=5)
        touches.append(_asset(at, "ebook_download", rng.choice(EBOOKS)))
    touches.sort(key=lambda t: t.at)
    return touches


def _webinar_path(
    rng: random.Random,
    arrival: datetime,
    webinar: Webinar,
    engagement: str,
    calendar: MarketingCalendar,
) -> list[PlannedTouch]:
    touches = [PlannedTouch(arrival, "webinar_registration", webinar.campaign)]
    if rng.random() < 0.15:
        months, _ = rng.choices(HORIZON_ANSWERS, [w for _, w in HORIZON_ANSWERS])[0]
        answers = (
            {"project_planned": "yes", "horizon_months": months}
            if months is not None
            else {"project_planned": "no"}
        )
        at = arrival + timedelta(seconds=rng.randint(10, 90))
        touches.append(PlannedTouch(at, "form_answer", webinar.campaign, answers=answers))
    attended = rng.random() < ATTEND[engagement]
    if attended:
        at = webinar.at + timedelta(seconds=rng.randint(-300, 900))
        touches.append(PlannedTouch(at, "webinar_attended", webinar.campaign))
    if rng.random() < (EBOOK_AFTER[engagement] if attended else 0.12):
        at = later_moment(rng, webinar.at, min_days=0, max_days=6)
        touches.append(_asset(at, "ebook_download", rng.choice(EBOOKS)))
    if attended and rng.random() < SECOND_WEBINAR[engagement]:
        later = calendar.webinars_after(webinar.at + timedelta(days=1), within_days=45)
        if later:
            registered = later_moment(rng, webinar.at, min_days=1, max_days=10)
            second = rng.choice(later[:2])
            touches += _attend(rng, second, registered=registered, floor=webinar.at)
    return touches


def _attend(
    rng: random.Random, webinar: Webinar, *, registered: datetime, floor: datetime
) -> list[PlannedTouch]:
    latest = webinar.at - timedelta(hours=rng.randint(1, 48))
    registered = max(floor + timedelta(minutes=1), min(registered, latest))
    touches = [PlannedTouch(registered, "webinar_registration", webinar.campaign)]
    if rng.random() < 0.85:
        at = webinar.at + timedelta(seconds=rng.randint(-300, 900))
        touches.append(PlannedTouch(at, "webinar_attended", webinar.campaign))
    return touches


def _content(rng: random.Random, at: datetime, person: Person) -> PlannedTouch:
    deciders = person.persona in ("c_level", "manager")
    kind = rng.choices(
        ("article_read", "video_watched", "case_study_download", "ebook_download"),
        (4, 2, 3 if deciders else 1, 1.5),
    )[0]
    assets = {
        "article_read": ARTICLES,
        "video_watched": VIDEOS,
        "case_study_download": CASE_STUDIES,
        "ebook_download": EBOOKS,
    }
    return _asset(at, kind, rng.choice(assets[kind]))


def _asset(at: datetime, kind: str, asset: str) -> PlannedTouch:
    # Each piece of content is its own campaign: the coverage KPI counts distinct actions.
    return PlannedTouch(at, kind, campaign=asset, asset=asset)
