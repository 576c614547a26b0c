"""Deterministic marketing data shaped like the real thing: accounts, their people, and
touches (webinars, e-books, articles …) over nine months, the same for the same seed."""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from leadpact.accounts.schemas import AccountIn
from leadpact.leads.schemas import LeadIn
from leadpact.touches.schemas import TouchIn

FIRST_NAMES = [
    "anna", "piotr", "marta", "tomasz", "katarzyna", "pawel", "agnieszka", "michal", "ewa",
    "krzysztof", "joanna", "marcin", "magdalena", "lukasz", "monika", "jan",
]  # fmt: skip
LAST_NAMES = [
    "nowak", "kowalski", "wisniewska", "wojcik", "kaminski", "lewandowska", "zielinski",
    "szymanska", "wozniak", "dabrowski", "kozlowska", "jankowski", "mazur", "krawczyk",
]  # fmt: skip
JOB_TITLES = [
    "CFO", "CEO", "Dyrektor finansowy", "Kierownik produkcji", "Specjalista ds. zakupów",
    "Dyrektor operacyjny", "Kierownik IT", "Analityk", "Prezes zarządu", "Kontroler",
]  # fmt: skip
INDUSTRIES = ["manufacturing", "steel", "logistics", "food", "automotive", "chemicals", "retail"]
COUNTRIES = ["PL"] * 8 + ["DE", "CZ"]
# (type, source, campaign family, share of all touches)
TOUCH_TYPES = [
    ("webinar_registration", "clickmeeting", "webinar", 28),
    ("webinar_attended", "clickmeeting", "webinar", 18),
    ("ebook_download", "hubspot", "ebook", 20),
    ("article_read", "website", "blog", 15),
    ("case_study_download", "hubspot", "case-study", 8),
    ("video_watched", "youtube", "video", 6),
    ("event_meeting", "events", "targi", 3),
    ("form_answer", "hubspot", "form", 2),
]  # fmt: skip
HORIZONS = ["<6", "6-12", ">12"]
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SPAN_SECONDS = 270 * 24 * 3600


@dataclass(frozen=True)
class Population:
    accounts: list[AccountIn]
    leads: list[LeadIn]
    account_of_lead: list[int]


def population_build(*, seed: int, accounts: int, leads: int) -> Population:
    rng = random.Random(seed)
    companies = [
        AccountIn.model_construct(
            domain=f"firma{n:05d}.pl",
            name=f"Firma {n:05d} sp. z o.o.",
            industry=rng.choice(INDUSTRIES),
            employees=int(rng.lognormvariate(4.5, 1.2)) + 1,
            country=rng.choice(COUNTRIES),
        )
        for n in range(accounts)
    ]
    account_of_lead = [rng.randrange(accounts) for _ in range(leads)]
    people = []
    for n, account in enumerate(account_of_lead):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append(
            LeadIn.model_construct(
                email=f"{first}.{last}.{n}@{companies[account].domain}",
                first_name=first.capitalize(),
                last_name=last.capitalize(),
                job_title=rng.choice(JOB_TITLES),
            )
        )
    return Population(companies, people, account_of_lead)


def touches_generate(*, seed: int, population: Population, count: int) -> Iterator[TouchIn]:
    """Touches as an integration would send them (with the lead's and account's fields),
    built without validation: the values are already in the schema's normal form."""
    rng = random.Random(seed + 1)
    weights = [share for *_, share in TOUCH_TYPES]
    n_leads = len(population.leads)
    for n in range(count):
        touch_type, source, family, _ = rng.choices(TOUCH_TYPES, weights)[0]
        # Skewed: a few leads are very active, most touch a handful of times.
        lead_index = int(n_leads * rng.random() ** 1.6)
        occurred_at = START + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS))
        topic = rng.randrange(12)
        yield TouchIn.model_construct(
            external_id=f"{source}-{n:07d}",
            source=source,
            type=touch_type,
            occurred_at=occurred_at,
            lead=population.leads[lead_index],
            account=population.accounts[population.account_of_lead[lead_index]],
            campaign=f"{family}-{occurred_at:%Y-%m}-{topic}",
            asset=f"{family}-{topic}.pdf" if family in ("ebook", "case-study") else "",
            answers={"horizon": rng.choice(HORIZONS)} if touch_type == "form_answer" else {},
        )
