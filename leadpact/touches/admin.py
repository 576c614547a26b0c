from django.contrib import admin

from leadpact.core.admin import ReadOnlyAdmin, StorableJSONAdmin
from leadpact.touches.models import InboundSource, Touch


@admin.register(Touch)
class TouchAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "type", "lead", "campaign", "source", "external_id"]
    list_filter = ["type", "source"]
    search_fields = ["lead__email", "external_id", "campaign"]
    date_hierarchy = "occurred_at"
    list_select_related = ["lead"]


@admin.register(InboundSource)
class InboundSourceAdmin(StorableJSONAdmin):
    list_display = ["slug", "name", "touch_type", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["slug", "name"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "touch_type", "is_active"]}),
        (
            "Signature and mapping",
            {
                "fields": ["secret", "field_map"],
                "description": "Sign each post with HMAC-SHA256 over '<timestamp>.<body>'. "
                'The field map is JSON: {"lead.email": "email", "campaign": "utm_campaign", …} '
                "— leadpact's field on the left, the form's field on the right.",
            },
        ),
    ]
