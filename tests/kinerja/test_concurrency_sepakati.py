"""Two "Sepakati" clicks at once give one transition (PostgreSQL, two threads, two connections), with
the same lock-proving harness as tests/kinerja/test_concurrency.py."""

import pytest

from kinerja.models import Rencana, Riwayat
from kinerja.services import perencanaan as perencanaan_svc

from .helpers import aktor, hari, rencana_lengkap
from .test_concurrency import dua_klik

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_agreements_at_once_give_one_transition(wilayah, monkeypatch):
    hari(1, 10)
    guru = wilayah.guru[0]
    r = rencana_lengkap(guru)
    perencanaan_svc.rencana_submit(actor=aktor(guru), rencana=r)
    perencanaan_svc.rencana_approve(actor=aktor(wilayah.kepala), rencana=r)
    pegawai = aktor(guru)
    hasil = dua_klik(
        monkeypatch,
        perencanaan_svc,
        "riwayat_record",
        lambda: perencanaan_svc.rencana_agree(actor=pegawai, rencana=r.pk),
    )
    assert hasil == ["ok", "status_tidak_sesuai"]
    assert Riwayat.objects.filter(rencana=r, transisi="sepakati").count() == 1
    assert Rencana.objects.get(pk=r.pk).status == "disepakati"
