from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stoa.api"
    label = "api"
    verbose_name = "API"
