"""The companies of the simulated market.

Most are what the example agreement's ICP asks for (Polish, in finance, insurance,
manufacturing, retail, logistics, energy, telecom or healthcare, with 250–5000 people), and a
realistic share is not: foreign firms, small firms, the public sector, the very large.
"""

import math
import random
from dataclasses import dataclass
from decimal import Decimal

ICP_INDUSTRIES = (
    "finance", "insurance", "manufacturing", "retail", "logistics", "energy", "telecom",
    "healthcare",
)  # fmt: skip
OTHER_INDUSTRIES = (
    "construction",
    "education",
    "media",
    "hospitality",
    "agriculture",
    "it_services",
)
COUNTRIES = (
    ("PL", 82),
    ("DE", 5),
    ("CZ", 4),
    ("SK", 2),
    ("LT", 2),
    ("GB", 2),
    ("UA", 2),
    ("US", 1),
)
# (share %, fewest, most employees): small firms, the ICP's middle, enterprise, the very large.
SIZES = ((18, 10, 249), (50, 250, 999), (27, 1000, 5000), (5, 5001, 40000))
CLOUD_STRATEGIES = (
    ("hybrid", 30),
    ("migrating", 20),
    ("multi_cloud", 15),
    ("on_premise", 25),
    ("", 10),
)

ROOTS = (
    "Nord", "Polt", "Wisła", "Mazow", "Bałt", "Karpat", "Orzeł", "Sudet", "Gryf", "Piast",
    "Jantar", "Warta", "Odra", "Tatra", "Kasztel", "Sokół", "Dąb", "Lech", "Wawel", "Amber",
    "Polon", "Silesia", "Vistula", "Pomorze", "Roztocz", "Beskid", "Narew", "Bug", "Kujaw",
    "Mazur", "Podhal", "Żuraw", "Borek", "Zefir", "Astra", "Nova", "Prima", "Delta", "Omega",
)  # fmt: skip
SECTOR_WORDS = {
    "finance": ("Bank", "Finanse", "Kapitał", "Leasing", "Faktoring"),
    "insurance": ("Ubezpieczenia", "Assistance", "Towarzystwo Ubezpieczeń"),
    "manufacturing": ("Metal", "Plast", "Mech", "Fabryka Okien", "Komponenty", "Stal"),
    "retail": ("Market", "Handel", "Sklepy", "Dom Handlowy"),
    "logistics": ("Trans", "Logistyka", "Cargo", "Spedycja"),
    "energy": ("Energia", "Power", "Ciepłownia", "Fotowoltaika"),
    "telecom": ("Tel", "Net", "Telekom", "Światłowody"),
    "healthcare": ("Med", "Klinika", "Centrum Medyczne", "Diagnostyka"),
    "construction": ("Bud", "Budownictwo", "Inwestycje"),
    "education": ("Akademia", "Szkoła Językowa", "Edukacja"),
    "media": ("Media", "Wydawnictwo", "Studio"),
    "hospitality": ("Hotele", "Resort", "Catering"),
    "agriculture": ("Agro", "Rolnik", "Sady"),
    "it_services": ("Soft", "IT", "Systemy", "Data"),
}
PUBLIC_BODIES = (
    ("Urząd Miejski {where}", "um"), ("Starostwo Powiatowe {where}", "starostwo"),
    ("Szpital Wojewódzki {where}", "szpital"), ("Zarząd Dróg Miejskich {where}", "zdm"),
    ("Miejskie Przedsiębiorstwo Komunikacyjne {where}", "mpk"),
    ("Uniwersytet Medyczny {where}", "umed"),
)  # fmt: skip
CITIES = (
    ("Warszawa", "w Warszawie"), ("Kraków", "w Krakowie"), ("Łódź", "w Łodzi"),
    ("Wrocław", "we Wrocławiu"), ("Poznań", "w Poznaniu"), ("Gdańsk", "w Gdańsku"),
    ("Szczecin", "w Szczecinie"), ("Bydgoszcz", "w Bydgoszczy"), ("Lublin", "w Lublinie"),
    ("Białystok", "w Białymstoku"), ("Katowice", "w Katowicach"), ("Rzeszów", "w Rzeszowie"),
    ("Olsztyn", "w Olsztynie"), ("Opole", "w Opolu"), ("Kielce", "w Kielcach"),
    ("Toruń", "w Toruniu"),
)  # fmt: skip
LEGAL_FORMS = {"PL": ("S.A.", "sp. z o.o.", "sp. z o.o.", "sp. j."), "DE": ("GmbH", "AG"),
               "CZ": ("s.r.o.", "a.s."), "SK": ("s.r.o.",), "LT": ("UAB",), "GB": ("Ltd",),
               "UA": ("TOV",), "US": ("Inc.", "LLC")}  # fmt: skip
