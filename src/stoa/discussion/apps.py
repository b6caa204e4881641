from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "stoa.discussion"
    label = "discussion"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from stoa.discussion import mention_receivers  # noqa: F401 - connects sending mentions to publishing
