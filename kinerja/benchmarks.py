"""``python manage.py bench pages [guru=200] [klien=4] [putaran=6] [permintaan=40]``

The cycle pages against a trivial view, over loopback HTTP with a fixed concurrency:

1. builds a throwaway region (provinsi, kabupaten, instansi with unused codes) with one school, its
   definitive principal and ``guru`` teachers whose plans are in varied states (draft, submitted,
   returned, approved, agreed with and without observation, rated) for the period of the simulated
   today — everything is deleted at the end, also after a failure;
2. serves the project (``kinerja.benchmarks`` as ROOT_URLCONF: the project's URLs plus ``/_ping/``)
   with Django's ``ThreadedWSGIServer`` on 127.0.0.1 in a thread, so every request goes through the
   whole middleware stack, sessions and the database like in production;
3. ``klien`` client threads, each with a keep-alive ``requests.Session`` logged in as the teacher or
   the principal, send ``permintaan`` requests per page per round; the pages are measured in turn for
   ``putaran`` rounds so background load hits them alike:

   * ``trivial``: ``/_ping/`` — reads ``request.user`` (session and user, as every page does) and
     answers "ok", through the same middleware;
   * ``teacher_home``: ``/kinerja/`` as a teacher;
   * ``principal_approval_list``: the principal's approval list of the ``guru`` teachers;
   * ``rating``: the principal's rating list of the same school.

Prints p50/p95 per page and their ratios to the trivial view, then the goals: teacher pages ≤ 3×
the trivial view, principal lists ≤ 5×, each checked on the p95 (``RESULT pages_<page>``, the
convention of the project's other latency goals) and on the p50 (``RESULT pages_<page>_p50``). Under a fixed concurrency on a CPU-bound server the latencies are mostly queueing, so the
ratios are those of the CPU each request costs.
"""

import random
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.http import HttpResponse
from django.test.utils import override_settings
from django.urls import path
from django.utils import timezone

from dapodik import identifiers
from dapodik.choices import JenisKelamin, JenisPenugasan, JenisPTK, Jenjang, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from pmm import clock
from pmm.benchmarks import percentile, result_line
from pmm.models import Instansi, KabupatenKota, Provinsi, User

from . import periods
from .models import Indikator, Observasi, Penilaian, Peran, Rencana, RencanaRhk, RhkKompetensi, Riwayat

GOALS = {"teacher_home": 3.0, "principal_approval_list": 5.0, "rating": 5.0}
RESULT_NAMES = {
    "teacher_home": "pages_teacher_home",
    "principal_approval_list": "pages_principal_approval_list",
    "rating": "pages_rating",
}

# Varied states of the teachers' plans (cycled): every list row kind appears at any size.
_KEADAAN = [
    "tanpa_rencana",
    "draft",
    "diajukan",
    "dikembalikan",
    "disetujui",
    "disepakati",
    "terjadwal",
    "selesai",
    "dinilai",
    "diajukan",
]


# ---------------------------------------------------------------------------------------------
# The throwaway school


def _kode_bebas(model, field_name: str, width: int, prefix: str = "9") -> str:
    """The highest unused code ``prefix`` + digits (checked 100 candidates per query)."""
    digits = width - len(prefix)
    start = 10**digits - 1
    while start >= 0:
        batch = [f"{prefix}{n:0{digits}d}" for n in range(start, max(start - 100, -1), -1)]
        used = set(model.objects.filter(**{f"{field_name}__in": batch}).values_list(field_name, flat=True))
        for kode in batch:
            if kode not in used:
                return kode
        start -= 100
    raise CommandError(f"Tidak ada kode {model.__name__} yang bebas untuk benchmark.")


@dataclass
class SekolahUji:
    """What ``sekolah_uji_build`` wrote, so it can be measured and deleted."""

    sekolah: Sekolah
    kepala: PTK
    guru: list[PTK]
    periode: object
    wilayah: tuple = ()  # (provinsi, kabupaten, instansi) created for the run
    periode_dibuat: bool = False
    sesi: list[str] = field(default_factory=list)


