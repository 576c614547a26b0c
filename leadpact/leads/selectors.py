from django.db.models import QuerySet

from leadpact.core.exceptions import NotFound
from leadpact.leads.models import Lead


def lead_list(*, email: str | None = None) -> QuerySet[Lead]:
    leads = Lead.objects.select_related("account", "owner").order_by("-updated_at", "-id")
    if email:
        leads = leads.filter(email=email.strip().lower())
    return leads


def lead_get(*, lead_id: int) -> Lead:
    lead = Lead.objects.select_related("account", "owner").filter(pk=lead_id).first()
    if lead is None:
        raise NotFound(f"No lead with id {lead_id}.")
    return lead
