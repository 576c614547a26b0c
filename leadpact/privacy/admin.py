from django.contrib import admin

from leadpact.core.admin import ReadOnlyAdmin
from leadpact.privacy.models import ConsentRecord, Erasure, Suppression


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["lead", "kind", "value", "source", "actor", "at"]
    list_filter = ["kind", "value", "source"]
    search_fields = ["lead__email"]
    date_hierarchy = "at"


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    list_display = ["email_hash", "reason", "created_at"]
    list_filter = ["reason"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["lead", "reason", "actor", "at"]
    list_filter = ["reason"]
    date_hierarchy = "at"
