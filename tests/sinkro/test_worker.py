"""Sinkro PMM with real Celery worker processes on Redis and the mock e-Kinerja over HTTP.

- a bulk sync of 2,000 pegawai during which the worker is SIGKILLed three times and restarted ends
  with exactly one SKP per pegawai, period and role in e-Kinerja and one final status per request;
- with 20% injected 500s and timeouts every sync still completes, once;
- a permanent error is reported at once and never retried.

The test process plays beat: it runs the outbox dispatcher every second (``outbox.dispatch``).
"""

import os
import signal
import threading
import uuid

import pytest
from django.conf import settings
from django.db.models import Count

from dapodik.models import PTK
from pmm.actors import Actor, Grant
from pmm.roles import Role
from sinkro import outbox, services
from sinkro.benchmarks import populasi_buat
from sinkro.ekinerja import models as em
from sinkro.ekinerja import services as es
from sinkro.models import FINAL, Status, SyncIntent
from tests.worker import start_worker, stop_worker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL tidak diset"),
]

PELATIH = Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def antrean(live_server, settings, tmp_path):
    """A private queue, the mock at live_server, short timeouts and backoffs for the workers."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("uji worker memerlukan PostgreSQL")
    queue = f"sinkro-test-{uuid.uuid4().hex[:8]}"
    base = live_server.url + "/ekinerja/api"
    settings.SINKRO_QUEUE = queue
    settings.EKINERJA_BASE_URL = base
    settings.SINKRO_REDISPATCH_SECONDS = 3
    settings.EKINERJA_FAULT_TIMEOUT_SECONDS = 1.0
    env = {
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EKINERJA_BASE_URL": base,
        "SINKRO_QUEUE": queue,
        "EKINERJA_CLIENT_TIMEOUT": "0.5",
        "SINKRO_BACKOFF_BASE": "0.05",
        "SINKRO_BACKOFF_CAP": "0.5",
        "SINKRO_MAX_ATTEMPTS": "8",
        "DJANGO_DEBUG": "false",
        "VAR_DIR": str(tmp_path),
    }
    yield {"queue": queue, "env": env, "log": tmp_path / "worker.log"}
    from pmm.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


class Beat:
    """The dispatcher every second in a thread of the test process (what celery beat would do)."""

    def __init__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        from django.db import connection

        try:
            while not self.stop.wait(1.0):
                outbox.dispatch()
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)


def _done(batch) -> int:
    return SyncIntent.objects.filter(batch=batch, status__in=FINAL).count()


def _skp_per_pegawai(instansi) -> dict:
    rows = (
        em.Skp.objects.filter(pegawai__instansi=instansi)
        .values("pegawai", "periode", "peran")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    counts: dict = {}
    for n in rows:
        counts[n] = counts.get(n, 0) + 1
    return counts


def test_bulk_sync_survives_three_sigkills_with_one_skp_and_one_final_status_each(antrean):
    pop = populasi_buat(jumlah=2000, per_sekolah=50)
    try:
        batch = services.batch_create(actor=PELATIH, instansi=pop.instansi)
        assert batch.jumlah == 2000
        log = antrean["log"]
        worker = start_worker(antrean["env"], queues=antrean["queue"], concurrency=2, logfile=log)
        kills = 0
        try:
            with Beat():
                # Kill the worker (SIGKILL, no chance to ack or clean up) at about 10%, 30% and 50%
                # of the intents settled, and start a new one each time.
                for fraction in (0.1, 0.3, 0.5):
                    assert wait_for(lambda f=fraction: _done(batch) >= f * 2000, deadline_s=120), (
                        log.read_text()
                    )
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait()
                    kills += 1
                    worker = start_worker(antrean["env"], queues=antrean["queue"], concurrency=2, logfile=log)
                assert wait_for(lambda: _done(batch) == 2000, deadline_s=180), log.read_text()
        finally:
            stop_worker(worker)
        assert kills == 3

        statuses = dict(SyncIntent.objects.filter(batch=batch).values_list("status").annotate(n=Count("id")))
        assert statuses == {Status.BERHASIL: 2000}
        # Exactly one SKP per pegawai, period and role, and one request per pegawai and role.
        assert _skp_per_pegawai(pop.instansi) == {1: 2000}
        assert SyncIntent.objects.filter(ptk__sekolah__instansi=pop.instansi).count() == 2000
        keys = set(SyncIntent.objects.filter(batch=batch).values_list("idempotency_key", flat=True))
        stored = list(em.KunciIdempotensi.objects.filter(instansi=pop.instansi).values_list("key", flat=True))
        assert len(stored) == len(set(stored)) == 2000 and set(stored) == keys
        # Every SKP carries the key of its pegawai's request: no write came from a lost duplicate.
        assert (
            set(
                em.Skp.objects.filter(pegawai__instansi=pop.instansi).values_list(
                    "idempotency_key", flat=True
                )
            )
            == keys
        )
    finally:
        pop.hapus()


def test_injected_500s_and_timeouts_are_retried_until_every_sync_completes_once(antrean):
    pop = populasi_buat(jumlah=200, per_sekolah=20)
    stop = threading.Event()

    def faults():
        # 20% of the sync calls fail, alternating between 500s and timeouts every second.
        from django.db import connection

        try:
            mode = "500"
            while not stop.is_set():
                es.gangguan_set(mode=mode, persen=20)
                mode = "timeout" if mode == "500" else "500"
                stop.wait(1.0)
        finally:
            connection.close()

    injector = threading.Thread(target=faults, daemon=True)
    try:
        es.gangguan_set(mode="500", persen=20)
        injector.start()
        batch = services.batch_create(actor=PELATIH, instansi=pop.instansi)
        worker = start_worker(antrean["env"], queues=antrean["queue"], concurrency=4, logfile=antrean["log"])
        try:
            with Beat():
                assert wait_for(lambda: _done(batch) == 200, deadline_s=150), antrean["log"].read_text()
        finally:
            stop.set()
            injector.join(10)
            stop_worker(worker)
            es.gangguan_clear()

        intents = SyncIntent.objects.filter(batch=batch)
        assert set(intents.values_list("status", flat=True)) == {Status.BERHASIL}
        assert intents.filter(attempts__gt=1).exists()  # faults happened and were retried
        injected = em.LogSinkron.objects.filter(instansi=pop.instansi).exclude(gangguan="")
        assert set(injected.values_list("gangguan", flat=True)) == {"500", "timeout"}
        assert _skp_per_pegawai(pop.instansi) == {1: 200}
    finally:
        pop.hapus()


def test_a_permanent_error_is_reported_at_once_and_not_retried(antrean):
    pop = populasi_buat(jumlah=3, per_sekolah=3)
    try:
        # The first guru's NIP is missing from e-Kinerja's User PMM list: #1, a 422.
        guru = (
            PTK.objects.filter(sekolah_id__in=pop.sekolah_ids, jenis_ptk="guru_kelas").order_by("pk").first()
        )
        em.UserPmm.objects.filter(instansi=pop.instansi, nip=guru.nip).delete()
        intent = services.sync_request(actor=PELATIH, peran="guru", ptk=guru)
        # No fault is injected here, so the 0.5 s client timeout of the other tests would only turn a
        # slow answer of the live server (a loaded machine) into a legitimate E09T retry: attempt 2.
        env = {**antrean["env"], "EKINERJA_CLIENT_TIMEOUT": "10"}
        worker = start_worker(env, queues=antrean["queue"], logfile=antrean["log"])
        try:
            assert wait_for(
                lambda: SyncIntent.objects.filter(pk=intent.pk, status__in=FINAL).exists(), deadline_s=60
            ), antrean["log"].read_text()
        finally:
            stop_worker(worker)
        intent.refresh_from_db()
        assert (intent.status, intent.kode, intent.kondisi) == (Status.GAGAL, "E01", "bukan_user_pmm")
        calls = list(
            em.LogSinkron.objects.filter(idempotency_key=intent.idempotency_key)
            .order_by("id")
            .values_list("http_status", "kode", "gangguan")
        )
        assert calls == [(422, "E01", "")], antrean["log"].read_text()
        assert intent.attempts == 1, antrean["log"].read_text()
    finally:
        pop.hapus()
