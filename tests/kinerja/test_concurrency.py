"""Two clicks at once give exactly one transition (PostgreSQL, two threads, two connections).

The first click is held inside its transaction, after taking the row lock, until the second click is
seen waiting on that lock in pg_stat_activity; then the first commits. Without the lock the second
click would never wait and the test fails instead of passing by luck."""

import threading

import pytest
from django.db import connection, connections

from kinerja.models import Penilaian, PenilaianSekolah, Rencana, Riwayat
from kinerja.services import penilaian as penilaian_svc
from kinerja.services import perencanaan as perencanaan_svc
from pmm.errors import ApplicationError

from .helpers import aktor, hari, nilai, rencana_lengkap, siap_dinilai

pytestmark = pytest.mark.django_db(transaction=True)

TUNGGU = 30  # seconds: only a safety net if the code under test deadlocks


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cur.fetchone()[0] > 0


def dua_klik(monkeypatch, module, hook: str, klik):
    """Run ``klik`` in two threads; the first pauses in ``module.hook`` (called while it holds the
    lock) until the second is blocked on the lock. Returns the outcomes."""
    holding, release = threading.Event(), threading.Event()
    original = getattr(module, hook)
    first = {"ident": None}

    def paused(*args, **kwargs):
        if threading.get_ident() == first["ident"] and not release.is_set():
            holding.set()
            release.wait(TUNGGU)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, hook, paused)
    hasil = []

    def run():
        try:
            klik()
            hasil.append("ok")
        except ApplicationError as exc:
            hasil.append(exc.code)
        finally:
            connections.close_all()

    t1 = threading.Thread(target=run)
    t1.start()
    first["ident"] = t1.ident
    assert holding.wait(TUNGGU), "the first click never reached the locked section"
    t2 = threading.Thread(target=run)
    t2.start()
    blocked = False
    for _ in range(20000):  # polls the database, bounded; no sleep
        if _someone_waits_on_a_lock():
            blocked = True
            break
    release.set()
    t1.join(TUNGGU)
    t2.join(TUNGGU)
    assert blocked, "the second click was not blocked by the first one's row lock"
    return sorted(hasil)


def test_two_approvals_at_once_give_one_transition(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    kepala = aktor(wilayah.kepala)
    hasil = dua_klik(
        monkeypatch,
        perencanaan_svc,
        "riwayat_record",
        lambda: perencanaan_svc.rencana_approve(actor=kepala, rencana=r.pk),
    )
    assert hasil == ["ok", "status_tidak_sesuai"]
    assert Riwayat.objects.filter(rencana=r, transisi="setujui").count() == 1
    assert Rencana.objects.get(pk=r.pk).status == "disetujui"


def test_approve_and_return_at_once_give_one_transition(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    kepala = aktor(wilayah.kepala)
    calls = iter(
        [
            lambda: perencanaan_svc.rencana_approve(actor=kepala, rencana=r.pk),
            lambda: perencanaan_svc.rencana_return(actor=kepala, rencana=r.pk, catatan="Perbaiki."),
        ]
    )
    lock = threading.Lock()

    def klik():
        with lock:
            fn = next(calls)
        fn()

    hasil = dua_klik(monkeypatch, perencanaan_svc, "riwayat_record", klik)
    assert hasil == ["ok", "status_tidak_sesuai"]
    assert Riwayat.objects.filter(rencana=r, transisi__in=["setujui", "kembalikan"]).count() == 1


def test_two_sends_to_dinas_at_once_give_one_transition(wilayah, monkeypatch):
    kepala = wilayah.kepala
    r = siap_dinilai(wilayah.guru[0], kepala)
    hari(6, 10)
    nilai(r, kepala, "sesuai", "sesuai")
    a = aktor(kepala)
    hasil = dua_klik(
        monkeypatch,
        penilaian_svc,
        "riwayat_record_many",
        lambda: penilaian_svc.penilaian_kirim_dinas(
            actor=a, sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
        ),
    )
    assert hasil == ["ok", "status_tidak_sesuai"]
    assert Riwayat.objects.filter(mesin="penilaian_sekolah", transisi="kirim").count() == 1
    assert Riwayat.objects.filter(mesin="penilaian", transisi="kirim").count() == 1
    assert PenilaianSekolah.objects.get().status == "dikirim"


def test_two_penetapan_at_once_fix_each_teacher_once(wilayah, monkeypatch):
    kepala = wilayah.kepala
    rencana = [siap_dinilai(g, kepala) for g in wilayah.guru]
    hari(6, 10)
    for r in rencana:
        nilai(r, kepala, "sesuai", "di_atas")
    a = aktor(kepala)
    penilaian_svc.penilaian_kirim_dinas(actor=a, sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok")
    penilaian_svc.predikat_organisasi_set(
        actor=aktor(wilayah.kadis), sekolah=wilayah.sekolah, predikat_organisasi="istimewa"
    )
    hasil = dua_klik(
        monkeypatch,
        penilaian_svc,
        "riwayat_record_many",
        lambda: penilaian_svc.predikat_tetapkan(actor=a, sekolah=wilayah.sekolah),
    )
    assert hasil == ["ok", "tidak_ada_penilaian"]
    assert Riwayat.objects.filter(mesin="penilaian", transisi="tetapkan").count() == 3
    assert set(Penilaian.objects.values_list("status", flat=True)) == {"ditetapkan"}


def test_two_submissions_at_once_give_one(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    a = aktor(guru)
    hasil = dua_klik(
        monkeypatch,
        perencanaan_svc,
        "riwayat_record",
        lambda: perencanaan_svc.rencana_submit(actor=a, rencana=r.pk),
    )
    assert hasil == ["ok", "status_tidak_sesuai"]
    assert Riwayat.objects.filter(rencana=r, transisi="ajukan").count() == 1


def test_two_identical_organisation_predikat_at_once_record_one(wilayah, monkeypatch, antrean):
    kepala = wilayah.kepala
    r = siap_dinilai(wilayah.guru[0], kepala)
    hari(6, 10)
    nilai(r, kepala, "sesuai", "sesuai")
    penilaian_svc.penilaian_kirim_dinas(
        actor=aktor(kepala), sekolah=wilayah.sekolah, konfirmasi=True, penjelasan="ok"
    )
    kadis = aktor(wilayah.kadis)
    hasil = dua_klik(
        monkeypatch,
        penilaian_svc,
        "riwayat_record",
        lambda: penilaian_svc.predikat_organisasi_set(
            actor=kadis, sekolah=wilayah.sekolah, predikat_organisasi="baik"
        ),
    )
    assert hasil == ["ok", "ok"]  # the second click waited, then found the value already set
    tercatat = list(
        Riwayat.objects.filter(mesin="penilaian_sekolah", transisi="predikat_organisasi").values_list(
            "pk", flat=True
        )
    )
    assert len(tercatat) == 1
    assert [pk for pk in antrean if pk in tercatat] == tercatat  # one e-mail
    ps = PenilaianSekolah.objects.get()
    assert (ps.status, ps.predikat_organisasi) == ("organisasi", "baik")
