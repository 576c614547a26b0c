"""The simulated company's own people — the two heads who sign the agreement, marketing, sales
managers and reps in the teams the agreement routes to — and the agreement they signed."""

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import time_machine
from django.db.models import Q

from leadpact.agreements.models import AgreementVersion
from leadpact.agreements.rules.loading import AgreementInvalid, agreement_parse
from leadpact.agreements.rules.schema import Agreement
from leadpact.agreements.selectors import agreement_active, agreement_signer_list
from leadpact.agreements.services import (
    agreement_version_activate,
    agreement_version_propose,
    agreement_version_sign,
)
from leadpact.core.exceptions import ApplicationError, Conflict
from leadpact.demo.people import FEMALE, GENDERED, MALE, email_local
from leadpact.users.models import Team, User
from leadpact.users.services import user_create

DEMO_DOMAIN = "leadpact.demo"


@dataclass(frozen=True)
class StaffMember:
    email: str
    name: str
    role: str
    team: str | None
    title: str
    slow: bool = False  # a rep who is often late with leads


ROSTER = (
    StaffMember("admin@leadpact.demo", "Adam Nowicki", "admin", None, "Administrator"),
    StaffMember("marta.nowak@leadpact.demo", "Marta Nowak", "marketing", None, "Dyrektorka marketingu"),
    StaffMember("katarzyna.lewandowska@leadpact.demo", "Katarzyna Lewandowska", "marketing", None,
                "Specjalistka ds. marketingu"),
    StaffMember("tomasz.wisniewski@leadpact.demo", "Tomasz Wiśniewski", "sales_manager",
                "sales-enterprise", "Dyrektor sprzedaży"),
    StaffMember("anna.kowalczyk@leadpact.demo", "Anna Kowalczyk", "sales_manager", "sales-sme",
                "Kierowniczka zespołu sprzedaży"),
    StaffMember("grzegorz.mazur@leadpact.demo", "Grzegorz Mazur", "sales_manager", "sales-public",
                "Kierownik sprzedaży — sektor publiczny"),
    StaffMember("piotr.zielinski@leadpact.demo", "Piotr Zieliński", "sales_rep", "sales-sme", "Handlowiec"),
    StaffMember("ewa.dabrowska@leadpact.demo", "Ewa Dąbrowska", "sales_rep", "sales-sme", "Handlowczyni"),
    StaffMember("jakub.wojcik@leadpact.demo", "Jakub Wójcik", "sales_rep", "sales-sme", "Handlowiec",
                slow=True),
    StaffMember("magdalena.kaczmarek@leadpact.demo", "Magdalena Kaczmarek", "sales_rep",
                "sales-enterprise", "Key Account Manager"),
    StaffMember("krzysztof.szymanski@leadpact.demo", "Krzysztof Szymański", "sales_rep",
                "sales-enterprise", "Key Account Manager"),
    StaffMember("joanna.pawlowska@leadpact.demo", "Joanna Pawłowska", "sales_rep", "sales-public",
                "Handlowczyni — sektor publiczny"),
)  # fmt: skip
# The share of handoffs each example team gets; another agreement's teams share equally.
TEAM_SHARE = {"sales-sme": 0.7, "sales-enterprise": 0.25, "sales-public": 0.05}
MQL_SHARE = 0.3  # of all leads, a generous estimate, so that reps are rarely all full


def agreement_teams(agreement: Agreement) -> list[str]:
    routing = agreement.handoff.routing
    return list(dict.fromkeys([routing.default_team, *(rule.team for rule in routing.rules)]))


def staff_plan(*, agreement: Agreement, leads: int, months: int, seed: int) -> list[StaffMember]:
    """The roster, plus a manager and reps for teams it lacks, plus more reps when the volume
    would fill the teams' daily capacity."""
    members = list(ROSTER)
    rng = random.Random(f"{seed}/staff")
    capacity = agreement.handoff.assignment.capacity_per_rep_per_day
    teams = agreement_teams(agreement)
    per_day = leads * MQL_SHARE / max(1, months * 21)
    for team in teams:
        have = [m for m in members if m.team == team and m.role == "sales_rep"]
        if not any(m.team == team and m.role == "sales_manager" for m in members):
            members.append(_generated(rng, "sales_manager", team, members))
        share = TEAM_SHARE.get(team, 1 / len(teams))
        needed = 2 if not have else len(have)
        if capacity is not None:
            needed = max(needed, math.ceil(per_day * share / (0.6 * capacity)))
        for _ in range(needed - len(have)):
            members.append(_generated(rng, "sales_rep", team, members))
    return members


