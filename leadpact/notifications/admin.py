"""Notifications are read-only records; deliveries can be retried; endpoints and preferences
are edited here (an endpoint's URL passes the SSRF guard through the model's `clean`)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from leadpact.core.admin import ReadOnlyAdmin
from leadpact.notifications.models import ChannelPreference, Delivery, Notification, WebhookEndpoint
from leadpact.notifications.services import deliveries_retry
from leadpact.notifications.signing import webhook_secret_generate

INLINE_FIELDS = (
    "channel",
    "endpoint",
    "status",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "last_error",
)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = INLINE_FIELDS
    readonly_fields = INLINE_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "recipient", "lead", "status", "read_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__email", "lead__email"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "created_at",
        "kind",
        "channel",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["status", "channel", "notification__kind", "endpoint"]
    search_fields = ["notification__recipient__email", "endpoint__url", "last_error", "uid"]
    list_select_related = ["notification__recipient", "endpoint"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    @admin.display(description="kind", ordering="notification__kind")
    def kind(self, delivery: Delivery) -> str:
        return delivery.notification.get_kind_display()

    @admin.display(description="to")
    def to(self, delivery: Delivery) -> str:
        if delivery.endpoint is not None:
            return str(delivery.endpoint)
        recipient = delivery.notification.recipient
        return recipient.email if recipient else "—"

    @admin.display(description="last error")
    def error(self, delivery: Delivery) -> str:
        return delivery.last_error[:120]

    @admin.action(description="Retry now", permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        count = deliveries_retry(delivery_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            f"{count} deliveries will be tried again within a minute; sent ones were left alone.",
            messages.SUCCESS,
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("notifications.change_delivery"))


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every kind.",
    )
    language = forms.ChoiceField(choices=[("pl", "Polski"), ("en", "English")])

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "kinds", "format", "language", "is_active", "disabled_reason"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["__str__", "url", "format", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active", "format"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "previous_secret_until", "created_at"]

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        if not obj.secret:
            obj.secret = webhook_secret_generate()
        if obj.is_active:
            obj.disabled_reason = ""
        super().save_model(request, obj, form, change)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled"]
    list_filter = ["kind", "channel", "enabled"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]
