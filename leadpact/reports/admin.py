"""Delivered reports are records: visible here, the workbook downloadable, never edited."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from leadpact.core.admin import ReadOnlyAdmin
from leadpact.reports.models import ReportDelivery

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin.register(ReportDelivery)
class ReportDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["period", "agreement_version", "created_at", "recipient_count", "workbook"]
    search_fields = ["period"]
    date_hierarchy = "created_at"
    exclude = ["xlsx"]
    readonly_fields = ["period", "agreement_version", "created_at", "recipients", "report"]

    @admin.display(description="recipients")
    def recipient_count(self, obj: ReportDelivery) -> int:
        return len(obj.recipients)

    @admin.display(description="XLSX")
    def workbook(self, obj: ReportDelivery) -> str:
        url = reverse("admin:reports_reportdelivery_xlsx", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)

    def get_urls(self) -> list[URLPattern]:
        download = self.admin_site.admin_view(self.xlsx_download)
        own = [path("<int:pk>/xlsx/", download, name="reports_reportdelivery_xlsx")]
        return own + super().get_urls()  # type: ignore[operator]

    def xlsx_download(self, request: HttpRequest, pk: int) -> HttpResponse:
        delivery = get_object_or_404(ReportDelivery, pk=pk)
        if not self.has_view_permission(request, delivery):
            return HttpResponse(status=403)
        response = HttpResponse(bytes(delivery.xlsx), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{delivery.filename}"'
        return response
