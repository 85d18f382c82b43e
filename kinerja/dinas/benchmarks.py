"""``python manage.py bench dashboard [kecil=100000] [besar=1500000] [n=300] [reset=0]``

Seeds (or reuses) two PostgreSQL databases with ``seed_scale`` — ``pmm_bench_dashboard_<size>`` on
the server of ``DATABASE_URL`` — then measures, with Django's test Client through the full
middleware stack, the national dashboard, the dashboard of the largest kabupaten/kota and a trivial
view (the home page of the same user). Requests to the two sizes are interleaved one by one, so
background load on the machine hits both sizes alike. Goals (README):

* p95 at the large size ≤ 1.3 × p95 at the small size, per dashboard;
* dashboard p95 ≤ 5 × the trivial view's p95 (at each size; the worse is reported);
* the same number of queries at both sizes.
"""

import time

import psycopg2
from django.conf import settings
from django.core.management import call_command
from django.db import connections, router
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmm.benchmarks import percentile, result_line


class _AliasRouter:
    """Sends every query to the database of the size being measured."""

    alias = None

    def db_for_read(self, model, **hints):
        return self.alias

    def db_for_write(self, model, **hints):
        return self.alias


class DashboardBenchmark:
    def __init__(
        self, stdout, kecil="100000", besar="1500000", n="300", reset="0", prefix="pmm_bench_dashboard"
    ):
        self.stdout = stdout
        self.sizes = [int(kecil), int(besar)]
        self.n = int(n)
        self.reset = reset not in ("0", "", "false", "False")
        self.prefix = prefix

    def say(self, text=""):
        self.stdout.write(text)

    # -- databases ---------------------------------------------------------------------------

    def _ensure_database(self, name):
        base = connections["default"].settings_dict
        conn = psycopg2.connect(
            dbname="postgres",
            user=base.get("USER") or None,
            password=base.get("PASSWORD") or None,
            host=base.get("HOST") or None,
            port=base.get("PORT") or None,
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{name}"')
                self.say(f"Basis data {name} dibuat.")
        conn.close()

    def _prepare(self, size):
        """Migrate and seed one database, pointing the default connection at it meanwhile."""
        name = f"{self.prefix}_{size}"
        self._ensure_database(name)
        default = connections["default"]
        original = default.settings_dict["NAME"]
        default.close()
        default.settings_dict["NAME"] = name
        try:
            call_command("migrate", verbosity=0)
            started = time.monotonic()
            args = ["--pegawai", str(size)] + (["--reset"] if self.reset else [])
            call_command("seed_scale", *args, stdout=self.stdout)
            self.say(f"Seed {size} pegawai siap dalam {time.monotonic() - started:.1f} detik.")
            from dapodik.models import Sekolah

            counts = dict(
                Sekolah.objects.values("kabupaten__kode")
                .annotate(n=Count("id"))
                .values_list("kabupaten__kode", "n")
            )
            return name, counts
        finally:
            default.close()
            default.settings_dict["NAME"] = original

    def _alias(self, name):
        alias = f"bench_{name}"
        connections.settings[alias] = {**connections["default"].settings_dict, "NAME": name}
        return alias

    # -- measuring ---------------------------------------------------------------------------

    def run(self):
        if connections["default"].vendor != "postgresql":
            self.say("bench dashboard memerlukan PostgreSQL (DATABASE_URL=postgres://…).")
            return
        prepared, counts = [], []
        for size in self.sizes:
            name, per_kab = self._prepare(size)
            prepared.append((size, self._alias(name)))
            counts.append(per_kab)
        # The largest kabupaten/kota of the large population (present at both sizes) is measured.
        common = set(counts[0]) & set(counts[-1])
        kab_kode = max(sorted(common), key=lambda k: counts[-1][k])
        detail = ", ".join(
            f"{c[kab_kode]} sekolah pada {size} pegawai" for c, size in zip(counts, self.sizes, strict=True)
        )
        self.say(f"Kabupaten/kota yang diukur: {kab_kode} ({detail}).")

        bench_router = _AliasRouter()
        router.routers.insert(0, bench_router)
        debug = settings.DEBUG
        settings.DEBUG = False
        try:
            self._measure(prepared, kab_kode, bench_router)
        finally:
            settings.DEBUG = debug
            router.routers.remove(bench_router)
            for _, alias in prepared:
                connections[alias].close()

    def _measure(self, prepared, kab_kode, bench_router):
        from pmm.models import User

        views = {
            "nasional": (reverse("dinas:nasional"), "skala.admin@simulator-pmm.id"),
            "kabupaten": (
                reverse("dinas:kabupaten", args=[kab_kode]),
                f"skala.pic.{kab_kode}@dinas.belajar.id",
            ),
            "trivial": (reverse("home"), f"skala.pic.{kab_kode}@dinas.belajar.id"),
        }
        clients = {}
        for size, alias in prepared:
            bench_router.alias = alias
            for view, (_, email) in views.items():
                client = Client()
                client.force_login(User.objects.get(email=email))
                clients[(size, view)] = client
        times = {key: [] for key in clients}
        queries = {}

        def hit(size, alias, view):
            bench_router.alias = alias
            started = time.perf_counter()
            response = clients[(size, view)].get(views[view][0])
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{view} @ {size}: HTTP {response.status_code}")
            return elapsed

        for size, alias in prepared:  # warm-up: templates, connections, caches
            for view in views:
                for _ in range(5):
                    hit(size, alias, view)
                bench_router.alias = alias
                with CaptureQueriesContext(connections[alias]) as ctx:
                    clients[(size, view)].get(views[view][0])
                queries[(size, view)] = len(ctx.captured_queries)
        for _ in range(self.n):
            for size, alias in prepared:
                for view in views:
                    times[(size, view)].append(hit(size, alias, view))
        bench_router.alias = None

        self.say("")
        self.say(f"{'ukuran':>10} {'halaman':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'kueri':>6}")
        for (size, view), values in times.items():
            self.say(
                f"{size:>10} {view:<10} {len(values):>5} {percentile(values, 50):8.2f} "
                f"{percentile(values, 95):8.2f} {queries[(size, view)]:>6}"
            )
        small, large = self.sizes[0], self.sizes[-1]
        p95 = {key: percentile(values, 95) for key, values in times.items()}
        self.say("")
        lines = []
        for view in ("nasional", "kabupaten"):
            lines.append(
                result_line(
                    f"dashboard_{view}_p95_besar_vs_kecil",
                    p95[(large, view)] / p95[(small, view)],
                    1.3,
                    at_most=True,
                )
            )
        for view in ("nasional", "kabupaten"):
            worst = max(p95[(size, view)] / p95[(size, "trivial")] for size in self.sizes)
            lines.append(result_line(f"dashboard_{view}_p95_vs_trivial", worst, 5, at_most=True))
        q_ratio = max(queries[(large, v)] / queries[(small, v)] for v in ("nasional", "kabupaten"))
        lines.append(result_line("dashboard_kueri_besar_vs_kecil", q_ratio, 1, at_most=True))
        for line in lines:
            self.say(line)
