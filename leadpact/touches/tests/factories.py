import datetime as dt
from typing import Any

import factory

from leadpact.leads.tests.factories import LeadFactory
from leadpact.touches.models import InboundSource, Touch


class TouchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Touch

    lead = factory.SubFactory(LeadFactory)
    account = factory.SelfAttribute("lead.account")
    type = "webinar_registration"
    occurred_at = factory.Sequence(
        lambda n: dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC) + dt.timedelta(hours=n)
    )
    source = "webinar-tool"
    external_id = factory.Sequence(lambda n: f"reg-{n}")
    campaign = "webinar-2026-10"


class InboundSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundSource

    slug = factory.Sequence(lambda n: f"form{n}")
    name = "Formularz kontaktowy"
    secret = factory.Sequence(lambda n: f"inbound-secret-{n}")
    touch_type = "form_answer"
    field_map = factory.LazyFunction(
        lambda: {
            "lead.email": "email",
            "lead.first_name": "imie",
            "account.domain": "firma_www",
            "campaign": "utm_campaign",
            "answers.horizon": "horyzont",
        }
    )


def touch_payload(
    external_id: str,
    *,
    email: str = "anna.nowak@stalex.pl",
    domain: str | None = "stalex.pl",
    source: str = "webinar-tool",
    type: str = "webinar_registration",
    lead: dict[str, Any] | None = None,
    account: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """One item of `POST /api/v1/touches` as a client sends it."""
    item: dict[str, Any] = {
        "external_id": external_id,
        "source": source,
        "type": type,
        "occurred_at": "2026-10-06T10:00:00+02:00",
        "lead": {"email": email, **(lead or {})},
        **fields,
    }
    if domain is not None:
        item["account"] = {"domain": domain, **(account or {})}
    return item
