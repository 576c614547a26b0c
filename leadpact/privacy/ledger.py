"""The consent ledger and the suppression list as ingestion sees them.

Leads, touches and the importer call these while they store a lead, so this module imports no
other leadpact app: the direction stays `leads, touches → privacy.ledger`.
"""

import functools
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery

from leadpact.core.bulk import rows_by_keys
from leadpact.core.emails import email_normalize, email_spellings
from leadpact.privacy.models import ConsentRecord, Erasure, Suppression
from leadpact.privacy.schemas import ConsentIn
from leadpact.users.models import User

Kind = ConsentRecord.Kind
Value = ConsentRecord.Value
ERASED_DOMAIN = "erased.invalid"
_KEY_SALT = b"leadpact.privacy.suppression"


@functools.lru_cache(maxsize=8)
def _key(secret: str) -> bytes:
    return hashlib.sha256(_KEY_SALT + secret.encode()).digest()


def email_hash(email: str, *, secret: str | None = None) -> str:
    """HMAC-SHA256 of the normalised e-mail under a key derived from SECRET_KEY: the list
    cannot be read back, nor matched against a list of addresses without the key."""
    key = _key(secret if secret is not None else settings.SECRET_KEY)
    return hmac.digest(key, email_normalize(email).encode(), "sha256").hex()


def _keys() -> list[bytes]:
    # A rotated SECRET_KEY stays in SECRET_KEY_FALLBACKS, so earlier entries keep matching.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_key(secret) for secret in secrets]


def suppressed_emails(emails: Iterable[str]) -> set[str]:
    """The given e-mails (normalised) that must not be stored: suppressed people, and the
    placeholder addresses of erased leads."""
    by_hash: dict[str, str] = {}
    found: set[str] = set()
    keys = _keys()
    erased = "@" + ERASED_DOMAIN
    for given in set(emails):
        email, *legacy = email_spellings(given)
        if email.endswith(erased):
            found.add(email)
            continue
        # `email_hash` of each key, without its per-call lookups: a batch hashes a thousand.
        for spelling in (email, *legacy):
            encoded = spelling.encode()
            by_hash.update((hmac.digest(key, encoded, "sha256").hex(), email) for key in keys)
    if by_hash:
        found.update(by_hash[digest] for digest in _suppressed_hashes(list(by_hash)))
    return found


def _suppressed_hashes(digests: list[str]) -> list[str]:
    rows = rows_by_keys(
        Suppression, key=["email_hash"], keys=((d,) for d in digests), columns=["email_hash"]
    )
    return [digest for (digest,) in rows]


def suppression_add(*, email: str, reason: str) -> bool:
    """Add the person to the suppression list; False when they were on it already."""
    _, created = Suppression.objects.get_or_create(
        email_hash=email_hash(email), defaults={"reason": reason}
    )
    return created


def lead_restricted(lead_id: int) -> bool:
    """Whether the lead objected or was erased: one statement, not a compiled queryset, for
    every sales action asks."""
    with connection.cursor() as cursor:
        cursor.execute(_RESTRICTED_SQL, [*_RESTRICTED_PARAMS, lead_id])
        return bool(cursor.fetchone()[0])


def lead_unrestricted_sql(lead_id: str) -> tuple[str, list[str]]:
    """An SQL condition, with its parameters, true for a lead (its id column named by
    `lead_id`, e.g. `l.id`) that neither objected nor was erased: the leads still judged,
    scored and handed off. SQL for the judging query, which is written for a cursor."""
    objected = ConsentRecord._meta.db_table
    erased = Erasure._meta.db_table
    return (
        f"NOT EXISTS (SELECT 1 FROM {objected} WHERE {objected}.lead_id = {lead_id} "
        f"AND {objected}.kind = %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {erased} WHERE {erased}.lead_id = {lead_id})",
        [Kind.OBJECTION.value],
    )


# `lead_restricted`'s statement, made once: every sales action runs it.
_UNRESTRICTED_ID, _RESTRICTED_PARAMS = lead_unrestricted_sql("k.id")
_RESTRICTED_SQL = f"SELECT NOT ({_UNRESTRICTED_ID}) FROM (SELECT %s AS id) AS k"


@dataclass(frozen=True)
class ConsentFact:
    lead_id: int
    consent: ConsentIn


def _facts_of(consent: ConsentIn) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if consent.legal_basis is not None:
        facts.append((Kind.LEGAL_BASIS, consent.legal_basis))
    for kind, given in ((Kind.EMAIL, consent.email), (Kind.PHONE, consent.phone)):
        if given is not None:
            facts.append((kind, Value.GRANTED if given else Value.WITHDRAWN))
    return facts


def consent_current(lead_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """`{lead_id: {kind: value}}`: the latest record of each kind, per lead."""
    state: dict[int, dict[str, str]] = {}
    rows = (
        ConsentRecord.objects.filter(lead_id__in=set(lead_ids))
        .order_by("at", "id")
        .values_list("lead_id", "kind", "value")
    )
    for lead_id, kind, value in rows:
        state.setdefault(lead_id, {})[kind] = value
    return state


def consents_record_bulk(
    *, facts: Sequence[ConsentFact], source: str, actor: User | None = None
) -> list[ConsentRecord]:
    """Append what the facts change. A fact that repeats the lead's current state is not
    recorded again, so replaying an import leaves the ledger as it was."""
    if not facts:
        return []
    current = consent_current(f.lead_id for f in facts)
    records = []
    for fact in facts:
        state = current.setdefault(fact.lead_id, {})
        for kind, value in _facts_of(fact.consent):
            if state.get(kind) == value:
                continue
            state[kind] = value
            records.append(
                ConsentRecord(
                    lead_id=fact.lead_id,
                    kind=kind,
                    value=value,
                    source=source,
                    wording=fact.consent.wording,
                    form_id=fact.consent.form_id,
                    actor=actor,
                )
            )
    return ConsentRecord.objects.bulk_create(records)


def _latest(kind: str) -> Subquery:
    return Subquery(
        ConsentRecord.objects.filter(lead_id=OuterRef("pk"), kind=kind)
        .order_by("-at", "-id")
        .values("value")[:1]
    )


def contactable(leads: QuerySet, *, channel: str) -> QuerySet:
    """The leads that may be contacted for marketing on `channel` (`email` or `phone`) now:
    consent granted and not since withdrawn, no objection, not erased."""
    if channel not in (Kind.EMAIL, Kind.PHONE):
        raise ValueError(f"unknown channel {channel!r}")
    return (
        leads.alias(consent_now=_latest(channel))
        .filter(consent_now=Value.GRANTED)
        .exclude(Q(consents__kind=Kind.OBJECTION) | Q(erasure__isnull=False))
    )
