from django.apps import AppConfig


class BantuanConfig(AppConfig):
    name = "pmm.bantuan"
    label = "bantuan"
    verbose_name = "Pusat Bantuan"
