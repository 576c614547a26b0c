from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "leadpact.agreements"
    label = "agreements"
