from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "stoa.discussion"
    label = "discussion"
    verbose_name = "Discussion"
