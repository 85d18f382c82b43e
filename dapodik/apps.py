from django.apps import AppConfig


class DapodikConfig(AppConfig):
    name = "dapodik"
    verbose_name = "Dapodik"
