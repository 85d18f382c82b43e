from django.apps import AppConfig


class PmmConfig(AppConfig):
    name = "pmm"
    verbose_name = "Platform PMM"
