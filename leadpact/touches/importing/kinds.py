"""What each kind of import validates with and which bulk service stores it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from leadpact.accounts.models import Account
from leadpact.accounts.schemas import AccountIn
from leadpact.accounts.services import accounts_upsert_bulk
from leadpact.agreements.selectors import agreement_active
from leadpact.core.emails import email_normalize
from leadpact.leads.schemas import LeadUpsertIn
from leadpact.leads.services import leads_upsert_bulk
from leadpact.privacy.ledger import suppressed_emails
from leadpact.touches.importing.sources import CsvLayout
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touch_type_problem, touch_types_known, touches_record_bulk


@dataclass(frozen=True)
class Refused:
    """A valid row the store step still cannot take (e.g. a lead of an unknown account)."""

    field: str
    message: str


# Per row, in order: "created" | "updated" | "unchanged" | "duplicate" | "suppressed", or why it
# was refused.
Outcomes = list[str | Refused]

# Why a valid row cannot be stored, judged before it reaches the store step; None: it can.
RowCheck = Callable[[Any], Refused | None]


@dataclass(frozen=True)
class ImportKind:
    schema: type[BaseModel]
    layout: CsvLayout
    store: Callable[[Sequence[Any]], Outcomes]
    check_for_run: Callable[[], RowCheck] | None = None  # called once per import run


def accounts_store(items: Sequence[AccountIn]) -> Outcomes:
    results = accounts_upsert_bulk(items=list(items))
    return _per_row([item.domain for item in items], {d: r.outcome for d, r in results.items()})


def leads_store(items: Sequence[LeadUpsertIn]) -> Outcomes:
    suppressed = suppressed_emails(item.email for item in items)
    outcomes = iter(_leads_store([i for i in items if email_normalize(i.email) not in suppressed]))
    return [
        "suppressed" if email_normalize(item.email) in suppressed else next(outcomes)
        for item in items
    ]


def _leads_store(items: Sequence[LeadUpsertIn]) -> Outcomes:
    domains = {item.account_domain for item in items if item.account_domain}
    accounts = {a.domain: a for a in Account.objects.filter(domain__in=domains)}
    storable = [i for i in items if not i.account_domain or i.account_domain in accounts]
    results = leads_upsert_bulk(
        items=[(i, accounts[i.account_domain] if i.account_domain else None) for i in storable],
        consent_source="import",
    )
    stored = iter(
        _per_row(
            [email_normalize(i.email) for i in storable],
            {email: r.outcome for email, r in results.items()},
        )
    )
    return [
        next(stored)
        if not item.account_domain or item.account_domain in accounts
        else Refused(
            "account_domain",
            f"unknown account {item.account_domain}; import accounts first",
        )
        for item in items
    ]


def touches_store(items: Sequence[TouchIn]) -> Outcomes:
    return [o.outcome for o in touches_record_bulk(items=list(items), consent_source="import")]


def touch_type_check() -> RowCheck:
    """Touches of a type the agreement in force does not define are rejected row by row: the
    bulk service refuses a whole chunk holding one. No agreement in force: any type."""
    version = agreement_active()
    if version is None:
        return lambda item: None
    known = touch_types_known(version)

    def check(item: TouchIn) -> Refused | None:
        problem = touch_type_problem(item.type, known)
        return Refused("type", problem) if problem else None

    return check


def _per_row(keys: list[str], outcome_of: dict[str, str]) -> Outcomes:
    """One outcome per row although the service answers once per key: a later row of a key
    already seen in the chunk was merged into the same write, so it counts as an update."""
    seen: set[str] = set()
    outcomes: Outcomes = []
    for key in keys:
        outcome = outcome_of[key]
        if key in seen and outcome == "created":
            outcome = "updated"
        seen.add(key)
        outcomes.append(outcome)
    return outcomes


_ACCOUNT = ("domain", "name", "industry", "employees", "country", "annual_revenue", "is_target")
_PERSON = ("email", "first_name", "last_name", "job_title", "phone")
# Consent facts: `consent_email` / `consent_phone` true or false (granted or withdrawn),
# `legal_basis` consent or legitimate_interest, and the wording or form they came from.
_CONSENT = {
    "consent_email": "email",
    "consent_phone": "phone",
    "legal_basis": "legal_basis",
    "consent_wording": "wording",
    "consent_form": "form_id",
}

_CONSENT_GIVEN = frozenset({"consent_email", "consent_phone"})

KINDS: dict[str, ImportKind] = {
    "accounts": ImportKind(
        schema=AccountIn,
        layout=CsvLayout(
            columns={name: (name,) for name in _ACCOUNT},
            prefixes={"attr.": "attributes"},
            required=("domain",),
            numbers=frozenset({"employees", "annual_revenue"}),
            booleans=frozenset({"is_target"}),
        ),
        store=accounts_store,
    ),
    "leads": ImportKind(
        schema=LeadUpsertIn,
        layout=CsvLayout(
            columns={
                **{name: (name,) for name in (*_PERSON, "account_domain")},
                **{column: ("consent", field) for column, field in _CONSENT.items()},
            },
            prefixes={"attr.": "attributes"},
            required=("email",),
            booleans=_CONSENT_GIVEN,
        ),
        store=leads_store,
    ),
    "touches": ImportKind(
        schema=TouchIn,
        layout=CsvLayout(
            columns={
                **{n: (n,) for n in ("external_id", "source", "type", "occurred_at")},
                **{n: ("lead", n) for n in _PERSON},
                **{column: ("lead", "consent", field) for column, field in _CONSENT.items()},
                "domain": ("account", "domain"),
                "account_name": ("account", "name"),
                **{n: ("account", n) for n in ("industry", "employees", "country")},
                "campaign": ("campaign",),
                "asset": ("asset",),
            },
            prefixes={"answer.": "answers"},
            required=("external_id", "source", "type", "occurred_at", "email"),
            numbers=frozenset({"employees"}),
            moments=frozenset({"occurred_at"}),
            booleans=_CONSENT_GIVEN,
        ),
        store=touches_store,
        check_for_run=touch_type_check,
    ),
}
