from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "leadpact.reports"
    label = "reports"
