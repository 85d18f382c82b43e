"""Builders of well-formed identifiers, for the Bimtek scenario, the national seed and tests.

They follow the layouts checked by ``dapodik.validators``; a builder never returns a value its
validator refuses.
"""

from datetime import date

from .choices import JenisKelamin


def nik_build(*, kode_wilayah: str, tanggal_lahir: date, jenis_kelamin: str, urut: int) -> str:
    day = tanggal_lahir.day + (40 if jenis_kelamin == JenisKelamin.PEREMPUAN else 0)
    return f"{kode_wilayah[:6]:0<6}{day:02d}{tanggal_lahir.month:02d}{tanggal_lahir.year % 100:02d}{urut % 9999 + 1:04d}"


def nip_build(*, tanggal_lahir: date, tmt_cpns: date, jenis_kelamin: str, urut: int = 1) -> str:
    g = "1" if jenis_kelamin == JenisKelamin.LAKI_LAKI else "2"
    return f"{tanggal_lahir:%Y%m%d}{tmt_cpns:%Y%m}{g}{urut % 999 + 1:03d}"


def ni_pppk_build(*, tanggal_lahir: date, tahun_pengangkatan: int, jenis_kelamin: str, urut: int = 1) -> str:
    # Layout beyond the birth date is not confirmed (REFERENCE.md §7): year of appointment + "21".
    g = "1" if jenis_kelamin == JenisKelamin.LAKI_LAKI else "2"
    return f"{tanggal_lahir:%Y%m%d}{tahun_pengangkatan:04d}21{g}{urut % 999 + 1:03d}"


def nuptk_build(urut: int) -> str:
    return f"{urut + 1:016d}"


def npsn_build(urut: int) -> str:
    return f"{10000000 + urut:08d}"
