"""Builders shared by the Dapodik tests."""

from datetime import date

from dapodik import identifiers
from dapodik.models import DukcapilPenduduk

HARI_INI = date(2025, 3, 10)


def dukcapil_for(ptk, **overrides) -> DukcapilPenduduk:
    data = {"nama": ptk.nama, "tanggal_lahir": ptk.tanggal_lahir, "jenis_kelamin": ptk.jenis_kelamin}
    data.update(overrides)
    return DukcapilPenduduk.objects.create(nik=ptk.nik, **data)


def nip_for(ptk, *, tmt=date(2012, 3, 1), urut=500) -> str:
    return identifiers.nip_build(
        tanggal_lahir=ptk.tanggal_lahir, tmt_cpns=tmt, jenis_kelamin=ptk.jenis_kelamin, urut=urut
    )


def ptk_data(**overrides) -> dict:
    """Valid data of a new PTK (a woman born 5 Feb 1988, PNS Guru Kelas)."""
    lahir = date(1988, 2, 5)
    data = {
        "nama": "Siti Rahmawati",
        "nik": identifiers.nik_build(kode_wilayah="920101", tanggal_lahir=lahir, jenis_kelamin="P", urut=77),
        "nuptk": "8888777766665555",
        "nip": identifiers.nip_build(
            tanggal_lahir=lahir, tmt_cpns=date(2014, 3, 1), jenis_kelamin="P", urut=4
        ),
        "tanggal_lahir": lahir,
        "jenis_kelamin": "P",
        "jenis_ptk": "guru_kelas",
        "status_kepegawaian": "pns",
        "email": "siti.rahmawati@guru.sd.belajar.id",
        "tmt_tugas": date(2021, 7, 1),
    }
    data.update(overrides)
    return data
