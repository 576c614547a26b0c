from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from leadpact.core.models import IdempotencyKey


class ReadOnlyAdmin(admin.ModelAdmin):
    """For append-only records: visible and searchable, never edited by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    list_display = ["key", "path", "status_code", "scope", "created_at"]
    list_filter = ["path", "status_code"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    exclude = ["response_body"]
