"""Versions and signatures are read-only here: they change only through the services."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from leadpact.agreements.models import AgreementSignature, AgreementVersion
from leadpact.agreements.rendering import agreement_render


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SignatureInline(admin.TabularInline):
    model = AgreementSignature
    fields = ("signer", "role", "signed_at")
    readonly_fields = ("signer", "role", "signed_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "proposed_at", "proposed_by", "effective_from", "doc"]
    list_filter = ["status"]
    search_fields = ["number", "source_text", "proposed_by__email"]
    readonly_fields = ["doc"]
    inlines = [SignatureInline]
    fields = [
        "number",
        "status",
        "doc",
        "proposed_by",
        "proposed_at",
        "signed_at",
        "effective_from",
        "superseded_at",
        "activated_by",
        "source_format",
        "source_text",
    ]

    @admin.display(description="document")
    def doc(self, version: AgreementVersion) -> str:
        url = reverse("admin:agreements_agreementversion_document", args=[version.pk])
        return format_html('<a href="{}" target="_blank">pl</a> · <a href="{}?lang=en" '
                           'target="_blank">en</a>', url, url)  # fmt: skip

    def get_urls(self) -> list[URLPattern]:
        document = path(
            "<int:pk>/document/",
            self.admin_site.admin_view(self.document_view),
            name="agreements_agreementversion_document",
        )
        return [document, *super().get_urls()]

    def document_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(AgreementVersion, pk=pk)
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        lang = request.GET.get("lang") if request.GET.get("lang") in ("pl", "en") else None
        return HttpResponse(agreement_render(version=version, fmt="html", lang=lang))


@admin.register(AgreementSignature)
class AgreementSignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "signer", "role", "signed_at"]
    list_filter = ["role", "version__status"]
    search_fields = ["signer__email", "signer__name", "version__number"]
