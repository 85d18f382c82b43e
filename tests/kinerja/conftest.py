"""Fixtures of the cycle tests: the catalogue, a school with its principal, a Kepala Dinas, and a
record of the notifications queued after commit (no broker is touched)."""

from dataclasses import dataclass

import pytest
from django.core.management import call_command

from dapodik.choices import JenisPenugasan, JenisPTK
from kinerja.models import Indikator
from kinerja.services import riwayat
from pmm.roles import Role
from tests import factories as f


@pytest.fixture
def katalog(db):
    if not Indikator.objects.exists():
        call_command("loaddata", "katalog", app_label="kinerja", verbosity=0)


@pytest.fixture(autouse=True)
def antrean(monkeypatch):
    """The ids of the history rows whose e-mail was queued (after a commit)."""
    queued: list[int] = []
    monkeypatch.setattr(riwayat, "_enqueue", queued.append)
    return queued


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@dataclass
class Wilayah:
    instansi: object
    sekolah: object  # with a definitif principal
    kepala: object  # PTK
    guru: list  # PTK
    kadis: object  # User
    pengawas: object  # User


def buat_kepala(sekolah, jenis=JenisPenugasan.DEFINITIF, ptk=None):
    if ptk is None:
        jenis_ptk = JenisPTK.KEPALA_SEKOLAH if jenis == JenisPenugasan.DEFINITIF else JenisPTK.GURU_KELAS
        ptk = f.PTKFactory(sekolah=sekolah, jenis_ptk=jenis_ptk)
    f.PenugasanFactory(ptk=ptk, sekolah=sekolah, jenis=jenis)
    return ptk


def buat_kadis(instansi, nama="Kepala Dinas"):
    user = f.UserFactory(email=f"kadis.{instansi.kode.lower()}@dinas.belajar.id", nama=nama)
    f.grant(user, Role.KEPALA_DINAS, instansi=instansi)
    return user


def buat_pengawas(instansi):
    user = f.UserFactory(email=f"pengawas.{instansi.kode.lower()}@pengawas.belajar.id", nama="Pengawas")
    f.grant(user, Role.PENGAWAS, instansi=instansi)
    return user


@pytest.fixture
def wilayah(katalog):
    sekolah = f.SekolahFactory()
    kepala = buat_kepala(sekolah)
    guru = [f.PTKFactory(sekolah=sekolah) for _ in range(3)]
    return Wilayah(
        instansi=sekolah.instansi,
        sekolah=sekolah,
        kepala=kepala,
        guru=guru,
        kadis=buat_kadis(sekolah.instansi),
        pengawas=buat_pengawas(sekolah.instansi),
    )


@pytest.fixture
def wilayah_lain(katalog):
    """Another Pemda with its own school, principal, teacher and Kepala Dinas."""
    sekolah = f.SekolahFactory()
    return Wilayah(
        instansi=sekolah.instansi,
        sekolah=sekolah,
        kepala=buat_kepala(sekolah),
        guru=[f.PTKFactory(sekolah=sekolah)],
        kadis=buat_kadis(sekolah.instansi, nama="Kepala Dinas lain"),
        pengawas=buat_pengawas(sekolah.instansi),
    )
