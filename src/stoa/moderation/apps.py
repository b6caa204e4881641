from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "stoa.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from stoa.moderation import notifications_receivers  # noqa: F401 - connects the notification receivers
        from stoa.moderation.export import moderation_export
        from stoa.people.services import register_export_section

        register_export_section(moderation_export)
