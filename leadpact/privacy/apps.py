from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "leadpact.privacy"
    label = "privacy"
    verbose_name = "Personal data"
