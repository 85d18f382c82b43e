"""``seed_scale`` at a tiny size: it loads, its identifiers are valid and unique, a second run with the
same size changes nothing, another size rebuilds, and it refuses SQLite and foreign data."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from dapodik.validators import nik_errors, nip_errors_for_status, npsn_errors, nuptk_errors
from kinerja.dinas import skala
from kinerja.dinas.models import RekapPegawai, RekapWilayah, SeedSkala
from kinerja.models import Penilaian, Rencana
from pmm.models import KabupatenKota, Provinsi, User, UserRole
from pmm.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


def test_tiny_national_seed_loads_every_provinsi_with_valid_identifiers(periode):
    out = run("--pegawai", "2000")
    assert "Selesai dalam" in out
    assert PTK.objects.count() == 2000
    assert Sekolah.objects.count() == round(2000 / 7.5)
    assert Provinsi.objects.count() == 38
    assert not KabupatenKota.objects.annotate(n=Count("provinsi")).filter(n=0).exists()
    assert not Provinsi.objects.annotate(n=Count("kabupaten__sekolah")).filter(n=0).exists()
    for sekolah in Sekolah.objects.all()[:50]:
        assert not npsn_errors(sekolah.npsn)
    checked = 0
    for ptk in PTK.objects.order_by("pk")[:400]:
        assert not nik_errors(ptk.nik, ptk.tanggal_lahir, ptk.jenis_kelamin), ptk.nik
        if ptk.nuptk:
            assert not nuptk_errors(ptk.nuptk)
        if ptk.nip and ptk.status_kepegawaian == "pppk":
            assert not nip_errors_for_status(
                ptk.nip, ptk.status_kepegawaian, ptk.tanggal_lahir, ptk.jenis_kelamin
            )
            checked += 1
    assert checked > 10
    # The "NIP tidak sesuai" problem exists, but for a small share of the PNS only.
    pns = PTK.objects.filter(status_kepegawaian="pns")
    bad = sum(
        1 for p in pns if nip_errors_for_status(p.nip, p.status_kepegawaian, p.tanggal_lahir, p.jenis_kelamin)
    )
    assert 0 < bad < 0.1 * pns.count()
    assert PenugasanKepalaSekolah.objects.filter(jenis="plt").exists()
    assert Rencana.objects.values("status").distinct().count() == 5
    assert Penilaian.objects.values("status").distinct().count() == 3
    # Accounts only where a rule needs them.
    assert User.objects.filter(email__startswith="skala.").count() < 300
    assert UserRole.objects.filter(role=Role.PIC_DINAS).count() == 38 + KabupatenKota.objects.count()
    # The dashboard figures were refreshed and equal direct counts.
    nasional = RekapWilayah.objects.get(periode=periode, tingkat="nasional")
    assert nasional.pegawai == 2000 == RekapPegawai.objects.filter(periode=periode).count()
    assert nasional.jumlah_sekolah == Sekolah.objects.count()
    assert (
        nasional.rencana_disepakati
        == Rencana.objects.filter(
            periode=periode, status="disepakati", peran__in=["guru", "kepala_sekolah"]
        ).count()
    )


def test_second_run_with_the_same_size_changes_nothing(periode):
    run("--pegawai", "500")
    first = list(PTK.objects.order_by("pk").values_list("pk", "nik"))
    out = run("--pegawai", "500")
    assert "sudah ada" in out
    assert list(PTK.objects.order_by("pk").values_list("pk", "nik")) == first
    assert SeedSkala.objects.count() == 1


def test_another_size_rebuilds_and_reset_reloads(periode):
    run("--pegawai", "500")
    run("--pegawai", "800")
    assert PTK.objects.count() == 800
    assert SeedSkala.objects.get().jumlah_pegawai == 800
    assert RekapPegawai.objects.filter(periode=periode).count() == 800
    run("--pegawai", "800", "--reset")
    assert PTK.objects.count() == 800 and SeedSkala.objects.count() == 1
    # Seed accounts are replaced, not duplicated.
    assert User.objects.filter(email=f"{skala.EMAIL_PREFIX}admin@simulator-pmm.id").count() == 1


def test_refuses_a_database_holding_other_dapodik_data(periode):
    f.PTKFactory()
    with pytest.raises(CommandError, match="--reset"):
        run("--pegawai", "300")
    assert PTK.objects.count() == 1
    run("--pegawai", "300", "--reset")
    assert PTK.objects.count() == 300


def test_refuses_sqlite(monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="SQLite"):
        run("--pegawai", "300")
