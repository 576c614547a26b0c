from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "leadpact.web"
    label = "web"
