"""Two clicks on the same page button at once give exactly one transition (two browsers, two threads,
two database connections; the first click is held inside its locked section until the second is seen
waiting on the row lock — see test_concurrency.dua_klik)."""

import pytest

from kinerja.models import Penilaian, PenilaianSekolah, Rencana, Riwayat
from kinerja.services import penilaian as penilaian_svc
from kinerja.services import perencanaan as perencanaan_svc
from pmm.errors import ApplicationError

from .helpers import aktor, hari, nilai, rencana_lengkap, siap_dinilai
from .test_concurrency import dua_klik
from .test_views_helpers import Peramban, pesan_galat, url

pytestmark = pytest.mark.django_db(transaction=True)


def klik_halaman(who, target, data):
    """One browser click; a refusal shown on the page becomes an ApplicationError for dua_klik."""

    def klik():
        res = Peramban(who).post(target, data)
        galat = pesan_galat(res)
        if galat:
            raise ApplicationError(galat[0], code="ditolak")

    return klik


def test_two_approvals_clicked_at_once_give_one_transition(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    hasil = dua_klik(
        monkeypatch,
        perencanaan_svc,
        "riwayat_record",
        klik_halaman(wilayah.kepala, url("rencana", r.pk), {"aksi": "setujui"}),
    )
    assert hasil == ["ditolak", "ok"]
    assert Riwayat.objects.filter(rencana=r, transisi="setujui").count() == 1
    assert Rencana.objects.get(pk=r.pk).status == "disetujui"


def test_two_sends_to_dinas_clicked_at_once_give_one_transition(wilayah, monkeypatch):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "sesuai")
    hasil = dua_klik(
        monkeypatch,
        penilaian_svc,
        "riwayat_record_many",
        klik_halaman(
            wilayah.kepala, url("kirim", wilayah.sekolah.pk), {"penjelasan": "ok", "konfirmasi": "on"}
        ),
    )
    assert hasil == ["ditolak", "ok"]
    assert Riwayat.objects.filter(mesin="penilaian_sekolah", transisi="kirim").count() == 1
    assert PenilaianSekolah.objects.get().status == "dikirim"
    assert Penilaian.objects.get().status == "dikirim"
