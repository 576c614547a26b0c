"""The people at those companies: Polish names, and job titles in Polish and English across
the buying committee the article describes (C-level, managers, specialists)."""

import random
import unicodedata
from dataclasses import dataclass

from leadpact.demo.companies import ASCII, Company

FEMALE = (
    "Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Aleksandra", "Ewa",
    "Małgorzata", "Karolina", "Natalia", "Paulina", "Justyna", "Beata", "Dorota", "Iwona",
    "Marta", "Zofia", "Weronika", "Agata", "Barbara", "Julia",
)  # fmt: skip
MALE = (
    "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Jakub", "Adam",
    "Marek", "Grzegorz", "Wojciech", "Mateusz", "Rafał", "Kamil", "Dariusz", "Bartosz",
    "Jan", "Maciej", "Sebastian", "Robert", "Andrzej",
)  # fmt: skip
# Surnames with a masculine and a feminine form (Kowalski / Kowalska) and those with one.
GENDERED = (
    ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"), ("Krawczyk", "Krawczyk"),
    ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Nowakowski", "Nowakowska"),
    ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"), ("Nowicki", "Nowicka"),
    ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Zając", "Zając"), ("Wieczorek", "Wieczorek"),
    ("Jabłoński", "Jabłońska"), ("Król", "Król"), ("Majewski", "Majewska"), ("Olszewski", "Olszewska"),
    ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"), ("Malinowski", "Malinowska"), ("Nowak", "Nowak"),
    ("Stępień", "Stępień"), ("Górski", "Górska"), ("Rutkowski", "Rutkowska"), ("Sikora", "Sikora"),
)  # fmt: skip
FOREIGN_FIRST = ("Thomas", "Laura", "Martin", "Jana", "Peter", "Sarah", "Lukas", "Eva", "David",
                 "Olena", "Jonas", "Emma", "Tomas", "Ieva", "Andriy", "Kateřina")  # fmt: skip
FOREIGN_LAST = ("Müller", "Schmidt", "Novák", "Svoboda", "Smith", "Brown", "Kazlauskas",
                "Shevchenko", "Horváth", "Weber", "Dvořák", "Petrauskas", "Wilson", "Bondarenko")  # fmt: skip

C_LEVEL_PL = ("Prezes Zarządu", "Wiceprezes Zarządu", "Członek Zarządu ds. IT", "Dyrektor IT",
              "Dyrektor ds. Technologii", "Dyrektor Departamentu Informatyki", "Dyrektor Finansowy",
              "Dyrektor Operacyjny")  # fmt: skip
C_LEVEL_EN = ("CEO", "CTO", "CIO", "CFO", "COO", "CISO", "IT Director", "Vice President of IT")
MANAGER_PL = ("Kierownik IT", "Kierownik Działu Infrastruktury", "Kierowniczka Zespołu Aplikacji",
              "Menedżer ds. Bezpieczeństwa IT", "Koordynator Projektów IT", "Lider Zespołu DevOps",
              "Kierownik Utrzymania Systemów")  # fmt: skip
MANAGER_EN = ("IT Manager", "Head of Infrastructure", "Head of IT Security", "Engineering Manager",
              "IT Operations Manager", "Head of Cloud")  # fmt: skip
SPECIALIST_PL = ("Administrator systemów", "Specjalista ds. bezpieczeństwa", "Starszy Specjalista IT",
                 "Inżynier DevOps", "Architekt rozwiązań chmurowych", "Analityk biznesowy",
                 "Programista", "Administrator sieci")  # fmt: skip
SPECIALIST_EN = ("DevOps Engineer", "System Administrator", "Cloud Architect", "Security Analyst",
                 "Network Engineer", "Software Developer", "Site Reliability Engineer")  # fmt: skip
OTHER_TITLES = ("Asystentka Zarządu", "Księgowa", "Handlowiec", "Student", "Office Assistant")
TITLES = {
    "c_level": (C_LEVEL_PL, C_LEVEL_EN),
    "manager": (MANAGER_PL, MANAGER_EN),
    "specialist": (SPECIALIST_PL, SPECIALIST_EN),
}
# Who in a buying committee meets marketing content first, and who later.
PERSONA_WEIGHTS = (("specialist", 45), ("manager", 33), ("c_level", 16), ("other", 6))


@dataclass(frozen=True, slots=True)
class Person:
    email: str
    first_name: str
    last_name: str
    job_title: str
    persona: str  # what the generator meant; the agreement's engine decides for itself


def committee_build(rng: random.Random, company: Company) -> list[Person]:
    """The people of `company` who will meet our marketing, with distinct e-mail addresses."""
    people, used = [], set()
    for _ in range(company.committee):
        person = _person(rng, company)
        email, number = person.email, 2
        while email in used:
            local_part, _, domain = person.email.partition("@")
            email = f"{local_part}{number}@{domain}"
            number += 1
        used.add(email)
        people.append(
            Person(email, person.first_name, person.last_name, person.job_title, person.persona)
        )
    return people


def _person(rng: random.Random, company: Company) -> Person:
    if company.country == "PL":
        female = rng.random() < 0.45
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(GENDERED)[1 if female else 0]
        english_title = rng.random() < 0.35
    else:
        first, last = rng.choice(FOREIGN_FIRST), rng.choice(FOREIGN_LAST)
        english_title = True
    persona = rng.choices([p for p, _ in PERSONA_WEIGHTS], [w for _, w in PERSONA_WEIGHTS])[0]
    if persona == "other":
        title = rng.choice(OTHER_TITLES)
    else:
        polish, english = TITLES[persona]
        title = rng.choice(english if english_title else polish)
    return Person(
        f"{email_local(first)}.{email_local(last)}@{company.domain}", first, last, title, persona
    )


def email_local(name: str) -> str:
    """`Wiśniewska` → `wisniewska`, `Dvořák` → `dvorak`."""
    plain = unicodedata.normalize("NFKD", name.translate(ASCII)).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())
