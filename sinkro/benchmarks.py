"""``python manage.py bench sync [jumlah=10000] [pekerja=2]``: a bulk Sinkro PMM against a plain
HTTP loop, both against the same mock e-Kinerja endpoint in the same run.

On PostgreSQL + Redis only. The run:

1. builds a throwaway instansi (``populasi_buat``): schools of 25 pegawai (a definitive principal
   and 24 gurus), every plan agreed; and loads the same people into the mock's SIASN/e-Kinerja
   with its own import command (PMM never writes the mock's tables);
2. serves the project with gunicorn (gthread workers, keep-alive) on a free local port;
3. **baseline**: one ``requests.Session`` posts the N payloads of ``skp/sinkron/`` one after the
   other (the payloads are built before the clock starts: the loop does nothing but HTTP);
4. clears the mock's SKP, starts ``pekerja`` Celery worker processes (concurrency 1 each) on a
   private Redis queue, and times ``services.batch_create`` — the very service of the "Sinkro
   massal" page — until every intent is final: outbox rows, dispatch, PMM's checks and payloads,
   claims, HTTP, outcomes, the principals-then-gurus ordering;
5. prints records/s of both, their ratio, and the outcome counts, then deletes everything.

Goal: sync records/s ≥ 0.5 × loop records/s (``RESULT sync_vs_http_loop ratio=… goal>=0.5``).
"""

import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import requests
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from dapodik import identifiers
from dapodik.choices import JenisKelamin, JenisPenugasan, JenisPTK, Jenjang, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from kinerja import periods
from kinerja.catalogue import catalogue_load
from kinerja.models import Indikator, JalurAtasan, Peran, Rencana, RencanaRhk, RhkKompetensi
from kinerja.transitions import StatusRencana
from pmm.actors import Actor, Grant
from pmm.benchmarks import result_line
from pmm.models import Instansi, KabupatenKota, Provinsi
from pmm.roles import Role

from . import client, payload, selectors, services
from .models import FINAL, SinkroConfig, SyncBatch, SyncIntent

GOAL = 0.5
ROOT = Path(__file__).resolve().parent.parent


# --- the throwaway population (also used by the worker tests) ----------------------------------


