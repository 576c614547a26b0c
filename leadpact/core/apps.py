from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leadpact.core"
    label = "core"
