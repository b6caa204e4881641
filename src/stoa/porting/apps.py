from django.apps import AppConfig


class PortingConfig(AppConfig):
    name = "stoa.porting"
    label = "porting"
    verbose_name = "Import and export"
