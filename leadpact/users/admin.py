from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from leadpact.audit.models import AuditEntry
from leadpact.audit.services import audit_record, request_ip
from leadpact.core.exceptions import ApplicationError
from leadpact.users.models import ApiToken, Team, User
from leadpact.users.services import (
    ADMIN_ONLY_SCOPES,
    ALL_SCOPES,
    token_create,
    token_revoke,
    token_scopes_check,
    user_deactivate_record,
    user_role_change_record,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "team", "is_active", "last_login"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "role", "team", "language", "time_zone")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "role", "team", "password1", "password2")},
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # The admin saves inside its own transaction, so the entries commit with the change.
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        ip = request_ip(request)
        if not change:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.USER_CREATED,
                target_type="user",
                target_id=obj.pk,
                ip=ip,
                details={"role": obj.role, "team": obj.team.slug if obj.team else None},
            )
            return
        if "role" in form.changed_data:
            previous = form.initial.get("role", "")
            user_role_change_record(user=obj, previous=previous, actor=actor, ip=ip)
        if "is_active" in form.changed_data and not obj.is_active:
            user_deactivate_record(user=obj, actor=actor, ip=ip)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "manager"]
    search_fields = ["slug", "name"]


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=[(s, s) for s in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        initial=[s for s in ALL_SCOPES if s not in ADMIN_ONLY_SCOPES],
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name", "scopes"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, scopes = cleaned.get("user"), cleaned.get("scopes")
        if user is not None and scopes is not None:
            try:
                token_scopes_check(user=user, scopes=list(scopes))
            except ApplicationError as refusal:
                raise forms.ValidationError(refusal.message) from None
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "user", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["user", "name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["user", "name", "scopes"] if obj is None else self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        issued = token_create(
            user=obj.user,
            name=obj.name,
            scopes=form.cleaned_data["scopes"],
            actor=request.user if isinstance(request.user, User) else None,
            ip=request_ip(request),
        )
        obj.pk = issued.token.pk
        messages.warning(
            request, f"Copy the token now, it will not be shown again: {issued.secret}"
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        actor = request.user if isinstance(request.user, User) else None
        tokens = list(queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True))
        for token_id in tokens:
            token_revoke(token_id=token_id, actor=actor, ip=request_ip(request))
        messages.success(request, f"Revoked {len(tokens)} token(s).")