@dataclass
class Populasi:
    kode: str
    instansi: Instansi
    provinsi: Provinsi
    kabupaten: KabupatenKota
    periode: object
    api_key: str
    berkas: str = ""
    sekolah_ids: list = field(default_factory=list)
    jumlah: int = 0

    def hapus(self) -> None:
        """Delete everything the population created, on both sides."""
        ptk = PTK.objects.filter(sekolah_id__in=self.sekolah_ids)
        SyncIntent.objects.filter(ptk__in=ptk).delete()
        SyncBatch.objects.filter(instansi=self.instansi).delete()
        RencanaRhk.objects.filter(rencana__ptk__in=ptk).delete()
        Rencana.objects.filter(ptk__in=ptk).delete()
        PenugasanKepalaSekolah.objects.filter(sekolah_id__in=self.sekolah_ids).delete()
        ptk.delete()
        Sekolah.objects.filter(pk__in=self.sekolah_ids).delete()
        SinkroConfig.objects.filter(instansi=self.instansi).delete()
        call_command("ekinerja_impor", hapus=self.instansi.kode, stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.instansi.delete()
        self.kabupaten.delete()
        self.provinsi.delete()
        if self.berkas and os.path.exists(self.berkas):
            os.unlink(self.berkas)


def _free_code() -> str:
    used = set(Provinsi.objects.values_list("kode", flat=True))
    for n in range(98, 10, -1):
        code = f"{n:02d}"
        if code in used or Sekolah.objects.filter(npsn__startswith=f"8{code}").exists():
            continue
        if PTK.objects.filter(nik__gte=f"{code}9999", nik__lt=f"{code}999:").exists():
            continue
        return code
    raise CommandError("Tidak ada kode provinsi kosong untuk wilayah sementara.")


@transaction.atomic
def populasi_buat(*, jumlah: int, per_sekolah: int = 25, api_key: str | None = None) -> Populasi:
    """A region of ``jumlah`` pegawai (one principal per ``per_sekolah``), plans agreed, mirrored in
    the mock e-Kinerja, with the instansi's key stored in PMM."""
    if not Indikator.objects.filter(kode="D1-02").exists():
        catalogue_load()
    code = _free_code()
    provinsi = Provinsi.objects.create(kode=code, nama=f"Provinsi Sinkro {code}")
    kabupaten = KabupatenKota.objects.create(
        kode=f"{code}98", nama=f"Kabupaten Sinkro {code}", provinsi=provinsi
    )
    instansi = Instansi.objects.create(
        kode=f"SNK{code}", nama=f"Pemda Sinkro {code}", provinsi=provinsi, kabupaten=kabupaten
    )
    periode = periods.periode_current()
    api_key = api_key or f"ek_bench_{uuid.uuid4().hex}"
    pop = Populasi(code, instansi, provinsi, kabupaten, periode, api_key, jumlah=jumlah)

    n_sekolah = math.ceil(jumlah / per_sekolah)
    sekolah = Sekolah.objects.bulk_create(
        [
            Sekolah(
                npsn=f"8{code}{i:05d}",
                nama=f"SD Negeri {i} Sinkro",
                jenjang=Jenjang.SD,
                status=StatusSekolah.NEGERI,
                kabupaten=kabupaten,
                instansi=instansi,
            )
            for i in range(1, n_sekolah + 1)
        ]
    )
    pop.sekolah_ids = [s.pk for s in sekolah]
    first = date(1960, 1, 1)
    rows = []
    for i in range(jumlah):
        s = sekolah[i // per_sekolah]
        kepala = i % per_sekolah == 0
        lahir = first + timedelta(days=i)
        jk = JenisKelamin.LAKI_LAKI if i % 2 else JenisKelamin.PEREMPUAN
        rows.append(
            PTK(
                nik=identifiers.nik_build(
                    kode_wilayah=f"{code}9999", tanggal_lahir=lahir, jenis_kelamin=jk, urut=i
                ),
                nip=identifiers.nip_build(
                    tanggal_lahir=lahir,
                    tmt_cpns=date(lahir.year + 25, lahir.month, 1),
                    jenis_kelamin=jk,
                    urut=int(code),  # the region's code: two populations never share a NIP
                ),
                nama=f"{'Kepala' if kepala else 'Guru'} Sinkro {i + 1}",
                tanggal_lahir=lahir,
                jenis_kelamin=jk,
                jenis_ptk=JenisPTK.KEPALA_SEKOLAH if kepala else JenisPTK.GURU_KELAS,
                status_kepegawaian=StatusKepegawaian.PNS,
                sekolah=s,
                tmt_tugas=date(2020, 7, 1),
            )
        )
    ptk = PTK.objects.bulk_create(rows, batch_size=2000)
    kepala = {p.sekolah_id: p for p in ptk if p.jenis_ptk == JenisPTK.KEPALA_SEKOLAH}
    PenugasanKepalaSekolah.objects.bulk_create(
        [
            PenugasanKepalaSekolah(
                sekolah_id=sid, ptk=p, jenis=JenisPenugasan.DEFINITIF, tanggal_mulai=date(2020, 7, 1)
            )
            for sid, p in kepala.items()
        ]
    )

    ind_guru, ind_ks = Indikator.objects.get(kode="D1-02"), Indikator.objects.get(kode="D3-06")
    rhk = [(RhkKompetensi.objects.get(kode="PK-01"), 2), (RhkKompetensi.objects.get(kode="PK-03"), 1)]
    at = timezone.make_aware(datetime.combine(periode.perencanaan_mulai, dtime(8, 0)))
    plans = Rencana.objects.bulk_create(
        [
            Rencana(
                periode=periode,
                ptk=p,
                sekolah_id=p.sekolah_id,
                peran=Peran.KEPALA_SEKOLAH if p.jenis_ptk == JenisPTK.KEPALA_SEKOLAH else Peran.GURU,
                status=StatusRencana.DISEPAKATI,
                indikator=ind_ks if p.jenis_ptk == JenisPTK.KEPALA_SEKOLAH else ind_guru,
                perilaku_dikonfirmasi=True,
                jalur_atasan=JalurAtasan.KEPALA_DINAS
                if p.jenis_ptk == JenisPTK.KEPALA_SEKOLAH
                else JalurAtasan.KEPALA_SEKOLAH,
                atasan_ptk=None if p.jenis_ptk == JenisPTK.KEPALA_SEKOLAH else kepala[p.sekolah_id],
                dibuat_pada=at,
                diajukan_pada=at,
                disetujui_pada=at,
                disepakati_pada=at,
            )
            for p in ptk
        ],
        batch_size=2000,
    )
    RencanaRhk.objects.bulk_create(
        [RencanaRhk(rencana=r, rhk=x, jumlah=n, poin=x.poin) for r in plans for x, n in rhk], batch_size=5000
    )
    SinkroConfig.objects.create(instansi=instansi, api_key=api_key, diubah_pada=timezone.now())

    npsn = {s.pk: s.npsn for s in sekolah}
    data = {
        "instansi": instansi.kode,
        "api_key": api_key,
        "periode": [{"tahun": periode.tahun, "semester": periode.semester}],
        "unor": [{"npsn": s.npsn, "nama": s.nama, "kepala_nip": kepala[s.pk].nip} for s in sekolah],
        "pns": [
            {
                "nip": p.nip,
                "nik": p.nik,
                "nama": p.nama,
                "tanggal_lahir": p.tanggal_lahir.isoformat(),
                "npsn": npsn[p.sekolah_id],
                "tanggal_unor": p.tmt_tugas.isoformat(),
                "email": "",
            }
            for p in ptk
        ],
        "plt": [],
    }
    fd, pop.berkas = tempfile.mkstemp(prefix="ekinerja-impor-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    call_command("ekinerja_impor", pop.berkas, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return pop


# --- processes ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    env = {**os.environ, "DJANGO_DEBUG": "false", **extra}
    env.setdefault("DJANGO_SETTINGS_MODULE", os.environ.get("DJANGO_SETTINGS_MODULE", "pmm.settings.base"))
    return env


def _stop(proc) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


class SyncBenchmark:
    def __init__(self, stdout=None, **options):
        self.stdout = stdout or sys.stdout
        known = {"jumlah", "pekerja", "server", "threads", "per_sekolah"}
        unknown = set(options) - known
        if unknown:
            raise CommandError(
                f"Opsi tidak dikenal: {', '.join(sorted(unknown))} (yang ada: {', '.join(sorted(known))})."
            )
        try:
            self.jumlah = int(options.get("jumlah", 10_000))
            self.pekerja = int(options.get("pekerja", 2))
            self.server = int(options.get("server", 2))
            self.threads = int(options.get("threads", 4))
            self.per_sekolah = int(options.get("per_sekolah", 25))
        except (TypeError, ValueError) as exc:
            raise CommandError("Opsi harus bilangan bulat.") from exc
        if self.jumlah < 10 or self.pekerja < 1:
            raise CommandError("jumlah paling sedikit 10 dan pekerja paling sedikit 1.")
        self.actor = Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])
        self.procs: list = []

    def say(self, line: str = "") -> None:
        self.stdout.write(line + "\n")

    def _require_services(self) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("bench sync memerlukan PostgreSQL (DATABASE_URL).")
        if not getattr(settings, "REDIS_URL", ""):
            raise CommandError("bench sync memerlukan Redis (REDIS_URL).")

    # -- the mock server ---------------------------------------------------------------------------

    def _serve(self) -> str:
        port = _free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        log = open(Path(tempfile.gettempdir()) / f"bench-sync-gunicorn-{port}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                gunicorn,
                "pmm.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.server),
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 60
        while time.monotonic() < end:
            try:
                if requests.get(url + "/sinkro/bantuan/", timeout=2).status_code == 200:
                    return url + "/ekinerja/api"
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise CommandError(f"Server benchmark tidak siap (log: {log.name}).")

    def _workers(self, base_url: str, queue: str) -> None:
        from pmm.celery import app

        celery = str(Path(sys.executable).with_name("celery"))
        names = []
        for i in range(self.pekerja):
            name = f"bench-sinkro-{i}-{os.getpid()}@{socket.gethostname()}"
            names.append(name)
            log = open(Path(tempfile.gettempdir()) / f"bench-sync-worker-{i}.log", "w")  # noqa: SIM115
            self.procs.append(
                subprocess.Popen(
                    [
                        celery,
                        "-A",
                        "pmm",
                        "worker",
                        "--concurrency=1",
                        "--loglevel=WARNING",
                        "-Q",
                        queue,
                        "-n",
                        name,
                        "--without-gossip",
                        "--without-mingle",
                    ],
                    cwd=ROOT,
                    env=_env(EKINERJA_BASE_URL=base_url, SINKRO_QUEUE=queue),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        end = time.monotonic() + 90
        while time.monotonic() < end:
            replies = app.control.ping(destination=names, timeout=1.0) or []
            if {n for r in replies for n in r} >= set(names):
                return
        raise CommandError("Worker Celery benchmark tidak siap.")

    # -- the two measurements ------------------------------------------------------------------------

    def _payloads(self, pop: Populasi) -> list[tuple[dict, str]]:
        targets = selectors.targets_for_instansi(instansi_id=pop.instansi.pk)
        # Principals first, as the bulk sync sends them.
        targets.sort(key=lambda t: (services.peran_tahap(t.peran), t.ptk.pk))
        ctx = payload.konteks_load(targets, pop.periode)
        out = []
        for t in targets:
            siap = payload.prepare(t, ctx, idempotency_key=payload.idempotency_key_new())
            if siap.temuan:
                raise CommandError(f"Data benchmark tidak siap: {siap.temuan[0].code} untuk {t.ptk.nama}")
            out.append((siap.payload, siap.api_key))
        return out

    def _loop(self, base_url: str, payloads) -> tuple[float, dict]:
        s = requests.Session()
        statuses: dict = {}
        url = base_url + client.SYNC_PATH
        for body, key in payloads[:5]:  # warm the server's processes and the connection
            s.get(
                base_url + client.STATUS_PATH,
                params={"nip": body["nip"], "tahun": 2000, "semester": 1},
                headers={"X-Api-Key": key},
                timeout=30,
            )
        started = time.perf_counter()
        for body, key in payloads:
            r = s.post(url, json=body, headers={"X-Api-Key": key}, timeout=30)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        elapsed = time.perf_counter() - started
        s.close()
        return elapsed, statuses

    def _sync(self, pop: Populasi, base_url: str, queue: str) -> tuple[float, dict]:
        with override_settings(SINKRO_QUEUE=queue, EKINERJA_BASE_URL=base_url):
            started = time.perf_counter()
            batch = services.batch_create(actor=self.actor, instansi=pop.instansi, keterangan="bench sync")
            total = batch.jumlah
            while SyncIntent.objects.filter(batch=batch, status__in=FINAL).count() < total:
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
        counts = dict(
            SyncIntent.objects.filter(batch=batch).values_list("status").annotate(n=Count("id")).order_by()
        )
        return elapsed, counts

    def run(self) -> None:
        self._require_services()
        self.say(
            f"bench sync: {self.jumlah} pegawai, {self.pekerja} worker Celery, server gunicorn "
            f"{self.server}×{self.threads} thread"
        )
        t = time.perf_counter()
        pop = populasi_buat(jumlah=self.jumlah, per_sekolah=self.per_sekolah)
        self.say(f"Populasi dibuat dalam {time.perf_counter() - t:.1f} s (instansi {pop.instansi.kode}).")
        queue = f"bench-sinkro-{uuid.uuid4().hex[:8]}"
        try:
            base_url = self._serve()
            payloads = self._payloads(pop)
            loop_s, loop_status = self._loop(base_url, payloads)
            loop_rate = len(payloads) / loop_s
            self.say(
                f"HTTP loop keep-alive : {len(payloads)} catatan dalam {loop_s:.1f} s = {loop_rate:.1f} catatan/s {loop_status}"
            )

            call_command("ekinerja_impor", pop.berkas, hapus_skp=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
            self._workers(base_url, queue)
            sync_s, counts = self._sync(pop, base_url, queue)
            n = sum(counts.values())
            sync_rate = n / sync_s
            self.say(
                f"Sinkron massal Celery: {n} catatan dalam {sync_s:.1f} s = {sync_rate:.1f} catatan/s {counts}"
            )
            ratio = sync_rate / loop_rate
            self.say(result_line("sync_vs_http_loop", ratio, GOAL))
        finally:
            for proc in reversed(self.procs):
                _stop(proc)
            pop.hapus()
