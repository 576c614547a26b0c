"""Building blocks for lifecycle tests: Warsaw wall-clock times and leads driven by real touches.

A lead becomes an MQL the way the article says: an ICP-A account (manufacturing, 800 people,
Poland, 120 M PLN a year) and a webinar attended plus an e-book downloaded (warm).
"""

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from leadpact.agreements.models import AgreementVersion
from leadpact.leads.models import Lead
from leadpact.touches.schemas import TouchIn
from leadpact.touches.services import touches_record_bulk

WARSAW = ZoneInfo("Europe/Warsaw")
WARM = ("webinar_attended", "ebook_download")
_external_ids = itertools.count(1)


def at(text: str) -> datetime:
    """A wall-clock time in Warsaw, e.g. `at("2026-10-02 15:00")` (a Friday)."""
    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def icp_account(domain: str, **fields: Any) -> dict[str, Any]:
    """An account the example agreement grades A (75 points), routed to `sales-sme`."""
    return {
        "domain": domain,
        "name": domain.split(".")[0].upper(),
        "industry": "manufacturing",
        "employees": 800,
        "country": "PL",
        "annual_revenue": "120000000",
        **fields,
    }


def record(
    email: str,
    *types: str,
    occurred_at: datetime,
    account: dict[str, Any] | None = None,
    campaign: str = "webinar-cloud",
    job_title: str = "Dyrektor IT",
) -> Lead:
    """Record one touch of each type for `email` (at the current, maybe travelled, time)."""
    domain = email.split("@")[1]
    items = [
        TouchIn.model_validate(
            {
                "external_id": f"scenario-{next(_external_ids)}",
                "source": "webinar-tool",
                "type": type_,
                "occurred_at": occurred_at,
                "campaign": campaign if type_.startswith("webinar") else f"{type_}-1",
                "lead": {"email": email, "job_title": job_title},
                "account": account if account is not None else icp_account(domain),
            }
        )
        for type_ in types
    ]
    touches_record_bulk(items=items)
    return Lead.objects.get(email=email)


def mql_at(when: datetime, email: str, **fields: Any) -> Lead:
    """A lead that turns warm with an ICP-A account at `when`, and so is handed to sales."""
    with time_machine.travel(when, tick=False):
        return record(email, *WARM, occurred_at=when - timedelta(minutes=30), **fields)


AGREED = at("2026-10-01 09:00")  # a Thursday: the example agreement comes into force


def in_force(activate: Callable[[], AgreementVersion]) -> AgreementVersion:
    """Activate the example agreement (the root `activate_example` fixture) at `AGREED`."""
    with time_machine.travel(AGREED, tick=False):
        version: AgreementVersion = activate()
    return version
