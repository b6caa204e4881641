from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "stoa.moderation"
    label = "moderation"
    verbose_name = "Moderation"