@transaction.atomic
def sekolah_uji_build(n: int, *, wilayah=None) -> SekolahUji:
    """A negeri school of a Pemda with a definitive principal and ``n`` ASN teachers whose plans of the
    current period are in the varied states of ``_KEADAAN``. ``wilayah``: an existing (provinsi,
    kabupaten, instansi) to use; by default a new one with unused codes is created."""
    dibuat = ()
    if wilayah is None:
        provinsi = Provinsi.objects.create(kode=_kode_bebas(Provinsi, "kode", 2), nama="Provinsi Benchmark")
        kabupaten = KabupatenKota.objects.create(
            kode=_kode_bebas(KabupatenKota, "kode", 4), nama="Kabupaten Benchmark", provinsi=provinsi
        )
        instansi = Instansi.objects.create(
            kode=_kode_bebas(Instansi, "kode", 8, prefix="BENCH"),
            nama="Pemerintah Kabupaten Benchmark",
            provinsi=provinsi,
            kabupaten=kabupaten,
        )
        dibuat = wilayah = (provinsi, kabupaten, instansi)
    _, kabupaten, instansi = wilayah
    sekolah = Sekolah.objects.create(
        npsn=_kode_bebas(Sekolah, "npsn", 8, prefix="99"),
        nama="SD Negeri Benchmark",
        jenjang=Jenjang.SD,
        status=StatusSekolah.NEGERI,
        kabupaten=kabupaten,
        instansi=instansi,
    )
    token = sekolah.npsn[-6:]
    password = make_password(None)  # unusable: the bench logs in by session
    orang = []
    for i in range(n + 1):
        lahir = date(1975, 1, 1) + timedelta(days=37 * i)
        jk = JenisKelamin.LAKI_LAKI if i % 2 else JenisKelamin.PEREMPUAN
        orang.append(
            PTK(
                nik=identifiers.nik_build(
                    kode_wilayah=f"99{token[-4:]}", tanggal_lahir=lahir, jenis_kelamin=jk, urut=i
                ),
                nuptk=f"99{token}{i:08d}",
                nama=f"{'Kepala' if i == 0 else 'Guru'} Benchmark {i:04d}",
                tanggal_lahir=lahir,
                jenis_kelamin=jk,
                jenis_ptk=JenisPTK.KEPALA_SEKOLAH if i == 0 else JenisPTK.GURU_KELAS,
                status_kepegawaian=StatusKepegawaian.PNS,
                sekolah=sekolah,
                email=f"bench{token}.{i:04d}@guru.sd.belajar.id",
                tmt_tugas=date(2020, 7, 1),
            )
        )
    users = User.objects.bulk_create(
        [User(email=p.email, nama=p.nama, password=password, date_joined=timezone.now()) for p in orang]
    )
    for p, u in zip(orang, users, strict=True):
        p.user = u
    orang = PTK.objects.bulk_create(orang)
    kepala, guru = orang[0], orang[1:]
    PenugasanKepalaSekolah.objects.create(
        sekolah=sekolah, ptk=kepala, jenis=JenisPenugasan.DEFINITIF, tanggal_mulai=date(2000, 1, 1)
    )
    tahun, semester = periods.semester_of(clock.today())
    periode_dibuat = not periods.Periode.objects.filter(tahun=tahun, semester=semester).exists()
    periode = periods.periode_current()
    _rencana_build(periode, sekolah, guru, kepala)
    return SekolahUji(sekolah, kepala, guru, periode, dibuat, periode_dibuat)


