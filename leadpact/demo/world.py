"""The simulated market of one history: its companies, the people of their buying committees,
the marketing calendar, and when each person first shows up.

Everything is drawn from streams seeded by `(seed, what, which)`, so a person is the same
whatever order the simulation asks for them in, and the same seed gives the same world.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from leadpact.demo.campaigns import MarketingCalendar
from leadpact.demo.companies import Company, companies_build
from leadpact.demo.people import Person, committee_build
from leadpact.demo.seasons import WARSAW, Days, office_moment


@dataclass(frozen=True, slots=True)
class Arrival:
    at: datetime
    company: int
    member: int


class World:
    def __init__(self, *, seed: int, leads: int, start: datetime, end: datetime) -> None:
        self.seed = seed
        self.start, self.end = start, end
        self.companies: list[Company] = companies_build(
            rng=random.Random(f"{seed}/companies"), leads=leads
        )
        self.calendar = MarketingCalendar.plan(
            rng=random.Random(f"{seed}/calendar"), start=start, end=end
        )
        self.arrivals = self._arrivals(random.Random(f"{seed}/arrivals"))
        self.committee = lru_cache(maxsize=4096)(self._committee)

    def person(self, arrival: Arrival) -> Person:
        return self.committee(arrival.company)[arrival.member]

    def rng(self, *key: object) -> random.Random:
        return random.Random("/".join(map(str, (self.seed, *key))))

    def _committee(self, company: int) -> list[Person]:
        return committee_build(self.rng("people", company), self.companies[company])

    def _arrivals(self, rng: random.Random) -> list[Arrival]:
        """When each person first meets our marketing: a company's first person on a busy day,
        colleagues of theirs over the following weeks."""
        days = Days.between(self.start, self.end)
        arrivals = []
        for index, company in enumerate(self.companies):
            first = self._within(office_moment(rng, days.pick(rng)), rng)
            arrivals.append(Arrival(first, index, 0))
            for member in range(1, company.committee):
                gap = timedelta(days=rng.expovariate(1 / 14))
                day = (first + gap if first + gap <= self.end else first - gap).astimezone(WARSAW)
                arrivals.append(
                    Arrival(self._within(office_moment(rng, day.date()), rng), index, member)
                )
        arrivals.sort(key=lambda a: (a.at, a.company, a.member))
        return arrivals

    def _within(self, moment: datetime, rng: random.Random) -> datetime:
        if moment <= self.start:
            return self.start + timedelta(minutes=rng.randint(1, 600))
        if moment > self.end:
            return self.end - timedelta(minutes=rng.randint(1, 120))
        return moment
