from django.apps import AppConfig


class TouchesConfig(AppConfig):
    name = "leadpact.touches"
    label = "touches"
