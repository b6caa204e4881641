from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "stoa.blog"
    label = "blog"
    verbose_name = "Blog"