def _generated(rng: random.Random, role: str, team: str, taken: list[StaffMember]) -> StaffMember:
    emails = {m.email for m in taken}
    while True:
        female = rng.random() < 0.5
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(GENDERED)[1 if female else 0]
        email = f"{email_local(first)}.{email_local(last)}@{DEMO_DOMAIN}"
        if email not in emails:
            title = "Kierownik zespołu" if role == "sales_manager" else "Handlowiec"
            slow = role == "sales_rep" and rng.random() < 0.25
            return StaffMember(email, f"{first} {last}", role, team, title, slow)


# Readable names for the example agreement's teams (the agreement knows only their slugs).
TEAM_NAMES = {
    "sales-sme": "Sprzedaż MŚP",
    "sales-enterprise": "Sprzedaż — duże firmy",
    "sales-public": "Sprzedaż — sektor publiczny",
}


def staff_ensure(*, members: list[StaffMember], password: str | None) -> dict[str, User]:
    """Create the members who are not users yet (returned); existing users are left alone."""
    for slug, name in TEAM_NAMES.items():
        Team.objects.get_or_create(slug=slug, defaults={"name": name})
    existing = set(
        User.objects.filter(email__in=[m.email for m in members]).values_list("email", flat=True)
    )
    users = {}
    for member in members:
        if member.email not in existing and member.email not in users:
            users[member.email] = user_create(
                email=member.email,
                role=member.role,
                password=password,
                name=member.name,
                team_slug=member.team,
            )
    return users


def agreement_text_parse(text: str, filename: str) -> Agreement:
    try:
        return agreement_parse(text, filename=filename)
    except AgreementInvalid as invalid:
        raise ApplicationError(
            f"{filename} is not a valid agreement:\n{invalid.format(filename)}", status=422
        ) from None


def agreement_in_force(*, text: str | None, start: datetime) -> AgreementVersion | None:
    """The version already in force for the whole history, or None when `text` (or the
    example) is to be put in force at `start`; a conflict when versions would overlap."""
    in_force = agreement_active(at=start)
    later = AgreementVersion.objects.filter(
        Q(effective_from__gt=start) | Q(status=AgreementVersion.Status.DRAFT)
    ).exists()
    if text is None and in_force is not None and not later:
        return in_force
    if later or in_force is not None:
        raise Conflict(
            "This database already has agreement versions that would overlap the generated "
            f"history (which starts {start:%Y-%m-%d}); generate into an empty database "
            "(a fresh LEADPACT_HOME, or `leadpact demo --reset`)."
        )
    return None


def agreement_sign_and_activate(*, text: str, filename: str, start: datetime) -> AgreementVersion:
    """`text` proposed a week before `start`, signed by its owners over the following days and
    activated at `start`. Signers who are not users yet become users (without a password)."""
    agreement = agreement_text_parse(text, filename)
    signers = agreement_signer_list(agreement=agreement)
    with time_machine.travel(start - timedelta(days=14), tick=False):
        staff_ensure(
            members=[
                StaffMember(s.email, s.email.split("@")[0].replace(".", " ").title(),
                            "marketing" if ".marketing." in s.path else "sales_manager", None, "")
                for s in signers
            ],
            password=None,
        )  # fmt: skip
    users = {u.email: u for u in User.objects.filter(email__in=[s.email for s in signers])}
    owners = [users[s.email] for s in signers if s.required]
    with time_machine.travel(start - timedelta(days=7), tick=False):
        version = agreement_version_propose(text=text, filename=filename, proposed_by=owners[0])
    for day, owner in enumerate(owners, start=1):
        with time_machine.travel(start - timedelta(days=7 - day), tick=False):
            agreement_version_sign(version=version, signer=owner)
    with time_machine.travel(start, tick=False):
        return agreement_version_activate(version=version, actor=owners[-1])
