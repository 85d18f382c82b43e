from django.apps import AppConfig


class DinasConfig(AppConfig):
    name = "kinerja.dinas"
    label = "dinas"
    verbose_name = "Dinas Pendidikan: akses PIC dan dashboard"

    def ready(self):
        # Changes to Dapodik and the cycle mark the dashboard figures stale and queue one refresh.
        from .rekap import connect_signals

        connect_signals()
