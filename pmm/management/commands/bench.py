"""``python manage.py bench <name>``: the benchmarks of the performance goals.

Each benchmark lives beside the code it measures (``<app>/benchmarks.py``) and prints its figures,
then one ``RESULT`` line per goal.
"""

from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

BENCHMARKS = {
    "import": "dapodik.benchmarks:ImportBenchmark",
    "dashboard": "kinerja.dinas.benchmarks:DashboardBenchmark",
    "sync": "sinkro.benchmarks:SyncBenchmark",
    "pages": "kinerja.benchmarks:PagesBenchmark",
}


class Command(BaseCommand):
    help = "Menjalankan benchmark: " + ", ".join(sorted(BENCHMARKS))

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("options", nargs="*", help="opsi benchmark dalam bentuk kunci=nilai")

    def handle(self, *args, name, options, **kw):
        module, attr = BENCHMARKS[name].split(":")
        try:
            bench_cls = getattr(import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise CommandError(f"Benchmark {name} belum tersedia: {exc}") from exc
        params = {}
        for item in options:
            if "=" not in item:
                raise CommandError(f"Opsi harus berbentuk kunci=nilai: {item}")
            key, value = item.split("=", 1)
            params[key] = value
        bench_cls(stdout=self.stdout, **params).run()
