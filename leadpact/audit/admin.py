from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from leadpact.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the actions it records, never by hand."""

    list_display = ["at", "action", "actor", "actor_role", "target_type", "target_id", "ip"]
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), "at"]
    search_fields = ["=target_id"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = [
        "at",
        "actor",
        "actor_role",
        "action",
        "target_type",
        "target_id",
        "ip",
        "details",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