def _rencana_build(periode, sekolah, guru, kepala) -> None:
    now = timezone.now()
    indikator = Indikator.objects.filter(untuk="guru", aktif=True).order_by("urutan").first()
    rhk = RhkKompetensi.objects.filter(aktif=True).order_by("urutan").first()
    if indikator is None or rhk is None:
        raise CommandError("Katalog Pengelolaan Kinerja kosong: jalankan `manage.py load_catalogue`.")
    rows = []
    for i, g in enumerate(guru):
        keadaan = _KEADAAN[i % len(_KEADAAN)]
        if keadaan == "tanpa_rencana":
            continue
        status = keadaan if keadaan in ("draft", "diajukan", "dikembalikan", "disetujui") else "disepakati"
        rows.append(
            (
                keadaan,
                Rencana(
                    periode=periode,
                    ptk=g,
                    sekolah=sekolah,
                    peran=Peran.GURU,
                    status=status,
                    indikator=indikator,
                    perilaku_dikonfirmasi=True,
                    jalur_atasan="kepala_sekolah" if status != "draft" else "",
                    atasan_ptk=kepala if status != "draft" else None,
                    dibuat_pada=now,
                    diajukan_pada=now if status != "draft" else None,
                ),
            )
        )
    rencana = Rencana.objects.bulk_create([r for _, r in rows])
    RencanaRhk.objects.bulk_create([RencanaRhk(rencana=r, rhk=rhk, jumlah=3, poin=rhk.poin) for r in rencana])
    obs, pen = [], []
    for (keadaan, _), r in zip(rows, rencana, strict=True):
        if keadaan in ("terjadwal", "selesai", "dinilai"):
            obs.append(
                Observasi(
                    rencana=r,
                    status="terjadwal" if keadaan == "terjadwal" else "selesai",
                    dokumen_persiapan="Modul ajar.",
                    jadwal=now,
                )
            )
        if keadaan == "dinilai":
            pen.append(
                Penilaian(
                    rencana=r,
                    rating_hasil_kerja="sesuai",
                    rating_perilaku="sesuai",
                    predikat="baik",
                    dinilai_oleh=kepala.user,
                    diperbarui_pada=now,
                )
            )
    Observasi.objects.bulk_create(obs)
    Penilaian.objects.bulk_create(pen)


def sekolah_uji_delete(uji: SekolahUji) -> None:
    from django.contrib.sessions.models import Session

    from .models import PenilaianSekolah, RekomendasiIndikator

    with transaction.atomic():
        Session.objects.filter(session_key__in=uji.sesi).delete()
        Riwayat.objects.filter(sekolah=uji.sekolah).delete()
        Rencana.objects.filter(sekolah=uji.sekolah).delete()
        PenilaianSekolah.objects.filter(sekolah=uji.sekolah).delete()
        RekomendasiIndikator.objects.filter(sekolah=uji.sekolah).delete()
        PenugasanKepalaSekolah.objects.filter(sekolah=uji.sekolah).delete()
        user_ids = list(PTK.objects.filter(sekolah=uji.sekolah).values_list("user_id", flat=True))
        PTK.objects.filter(sekolah=uji.sekolah).delete()
        User.objects.filter(pk__in=[u for u in user_ids if u]).delete()
        uji.sekolah.delete()
        if uji.wilayah:
            provinsi, kabupaten, instansi = uji.wilayah
            instansi.delete()
            kabupaten.delete()
            provinsi.delete()
        if uji.periode_dibuat and not Rencana.objects.filter(periode=uji.periode).exists():
            uji.periode.delete()


def sesi_for(user, uji: SekolahUji | None = None) -> str:
    """A logged-in session for ``user`` (what the login page would create); returns its key."""
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    if uji is not None:
        uji.sesi.append(s.session_key)
    return s.session_key


# ---------------------------------------------------------------------------------------------
# The bench's own URLconf: the project's URLs plus the trivial view.


def ping(request):
    # Touches the user like every page does (session + user), then does nothing else.
    return HttpResponse("ok" if request.user.is_authenticated else "anon", content_type="text/plain")


def _urlpatterns():
    from pmm.urls import urlpatterns as project

    return [path("_ping/", ping, name="bench_ping"), *project]


urlpatterns = _urlpatterns()
handler400 = "pmm.views.error_400"
handler403 = "pmm.views.error_403"
handler404 = "pmm.views.error_404"
handler500 = "pmm.views.error_500"


# ---------------------------------------------------------------------------------------------
# Measuring


class _Server:
    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

        class _Quiet(WSGIRequestHandler):
            def setup(self):
                super().setup()
                # wsgiref writes the headers and the body in separate sends: without TCP_NODELAY a
                # small answer waits for the client's delayed ACK (~40 ms), which would inflate the
                # trivial view and flatter every ratio.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args):
                pass

        self.httpd = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=True)
        self.httpd.daemon_threads = True
        self.httpd.set_app(WSGIHandler())
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


