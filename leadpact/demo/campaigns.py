"""The marketing calendar of the simulated company: webinars, conferences and content.

Webinars happen on Tuesdays to Thursdays at 10:00 or 11:00, about twice a month, rarely in
summer and never over Christmas; conferences a few times a year, in spring and autumn.
"""

import bisect
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from leadpact.demo.seasons import WARSAW, is_working_day, local

WEBINAR_TOPICS = (
    ("migracja-do-chmury", "Migracja do chmury bez przestojów"),
    ("nis2", "NIS2 w praktyce: co musi zrobić dział IT"),
    ("kopie-zapasowe", "Kopie zapasowe odporne na ransomware"),
    ("kubernetes", "Kubernetes w środowisku produkcyjnym"),
    ("finops", "FinOps: jak kontrolować koszty chmury"),
    ("zero-trust", "Zero Trust krok po kroku"),
    ("sd-wan", "SD-WAN dla firm z wieloma oddziałami"),
    ("ai-w-it", "AI w utrzymaniu infrastruktury IT"),
    ("hybrid-cloud", "Chmura hybrydowa w sektorze finansowym"),
    ("observability", "Monitoring i observability aplikacji"),
)
EBOOKS = (
    "ebook-przewodnik-migracji-do-chmury",
    "ebook-nis2-lista-kontrolna",
    "ebook-strategia-backupu-3-2-1",
    "ebook-finops-dla-cfo",
    "ebook-zero-trust-architektura",
)
CASE_STUDIES = (
    "case-study-bank-regionalny-chmura-hybrydowa",
    "case-study-siec-handlowa-sd-wan",
    "case-study-producent-czesci-backup",
    "case-study-ubezpieczyciel-zero-trust",
)
ARTICLES = (
    "blog-5-bledow-przy-migracji-do-chmury",
    "blog-czym-jest-nis2",
    "blog-koszty-chmury-publicznej",
    "blog-kubernetes-czy-warto",
    "blog-ransomware-w-polskich-firmach",
    "blog-sd-wan-vs-mpls",
    "blog-jak-przygotowac-audyt-bezpieczenstwa",
)
VIDEOS = (
    "video-demo-platformy",
    "video-wywiad-z-cio",
    "video-webinar-skrot-nis2",
)
CONFERENCES = (
    (3, 18, "cloud-summit-warszawa", "Cloud Summit Warszawa"),
    (5, 13, "cybersec-forum-krakow", "CyberSec Forum Kraków"),
    (6, 10, "it-leaders-gdansk", "IT Leaders Gdańsk"),
    (9, 23, "infrastruktura-it-poznan", "Infrastruktura IT Poznań"),
    (10, 21, "forum-cio-wroclaw", "Forum CIO Wrocław"),
    (11, 18, "security-days-katowice", "Security Days Katowice"),
)


@dataclass(frozen=True, slots=True)
class Webinar:
    campaign: str
    title: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Conference:
    campaign: str
    name: str
    day: date


@dataclass(frozen=True)
class MarketingCalendar:
    webinars: tuple[Webinar, ...]
    conferences: tuple[Conference, ...]

    @classmethod
    def plan(cls, *, rng: random.Random, start: datetime, end: datetime) -> "MarketingCalendar":
        # A lead arriving late still registers for a webinar after the history ends.
        first = start.astimezone(WARSAW).date() - timedelta(days=start.weekday() + 7)
        last = end.astimezone(WARSAW).date() + timedelta(days=60)
        webinars, topic = [], rng.randrange(len(WEBINAR_TOPICS))
        week = first
        while week <= last:
            chance = 0.25 if week.month in (7, 8) else 0.55
            if _christmas(week) or rng.random() >= chance:
                week += timedelta(days=7)
                continue
            day = week + timedelta(days=rng.choice((1, 2, 3)))
            if is_working_day(day):
                slug, title = WEBINAR_TOPICS[topic % len(WEBINAR_TOPICS)]
                at = local(day, time(rng.choice((10, 11))))
                webinars.append(Webinar(f"webinar-{day:%Y-%m-%d}-{slug}", title, at))
                topic += 1
            week += timedelta(days=7)
        opening = start.astimezone(WARSAW).date()
        conferences = [
            Conference(f"event-{slug}-{year}", f"{name} {year}", date(year, month, day))
            for year in range(opening.year, last.year + 1)
            for month, day, slug, name in CONFERENCES
            if opening <= date(year, month, day) <= last
        ]
        return cls(tuple(webinars), tuple(conferences))

    @cached_property
    def _times(self) -> list[datetime]:
        return [w.at for w in self.webinars]

    def webinars_after(self, moment: datetime, *, within_days: int) -> list[Webinar]:
        first = bisect.bisect_right(self._times, moment)
        limit = moment + timedelta(days=within_days)
        return [w for w in self.webinars[first:] if w.at <= limit]

    def conference_before(self, moment: datetime, *, within_days: int) -> Conference | None:
        """A conference held in the `within_days` before `moment` (its contacts come in late)."""
        day = moment.astimezone(WARSAW).date()
        for conference in self.conferences:
            if 0 <= (day - conference.day).days <= within_days:
                return conference
        return None


def _christmas(week: date) -> bool:
    return any(
        (d.month == 12 and d.day >= 18) or (d.month == 1 and d.day <= 7)
        for d in (week + timedelta(days=n) for n in range(7))
    )
