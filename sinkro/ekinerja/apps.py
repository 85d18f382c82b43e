from django.apps import AppConfig


class EkinerjaConfig(AppConfig):
    name = "sinkro.ekinerja"
    label = "ekinerja"
    verbose_name = "e-Kinerja BKN (simulasi)"
