"""Fixtures of the Dinas tests: two provinsi with three kabupaten/kota and their Pemda, PIC accounts
of each kind of Dinas, Admin Pusat, and builders for schools, PTK and plans (small data only)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from dapodik import identifiers
from dapodik.choices import JenisKelamin, JenisPenugasan, JenisPTK, StatusKepegawaian, StatusSekolah
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from kinerja.models import Observasi, Penilaian, Rencana
from kinerja.periods import periode_current
from pmm.models import Instansi, KabupatenKota, Provinsi
from pmm.roles import Role
from tests import factories as f

_urut = iter(range(1, 10_000_000))


@dataclass
class Region:
    prov_a: Provinsi
    prov_b: Provinsi
    kab_a1: KabupatenKota
    kab_a2: KabupatenKota
    kab_b1: KabupatenKota
    pemprov_a: Instansi
    pemprov_b: Instansi
    pemkab_a1: Instansi
    pemkab_a2: Instansi
    pemkab_b1: Instansi


@pytest.fixture
def region(db):
    prov_a = Provinsi.objects.create(kode="61", nama="Provinsi A")
    prov_b = Provinsi.objects.create(kode="62", nama="Provinsi B")
    kab_a1 = KabupatenKota.objects.create(kode="6101", nama="Kabupaten A1", provinsi=prov_a)
    kab_a2 = KabupatenKota.objects.create(kode="6102", nama="Kota A2", provinsi=prov_a)
    kab_b1 = KabupatenKota.objects.create(kode="6201", nama="Kabupaten B1", provinsi=prov_b)

    def pemda(kode, nama, prov, kab=None):
        return Instansi.objects.create(kode=kode, nama=nama, provinsi=prov, kabupaten=kab)

    return Region(
        prov_a,
        prov_b,
        kab_a1,
        kab_a2,
        kab_b1,
        pemda("P61", "Pemerintah Provinsi A", prov_a),
        pemda("P62", "Pemerintah Provinsi B", prov_b),
        pemda("K6101", "Pemerintah Kabupaten A1", prov_a, kab_a1),
        pemda("K6102", "Pemerintah Kota A2", prov_a, kab_a2),
        pemda("K6201", "Pemerintah Kabupaten B1", prov_b, kab_b1),
    )


@pytest.fixture
def periode(db):
    return periode_current(create=True)


def make_sekolah(kab, instansi=None, *, status=StatusSekolah.NEGERI, nama=None, jenjang="SD") -> Sekolah:
    n = next(_urut)
    return Sekolah.objects.create(
        npsn=identifiers.npsn_build(50_000 + n),
        nama=nama or f"SD Negeri {n} {kab.nama}",
        jenjang=jenjang,
        status=status,
        kabupaten=kab,
        instansi=instansi if status == StatusSekolah.NEGERI else None,
    )


def make_ptk(
    sekolah, *, jenis=JenisPTK.GURU_KELAS, status=StatusKepegawaian.PNS, nama=None, nip="auto", user=None
):
    n = next(_urut)
    lahir = date(1975, 1, 1) + timedelta(days=(n * 7919) % 9000)
    jk = JenisKelamin.LAKI_LAKI if n % 2 else JenisKelamin.PEREMPUAN
    if nip == "auto":
        if status == StatusKepegawaian.PPPK:
            nip = identifiers.ni_pppk_build(
                tanggal_lahir=lahir, tahun_pengangkatan=2021, jenis_kelamin=jk, urut=n
            )
        elif status in (
            StatusKepegawaian.PNS,
            StatusKepegawaian.CPNS,
            StatusKepegawaian.PNS_DIPERBANTUKAN,
            StatusKepegawaian.PNS_DEPAG,
        ):
            nip = identifiers.nip_build(
                tanggal_lahir=lahir, tmt_cpns=date(lahir.year + 22, 1 + n % 12, 1), jenis_kelamin=jk, urut=n
            )
        else:
            nip = None
    return PTK.objects.create(
        nik=identifiers.nik_build(kode_wilayah="610101", tanggal_lahir=lahir, jenis_kelamin=jk, urut=n),
        nuptk=identifiers.nuptk_build(900_000 + n),
        nip=nip,
        nama=nama or f"Pegawai {n:05d}",
        tanggal_lahir=lahir,
        jenis_kelamin=jk,
        jenis_ptk=jenis,
        status_kepegawaian=status,
        sekolah=sekolah,
        tmt_tugas=date(2020, 7, 1),
        user=user,
    )


def make_kepala(sekolah, ptk=None, *, jenis=JenisPenugasan.DEFINITIF) -> PTK:
    ptk = ptk or make_ptk(sekolah, jenis=JenisPTK.KEPALA_SEKOLAH)
    PenugasanKepalaSekolah.objects.create(
        sekolah=sekolah, ptk=ptk, jenis=jenis, tanggal_mulai=date(2020, 1, 1)
    )
    return ptk


def make_plan(
    ptk, periode, status, *, peran="guru", observasi=None, penilaian=None, predikat="", sekolah=None
):
    now = timezone.now()
    rencana = Rencana.objects.create(
        periode=periode, ptk=ptk, sekolah=sekolah or ptk.sekolah, peran=peran, status=status, dibuat_pada=now
    )
    if observasi:
        Observasi.objects.create(rencana=rencana, status=observasi)
    if penilaian:
        Penilaian.objects.create(
            rencana=rencana,
            status=penilaian,
            predikat=predikat,
            diperbarui_pada=now,
            rating_hasil_kerja="",
            rating_perilaku="",
        )
    return rencana


def pic_user(email, *, kabupaten=None, provinsi=None, instansi=None):
    user = f.UserFactory(email=email)
    f.grant(user, Role.PIC_DINAS, kabupaten=kabupaten, provinsi=provinsi, instansi=instansi)
    return user


@pytest.fixture
def pic_a1(region):
    return pic_user("pic.a1@dinas.belajar.id", kabupaten=region.kab_a1, instansi=region.pemkab_a1)


@pytest.fixture
def pic_b1(region):
    return pic_user("pic.b1@dinas.belajar.id", kabupaten=region.kab_b1, instansi=region.pemkab_b1)


@pytest.fixture
def pic_prov_a(region):
    return pic_user("pic.prov.a@dinas.belajar.id", provinsi=region.prov_a, instansi=region.pemprov_a)


@pytest.fixture
def admin_pusat(db):
    user = f.UserFactory(email="admin.pusat@simulator-pmm.id")
    f.grant(user, Role.ADMIN_PUSAT)
    return user
