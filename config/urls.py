from django.contrib import admin
from django.urls import include, path

from config.api import api
from leadpact.core.views import health_status
from leadpact.demo.views import health

admin.site.site_header = "leadpact"
admin.site.site_title = "leadpact"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", health),
    path("healthz/status", health_status),
    path("privacy/", include("leadpact.privacy.urls")),
    path("", include("leadpact.web.urls")),
]

handler403 = "leadpact.web.views.errors.forbidden"
handler404 = "leadpact.web.views.errors.not_found"
handler500 = "leadpact.web.views.errors.server_error"
