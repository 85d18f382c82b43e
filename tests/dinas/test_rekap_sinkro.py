"""The dashboard's sync-error figures come from Sinkro PMM's own requests (the configured provider)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.dinas import rekap
from kinerja.dinas.models import RekapSekolah, RekapWilayah
from sinkro.models import Status, SyncIntent
from tests.dinas.conftest import make_kepala, make_ptk, make_sekolah

pytestmark = pytest.mark.django_db


def _intent(ptk, periode, status, kode="", aktor="", minutes=0):
    moment = timezone.now() + timedelta(minutes=minutes)
    return SyncIntent.objects.create(
        ptk=ptk,
        periode=periode,
        peran="guru",
        status=status,
        idempotency_key=f"k{ptk.pk}-{minutes}-{status}",
        kode=kode,
        aktor=aktor,
        dibuat_pada=moment,
        diperbarui_pada=moment,
    )


def test_dashboard_counts_the_last_unresolved_error_of_each_pegawai(region, periode, settings):
    assert settings.DINAS_SINKRO_PROVIDER == "sinkro.selectors.dinas_provider"
    sekolah = make_sekolah(region.kab_a1, region.pemkab_a1)
    make_kepala(sekolah)
    gagal, pulih, konfirmasi, bersih = (make_ptk(sekolah) for _ in range(4))
    _intent(gagal, periode, Status.GAGAL, "E03", "Admin Instansi")
    _intent(pulih, periode, Status.GAGAL, "E01", "Operator Sekolah", minutes=-30)
    _intent(pulih, periode, Status.BERHASIL, minutes=-5)  # fixed since: no longer an error
    _intent(konfirmasi, periode, Status.MENUNGGU_KONFIRMASI, "E12", "Pegawai")
    _intent(bersih, periode, Status.BERHASIL)

    rekap.rekap_refresh(periode=periode)

    # The expected figures, counted directly from the requests above.
    latest = {}
    for intent in SyncIntent.objects.order_by("dibuat_pada", "id"):
        latest[intent.ptk_id] = intent
    unresolved = [i for i in latest.values() if i.status in (Status.GAGAL, Status.MENUNGGU_KONFIRMASI)]
    per_kode, per_pihak = {}, {}
    for i in unresolved:
        per_kode[i.kode] = per_kode.get(i.kode, 0) + 1
        per_pihak[i.aktor] = per_pihak.get(i.aktor, 0) + 1
    assert per_kode == {"E03": 1, "E12": 1}

    nasional = RekapWilayah.objects.get(periode=periode, tingkat="nasional")
    assert nasional.sinkro_gagal == len(unresolved)
    assert nasional.sinkro_per_kode == per_kode
    assert nasional.sinkro_per_pihak == per_pihak
    row = RekapSekolah.objects.get(periode=periode, sekolah=sekolah)
    assert row.sinkro_per_kode == per_kode