class PagesBenchmark:
    def __init__(self, stdout=None, **options):
        self.stdout = stdout or sys.stdout
        known = {"guru": 200, "klien": 4, "putaran": 6, "permintaan": 40}
        unknown = set(options) - set(known)
        if unknown:
            raise CommandError(
                f"Opsi tidak dikenal: {', '.join(sorted(unknown))} (yang ada: {', '.join(sorted(known))})."
            )
        try:
            values = {k: int(options.get(k, v)) for k, v in known.items()}
        except (TypeError, ValueError) as exc:
            raise CommandError("Semua opsi bench pages adalah bilangan bulat.") from exc
        if min(values.values()) < 1:
            raise CommandError("Semua opsi bench pages paling sedikit 1.")
        self.guru, self.klien = values["guru"], values["klien"]
        self.putaran, self.permintaan = values["putaran"], values["permintaan"]

    def say(self, text=""):
        self.stdout.write(text)

    def run(self):
        try:
            import requests
        except ImportError as exc:  # pragma: no cover - requests is a project dependency
            raise CommandError("bench pages memerlukan paket requests.") from exc
        self.say(f"Menyiapkan sekolah benchmark dengan {self.guru} guru…")
        uji = sekolah_uji_build(self.guru)
        try:
            guru = next(g for i, g in enumerate(uji.guru) if _KEADAAN[i % len(_KEADAAN)] == "dinilai")
            sesi_guru = sesi_for(guru.user, uji)
            sesi_kepala = sesi_for(uji.kepala.user, uji)
            sid = uji.sekolah.pk
            pages = {
                "trivial": ("/_ping/", sesi_guru),
                "teacher_home": ("/kinerja/", sesi_guru),
                "principal_approval_list": (f"/kinerja/sekolah/{sid}/persetujuan/", sesi_kepala),
                "rating": (f"/kinerja/sekolah/{sid}/penilaian/", sesi_kepala),
            }
            with (
                override_settings(ROOT_URLCONF=__name__, DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"]),
                _Server() as srv,
            ):
                times = self._measure(requests, srv.port, pages)
        finally:
            connections.close_all()
            sekolah_uji_delete(uji)
        self._report(times)

    def _measure(self, requests, port, pages) -> dict[str, list[float]]:
        base = f"http://127.0.0.1:{port}"
        times = {name: [] for name in pages}
        lock = threading.Lock()
        errors: list[str] = []

        def worker(url, sesi, n, out):
            with requests.Session() as s:
                s.cookies.set(settings.SESSION_COOKIE_NAME, sesi, domain="127.0.0.1")
                for _ in range(n):
                    started = time.perf_counter()
                    r = s.get(url, allow_redirects=False, timeout=60)
                    elapsed = (time.perf_counter() - started) * 1000
                    if r.status_code != 200:
                        with lock:
                            errors.append(f"{url}: HTTP {r.status_code}")
                        return
                    out.append(elapsed)

        def batch(name, n):
            url, sesi = pages[name]
            out: list[float] = []
            per = max(n // self.klien, 1)
            threads = [
                threading.Thread(target=worker, args=(base + url, sesi, per, out)) for _ in range(self.klien)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if errors:
                raise CommandError("Halaman gagal saat benchmark: " + "; ".join(sorted(set(errors))[:5]))
            return out

        for name in pages:  # warm-up: templates, URL resolver, connections
            batch(name, self.klien * 3)
        order = list(pages)
        rng = random.Random(7)
        for _ in range(self.putaran):
            rng.shuffle(order)
            for name in order:
                times[name].extend(batch(name, self.permintaan))
        return times

    def _report(self, times):
        trivial50, trivial95 = percentile(times["trivial"], 50), percentile(times["trivial"], 95)
        self.say(
            f"\n{self.klien} klien serentak, {self.putaran} putaran × {self.permintaan} permintaan per halaman, "
            f"{self.guru} guru."
        )
        self.say(f"{'halaman':<26}{'p50 ms':>9}{'p95 ms':>9}{'p50 ×':>8}{'p95 ×':>8}")
        for name, values in times.items():
            p50, p95 = percentile(values, 50), percentile(values, 95)
            self.say(f"{name:<26}{p50:>9.2f}{p95:>9.2f}{p50 / trivial50:>8.2f}{p95 / trivial95:>8.2f}")
        self.say("")
        # The goal holds for both percentiles: one line each (the p95 line keeps its earlier name).
        for name, goal in GOALS.items():
            ratio = percentile(times[name], 95) / trivial95
            self.say(result_line(RESULT_NAMES[name], ratio, goal, at_most=True))
            ratio = percentile(times[name], 50) / trivial50
            self.say(result_line(RESULT_NAMES[name] + "_p50", ratio, goal, at_most=True))
