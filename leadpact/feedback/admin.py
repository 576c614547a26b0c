from django.contrib import admin

from leadpact.core.admin import StorableJSONAdmin
from leadpact.feedback.models import Feedback, InformationRequest


@admin.register(Feedback)
class FeedbackAdmin(StorableJSONAdmin):
    list_display = ["lead", "author", "interesting", "created_at"]
    list_filter = ["interesting"]
    search_fields = ["lead__email", "author__email"]
    raw_id_fields = ["lead", "author"]
    readonly_fields = ["agreement_version", "created_at"]
    date_hierarchy = "created_at"


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    list_display = ["lead", "question", "status", "asked_by", "created_at", "answered_at"]
    list_filter = ["status"]
    search_fields = ["lead__email", "question", "answer"]
    raw_id_fields = ["lead", "feedback", "asked_by", "answered_by"]
    readonly_fields = ["created_at", "answered_at"]
    date_hierarchy = "created_at"
