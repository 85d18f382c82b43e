from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "kinerja"
    verbose_name = "Pengelolaan Kinerja"

    def ready(self):
        # DESIGN.md §7: ``manage.py seed_bimtek`` also puts the scenario's teachers at every stage of
        # the cycle (kinerja.bimtek), in the same transaction and as idempotently as the Dapodik part.
        from dapodik import bimtek as dapodik_bimtek

        from .bimtek import bimtek_extend_cycle

        dapodik_bimtek.register_step(bimtek_extend_cycle)
