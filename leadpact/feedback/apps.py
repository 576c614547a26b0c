from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "leadpact.feedback"
    label = "feedback"
