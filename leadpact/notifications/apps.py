from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "leadpact.notifications"
    label = "notifications"
