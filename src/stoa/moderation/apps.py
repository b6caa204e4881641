from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "stoa.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from stoa.moderation import notifications_receivers  # noqa: F401 - connects the notification receivers
