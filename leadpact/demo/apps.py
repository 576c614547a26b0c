from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "leadpact.demo"
    label = "demo"
    verbose_name = "Demo and history generator"
