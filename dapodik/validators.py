"""Identifier validators (DESIGN.md §2, REFERENCE.md §5).

Each ``*_errors`` function returns a list of Indonesian messages (empty = valid), so an importer can
report every problem of a row; ``validate_*`` raises ``ApplicationError`` with the first one.
"""

from datetime import date

from pmm.errors import ApplicationError

from .choices import STATUS_NIP_PNS, JenisKelamin, StatusKepegawaian


def _digits(value, length: int, label: str) -> list[str]:
    if value is None or value == "":
        return [f"{label} wajib diisi."]
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return [f"{label} hanya boleh berisi angka."]
    if len(value) != length:
        return [f"{label} harus {length} digit (saat ini {len(value)} digit)."]
    return []


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def npsn_errors(npsn) -> list[str]:
    return _digits(npsn, 8, "NPSN")


def nuptk_errors(nuptk) -> list[str]:
    errors = _digits(nuptk, 16, "NUPTK")
    if not errors and set(nuptk) == {"0"}:
        errors.append("NUPTK tidak boleh berisi nol semua.")
    return errors


def nik_errors(nik, tanggal_lahir: date | None = None, jenis_kelamin: str | None = None) -> list[str]:
    """NIK: 6 digits wilayah + DDMMYY birth date (women: DD + 40) + 4-digit sequence."""
    errors = _digits(nik, 16, "NIK")
    if errors:
        return errors
    if nik[:2] == "00":
        errors.append("NIK: kode provinsi (2 digit pertama) tidak valid.")
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    perempuan = dd > 40
    day = dd - 40 if perempuan else dd
    # The NIK carries only YY; 20YY is a leap year whenever 19YY could be (except 1900), so a day
    # that exists in 20YY is accepted (29 Feb of YY = 00 is then accepted for both centuries).
    if _date(2000 + yy, mm, day) is None:
        errors.append("NIK: tanggal lahir di dalam NIK (digit 7–12) tidak valid.")
        return errors
    if nik[12:] == "0000":
        errors.append("NIK: nomor urut (4 digit terakhir) tidak boleh 0000.")
    if tanggal_lahir is not None and (day, mm, yy) != (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ):
        errors.append("NIK tidak sesuai dengan tanggal lahir.")
    if jenis_kelamin in (JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN) and perempuan != (
        jenis_kelamin == JenisKelamin.PEREMPUAN
    ):
        errors.append("NIK tidak sesuai dengan jenis kelamin (tanggal lahir perempuan ditambah 40).")
    return errors


def nip_pns_errors(nip, tanggal_lahir: date | None = None, jenis_kelamin: str | None = None) -> list[str]:
    """NIP PNS: YYYYMMDD birth date + YYYYMM TMT CPNS + gender (1 L / 2 P) + 3-digit sequence."""
    errors = _digits(nip, 18, "NIP")
    if errors:
        return errors
    lahir = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None or lahir.year < 1900:
        errors.append("NIP: tanggal lahir (digit 1–8) bukan tanggal yang valid.")
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year < 1900:
        errors.append("NIP: TMT CPNS (digit 9–14) bukan bulan yang valid.")
    elif lahir is not None and tmt_year < lahir.year + 17:
        errors.append("NIP: TMT CPNS (digit 9–14) terlalu dekat dengan tanggal lahir.")
    if nip[14] not in "12":
        errors.append("NIP: digit ke-15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).")
    if nip[15:] == "000":
        errors.append("NIP: nomor urut (3 digit terakhir) tidak boleh 000.")
    if tanggal_lahir is not None and lahir is not None and lahir != tanggal_lahir:
        errors.append("NIP tidak sesuai dengan tanggal lahir PTK.")
    if jenis_kelamin in (JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN) and nip[14] in "12":
        expected = "1" if jenis_kelamin == JenisKelamin.LAKI_LAKI else "2"
        if nip[14] != expected:
            errors.append("NIP tidak sesuai dengan jenis kelamin PTK.")
    return errors


def ni_pppk_errors(nip, tanggal_lahir: date | None = None) -> list[str]:
    """NI PPPK: 18 digits starting with the birth date; the rest of its layout is not confirmed
    by a public source (REFERENCE.md §7), so only length and birth date are checked."""
    errors = _digits(nip, 18, "NI PPPK")
    if errors:
        return errors
    lahir = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if lahir is None or lahir.year < 1900:
        errors.append("NI PPPK: tanggal lahir (digit 1–8) bukan tanggal yang valid.")
    elif tanggal_lahir is not None and lahir != tanggal_lahir:
        errors.append("NI PPPK tidak sesuai dengan tanggal lahir PTK.")
    return errors


def nip_errors_for_status(
    nip, status_kepegawaian: str, tanggal_lahir: date | None = None, jenis_kelamin: str | None = None
) -> list[str]:
    """The NIP rule that applies to a status: NIP PNS, NI PPPK, or no NIP for non-ASN."""
    if status_kepegawaian in STATUS_NIP_PNS:
        return nip_pns_errors(nip, tanggal_lahir, jenis_kelamin)
    if status_kepegawaian == StatusKepegawaian.PPPK:
        return ni_pppk_errors(nip, tanggal_lahir)
    if nip:
        return ["NIP hanya diisi untuk PNS, CPNS dan PPPK."]
    return []


def _raise_first(errors: list[str], code: str):
    if errors:
        raise ApplicationError(errors[0], code=code, detail={"errors": errors})


def validate_npsn(npsn):
    _raise_first(npsn_errors(npsn), "npsn_invalid")


def validate_nuptk(nuptk):
    _raise_first(nuptk_errors(nuptk), "nuptk_invalid")


def validate_nik(nik, tanggal_lahir=None, jenis_kelamin=None):
    _raise_first(nik_errors(nik, tanggal_lahir, jenis_kelamin), "nik_invalid")


def validate_nip(nip, status_kepegawaian, tanggal_lahir=None, jenis_kelamin=None):
    _raise_first(nip_errors_for_status(nip, status_kepegawaian, tanggal_lahir, jenis_kelamin), "nip_invalid")
