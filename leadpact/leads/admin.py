from django.contrib import admin

from leadpact.core.admin import ReadOnlyAdmin, StorableJSONAdmin
from leadpact.leads.models import Lead, LeadEvent
from leadpact.privacy.admin_actions import LEAD_ACTIONS


class LeadEventInline(admin.TabularInline):
    model = LeadEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "actor", "data", "clause_ids")
    ordering = ["-at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Lead)
class LeadAdmin(StorableJSONAdmin):
    list_display = [
        "email", "first_name", "last_name", "account", "stage", "icp_grade",
        "marketing_temperature", "sales_temperature", "owner", "updated_at",
    ]  # fmt: skip
    list_filter = ["stage", "icp_grade", "marketing_temperature", "sales_temperature", "persona"]
    search_fields = ["email", "first_name", "last_name", "account__domain", "account__name"]
    raw_id_fields = ["account", "owner"]
    # The stage and assessments change only through the lifecycle services, never by hand.
    readonly_fields = [
        "stage", "icp_grade", "persona", "marketing_temperature", "sales_temperature",
        "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [LeadEventInline]
    actions = LEAD_ACTIONS


@admin.register(LeadEvent)
class LeadEventAdmin(ReadOnlyAdmin):
    list_display = ["lead", "kind", "actor", "at", "clause_ids"]
    list_filter = ["kind"]
    search_fields = ["lead__email"]
    date_hierarchy = "at"
