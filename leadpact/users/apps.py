from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "leadpact.users"
    label = "users"
