"""A fingerprint of the history in the database: the same seed must give the same one.

Rows are named by their natural keys (e-mail, domain, source and external id), never by
database ids, which differ between databases; ids inside JSON payloads are left out too.
"""

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from leadpact.accounts.models import Account
from leadpact.leads.models import Handoff, Lead, LeadEvent
from leadpact.notifications.models import Notification
from leadpact.touches.models import Touch


def history_digest() -> str:
    digest = hashlib.sha256()
    for name, rows in _tables():
        digest.update(name.encode())
        for row in sorted(
            json.dumps(_without_ids(row), sort_keys=True, default=str) for row in rows
        ):
            digest.update(row.encode())
    return digest.hexdigest()


def _tables() -> Iterable[tuple[str, Iterable[tuple[Any, ...]]]]:
    yield "accounts", Account.objects.values_list(
        "domain", "name", "industry", "employees", "country", "annual_revenue", "is_target",
        "attributes", "created_at", "updated_at",
    )  # fmt: skip
    yield "leads", Lead.objects.values_list(
        "email", "first_name", "last_name", "job_title", "account__domain", "stage", "icp_grade",
        "persona", "marketing_temperature", "sales_temperature", "owner__email", "team__slug",
        "product_potential", "horizon_months", "meeting_at", "closed_revenue", "lost_reason",
        "stage_changed_at", "rejected_at", "why", "created_at", "updated_at",
    )  # fmt: skip
    yield "touches", Touch.objects.values_list(
        "source", "external_id", "lead__email", "type", "occurred_at", "recorded_at", "campaign",
        "asset", "answers",
    )  # fmt: skip
    yield "events", LeadEvent.objects.values_list(
        "lead__email", "kind", "actor__email", "at", "data", "clause_ids",
        "agreement_version__number",
    )  # fmt: skip
    yield "handoffs", Handoff.objects.values_list(
        "lead__email", "team__slug", "owner__email", "state", "opened_at", "accept_due_at",
        "first_contact_due_at", "accepted_at", "rejected_at", "rejection_reason",
        "rejection_note", "first_contact_at", "accept_breached_at", "contact_breached_at",
        "escalated_at", "reassigned_at", "closed_at",
    )  # fmt: skip
    yield (
        "notifications",
        Notification.objects.values_list(
            "kind", "recipient__email", "lead__email", "status", "created_at", "payload"
        ),
    )


def _without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list | tuple):
        return [_without_ids(v) for v in value]
    return value
