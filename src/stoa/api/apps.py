from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stoa.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from stoa.api import webhooks_receivers

        webhooks_receivers.connect()
