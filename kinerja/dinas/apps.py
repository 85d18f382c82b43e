from django.apps import AppConfig


class DinasConfig(AppConfig):
    name = "kinerja.dinas"
    label = "dinas"
    verbose_name = "Dinas Pendidikan: akses PIC dan dashboard"
