from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "leadpact.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Sign-in events come from Django's auth signals; connecting them here keeps the
        # receivers registered wherever the app runs (web, admin, tests).
        from leadpact.audit import receivers  # noqa: F401
