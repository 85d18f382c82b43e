"""``manage.py seed_bimtek`` also seeds the cycle (kinerja.apps wires kinerja.bimtek into the Dapodik
scenario), idempotently, and the trainees' exercises work through the pages."""

import pytest
from django.core.management import call_command

from dapodik.bimtek import scenario_build
from dapodik.models import PTK
from kinerja.models import Observasi, Penilaian, PenilaianSekolah, Rencana
from pmm.models import User

from .helpers import hari
from .test_views_helpers import Peramban, pesan_galat, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def bimtek(katalog, capsys):
    hari(6, 10)
    call_command("seed_bimtek")
    capsys.readouterr()
    return scenario_build()


def ptk(scenario, key) -> PTK:
    return PTK.objects.select_related("user").get(email=scenario.ptk_by_key(key).email)


def test_the_seed_command_puts_teachers_at_every_stage_and_is_idempotent(bimtek, capsys):
    sekolah = ptk(bimtek, "ks_definitif").sekolah
    guru = Rencana.objects.filter(sekolah=sekolah, peran="guru")
    assert set(guru.values_list("status", flat=True)) == {
        "draft",
        "diajukan",
        "dikembalikan",
        "disetujui",
        "disepakati",
    }
    assert set(Observasi.objects.filter(rencana__in=guru).values_list("status", flat=True)) == {
        "terjadwal", "diobservasi", "tindak_lanjut", "selesai",
    }  # fmt: skip
    assert set(PenilaianSekolah.objects.values_list("predikat_organisasi", flat=True)) >= {
        "istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang",
    }  # fmt: skip
    before = (Rencana.objects.count(), Observasi.objects.count(), Penilaian.objects.count())
    Rencana.objects.filter(sekolah=sekolah, status="diajukan").update(
        status="disetujui"
    )  # a trainee's change
    call_command("seed_bimtek")
    capsys.readouterr()
    assert (Rencana.objects.count(), Observasi.objects.count(), Penilaian.objects.count()) == before
    assert Rencana.objects.filter(sekolah=sekolah, peran="guru", status="diajukan").exists()


def test_the_showcase_principal_finds_every_kind_of_teacher_in_the_lists(bimtek):
    kepala = ptk(bimtek, "ks_definitif")
    b = Peramban(kepala)
    persetujuan = b.get(url("persetujuan", kepala.sekolah_id)).content.decode()
    assert 'name="setujui"' in persetujuan and 'data-tipe="A"' in persetujuan
    daftar = b.get(url("penilaian_daftar", kepala.sekolah_id)).content.decode()
    assert 'data-tipe="A"' in daftar and 'data-tipe="B"' in daftar and "Nilai</a>" in daftar


def test_the_teacher_without_atasan_is_told_so_on_submit(bimtek):
    guru = ptk(bimtek, "guru_tanpa_atasan")
    r = Rencana.objects.get(ptk=guru)
    res = Peramban(guru).post(url("rencana", r.pk), {"aksi": "ajukan"})
    assert pesan_galat(res)[0].startswith("Data atasan Anda tidak ditemukan")
    assert Rencana.objects.get(pk=r.pk).status == "draft"


def test_the_distribution_exercises_succeed_and_fail_as_the_sheet_says(bimtek):
    langgar = next(
        ps
        for ps in PenilaianSekolah.objects.filter(predikat_organisasi="baik", status="organisasi")
        if set(Penilaian.objects.filter(rencana__sekolah=ps.sekolah).values_list("predikat", flat=True))
        == {"baik"}
    )
    sah = PenilaianSekolah.objects.get(predikat_organisasi="istimewa", status="organisasi")
    for ps, expected in ((langgar, False), (sah, True)):
        kepala = Rencana.objects.filter(sekolah=ps.sekolah, peran="guru").first().atasan_ptk
        res = Peramban(kepala).post(url("tetapkan", ps.sekolah_id))
        fixed = Penilaian.objects.filter(rencana__sekolah=ps.sekolah, status="ditetapkan").exists()
        assert fixed is expected
        if not expected:
            assert "pola distribusi SE MenPANRB No. 3 Tahun 2023" in pesan_galat(res)[0]
    kadis = User.objects.get(email=next(a.email for a in bimtek.akun if a.role == "kepala_dinas"))
    assert "Predikat Kinerja Organisasi" in Peramban(kadis).get(url("dinas_sekolah")).content.decode()