TLDS = {"PL": ("pl", "com.pl", "com"), "DE": ("de",), "CZ": ("cz",), "SK": ("sk",), "LT": ("lt",),
        "GB": ("co.uk",), "UA": ("com.ua",), "US": ("com",)}  # fmt: skip
ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


@dataclass(frozen=True, slots=True)
class Company:
    domain: str
    name: str
    industry: str
    employees: int
    country: str
    annual_revenue: Decimal | None
    is_target: bool
    cloud_strategy: str
    committee: int  # how many of its people will meet our marketing

    @property
    def in_icp(self) -> bool:
        return (
            self.country == "PL"
            and self.industry in ICP_INDUSTRIES
            and 250 <= self.employees <= 5000
        )


def ascii_slug(text: str) -> str:
    plain = text.translate(ASCII).lower()
    return "".join(c if c.isalnum() else "-" for c in plain).strip("-").replace("--", "-")


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


def _committee(rng: random.Random, employees: int) -> int:
    if employees < 250:
        return rng.choice((1, 1, 1, 2))
    if employees < 1000:
        return rng.choice((1, 2, 2, 3, 3, 4, 5))
    return rng.choice((2, 3, 4, 4, 5, 6, 7, 8))


def company_build(rng: random.Random, taken: set[str]) -> Company:
    roll = rng.random()
    industry = (
        rng.choice(ICP_INDUSTRIES)
        if roll < 0.78
        else "public_sector"
        if roll < 0.86
        else rng.choice(OTHER_INDUSTRIES)
    )
    country = "PL" if industry == "public_sector" else _weighted(rng, COUNTRIES)
    size = rng.choices(SIZES, [share for share, *_ in SIZES])[0]
    employees = int(math.exp(rng.uniform(math.log(size[1]), math.log(size[2] + 1))))
    if industry == "public_sector":
        city, where = rng.choice(CITIES)
        template, short = rng.choice(PUBLIC_BODIES)
        name, stem = template.format(where=where), f"{short}{city}"
        revenue = None
    else:
        word = rng.choice(SECTOR_WORDS[industry])
        stem = f"{rng.choice(ROOTS)}{'' if len(word) <= 5 else ' '}{word}"
        name = f"{stem} {rng.choice(LEGAL_FORMS[country])}"
        per_head = rng.lognormvariate(math.log(320_000), 0.45)
        revenue = Decimal(round(employees * per_head, -4))
    in_icp_shape = industry in ICP_INDUSTRIES and country == "PL"
    return Company(
        domain=_domain(rng, stem, "pl" if revenue is None else rng.choice(TLDS[country]), taken),
        name=name,
        industry=industry,
        employees=employees,
        country=country,
        annual_revenue=revenue,
        is_target=rng.random() < (0.19 if in_icp_shape and employees >= 250 else 0.04),
        cloud_strategy=_weighted(rng, CLOUD_STRATEGIES),
        committee=_committee(rng, employees),
    )


def _domain(rng: random.Random, stem: str, tld: str, taken: set[str]) -> str:
    slug = ascii_slug(stem).replace("-", "")[:40]
    domain, number = f"{slug}.{tld}", 2
    while domain in taken:
        domain = f"{slug}{number}.{tld}"
        number += 1
    taken.add(domain)
    return domain


def companies_build(*, rng: random.Random, leads: int) -> list[Company]:
    """Companies until their buying committees hold `leads` people; the last one is trimmed."""
    companies: list[Company] = []
    taken: set[str] = set()
    people = 0
    while people < leads:
        company = company_build(rng, taken)
        size = min(company.committee, leads - people)
        if size != company.committee:
            company = _with_committee(company, size)
        companies.append(company)
        people += size
    return companies


def _with_committee(company: Company, size: int) -> Company:
    fields = {name: getattr(company, name) for name in Company.__slots__}
    return Company(**{**fields, "committee": size})
