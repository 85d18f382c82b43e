from django.apps import AppConfig


class SinkroConfig(AppConfig):
    name = "sinkro"
    verbose_name = "Sinkro PMM"
