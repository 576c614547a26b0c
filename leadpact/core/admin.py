from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext

from leadpact.core.models import IdempotencyKey
from leadpact.core.schemas import UNSTORABLE, unstorable


class StorableJSONField(forms.JSONField):
    """The admin's JSON box, refusing what no database here stores (a NUL written `\u0000`,
    NaN …) as a field error: the save failed on PostgreSQL otherwise."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if found := unstorable(value):
            place, code = found[0]
            where = ".".join(map(str, place))
            message = gettext(UNSTORABLE[code])
            raise forms.ValidationError(f"{where}: {message}" if where else message)


class StorableJSONAdmin(admin.ModelAdmin):
    """For models whose JSON fields are edited by hand."""

    formfield_overrides = {models.JSONField: {"form_class": StorableJSONField}}


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
