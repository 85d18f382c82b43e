"""Identifier validators (REFERENCE.md §5): examples and hypothesis properties.

The properties build values with dapodik.identifiers and then break exactly one part of them.
"""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dapodik import identifiers, validators
from dapodik.choices import JenisKelamin, StatusKepegawaian
from pmm.errors import ApplicationError

L, P = JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN

birth_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2006, 12, 31))
genders = st.sampled_from([L, P])
sequences = st.integers(min_value=0, max_value=10**6)
wilayah = st.from_regex(r"[1-9][0-9]{5}", fullmatch=True)
NON_ASCII_DIGITS = "١٢٣٤٥٦٧٨٩٠۱۲۳０１２３४५६"


def _calendar_date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


@st.composite
def pns(draw):
    lahir = draw(birth_dates)
    earliest = date(lahir.year + 18, 1, 1)
    tmt = draw(st.dates(min_value=earliest, max_value=max(earliest, date(2030, 12, 1))))
    jk = draw(genders)
    nip = identifiers.nip_build(tanggal_lahir=lahir, tmt_cpns=tmt, jenis_kelamin=jk, urut=draw(sequences))
    return nip, lahir, jk


@st.composite
def penduduk(draw):
    lahir = draw(birth_dates)
    jk = draw(genders)
    nik = identifiers.nik_build(
        kode_wilayah=draw(wilayah), tanggal_lahir=lahir, jenis_kelamin=jk, urut=draw(sequences)
    )
    return nik, lahir, jk


def _has(errors, fragment):
    return any(fragment in e for e in errors)


# --- NIP PNS --------------------------------------------------------------------------------------


def test_nip_pns_of_the_reference_example_is_valid():
    # REFERENCE.md §5: 19860926 201505 1 001, born 26 Sep 1986, TMT CPNS May 2015, male.
    assert validators.nip_pns_errors("198609262015051001", date(1986, 9, 26), L) == []


def test_nip_printed_with_spaces_is_not_digits_only():
    errors = validators.nip_pns_errors("19860926 201505 1 001")
    assert errors == ["NIP hanya boleh berisi angka."]


@pytest.mark.parametrize("value", [None, ""])
def test_missing_nip_is_required(value):
    assert validators.nip_pns_errors(value) == ["NIP wajib diisi."]


def test_nip_with_tmt_month_13_is_refused():
    assert _has(validators.nip_pns_errors("198609262015131001"), "TMT CPNS")


def test_nip_sequence_000_is_refused():
    assert _has(validators.nip_pns_errors("198609262015051000"), "nomor urut")


def test_nip_tmt_before_adulthood_is_refused():
    assert _has(validators.nip_pns_errors("198609261995051001"), "terlalu dekat")


@given(pns())
def test_any_built_nip_pns_is_valid_and_agrees_with_its_owner(case):
    nip, lahir, jk = case
    assert validators.nip_pns_errors(nip, lahir, jk) == []
    for status in (StatusKepegawaian.PNS, StatusKepegawaian.CPNS, StatusKepegawaian.PNS_DIPERBANTUKAN):
        assert validators.nip_errors_for_status(nip, status, lahir, jk) == []


@given(
    st.integers(min_value=1900, max_value=2099),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
)
def test_nip_with_an_impossible_birth_date_is_refused(year, month, day):
    assume(_calendar_date(year, month, day) is None)
    nip = f"{year:04d}{month:02d}{day:02d}2010011001"
    assert _has(validators.nip_pns_errors(nip), "tanggal lahir (digit 1–8)")


@given(pns(), st.sampled_from("03456789"))
def test_nip_gender_digit_other_than_1_or_2_is_refused(case, digit):
    nip, lahir, _ = case
    broken = nip[:14] + digit + nip[15:]
    assert _has(validators.nip_pns_errors(broken, lahir), "digit ke-15")


@given(st.text(alphabet="0123456789", max_size=30).filter(lambda s: len(s) != 18))
def test_nip_of_another_length_is_refused(value):
    errors = validators.nip_pns_errors(value)
    assert errors
    assert validators.ni_pppk_errors(value)


@given(pns(), st.integers(min_value=0, max_value=17), st.sampled_from(NON_ASCII_DIGITS))
def test_nip_with_a_non_ascii_digit_is_refused(case, position, digit):
    nip, lahir, jk = case
    broken = nip[:position] + digit + nip[position + 1 :]
    assert validators.nip_pns_errors(broken, lahir, jk) == ["NIP hanya boleh berisi angka."]
    assert validators.ni_pppk_errors(broken, lahir) == ["NI PPPK hanya boleh berisi angka."]


def test_arabic_indic_digits_are_not_digits():
    assert validators.nip_pns_errors("١٢٣") == ["NIP hanya boleh berisi angka."]
    assert validators.nik_errors("١٢٣") == ["NIK hanya boleh berisi angka."]


@given(pns(), birth_dates)
def test_nip_of_another_birth_date_is_refused(case, other):
    nip, lahir, jk = case
    assume(other != lahir)
    assert _has(validators.nip_pns_errors(nip, other, jk), "tidak sesuai dengan tanggal lahir")


@given(pns())
def test_nip_of_the_other_gender_is_refused(case):
    nip, lahir, jk = case
    other = P if jk == L else L
    errors = validators.nip_pns_errors(nip, lahir, other)
    assert errors == ["NIP tidak sesuai dengan jenis kelamin PTK."]


# --- NI PPPK --------------------------------------------------------------------------------------


@given(birth_dates, st.integers(min_value=2019, max_value=2030), genders, sequences)
def test_any_built_ni_pppk_is_valid(lahir, tahun, jk, urut):
    ni = identifiers.ni_pppk_build(tanggal_lahir=lahir, tahun_pengangkatan=tahun, jenis_kelamin=jk, urut=urut)
    assert validators.ni_pppk_errors(ni, lahir) == []
    assert validators.nip_errors_for_status(ni, StatusKepegawaian.PPPK, lahir, jk) == []


@given(birth_dates, birth_dates)
def test_ni_pppk_of_another_birth_date_is_refused(lahir, other):
    assume(other != lahir)
    ni = identifiers.ni_pppk_build(tanggal_lahir=lahir, tahun_pengangkatan=2022, jenis_kelamin=L)
    assert validators.ni_pppk_errors(ni, other) == ["NI PPPK tidak sesuai dengan tanggal lahir PTK."]


def test_ni_pppk_checks_only_length_and_birth_date():
    # The rest of the NI PPPK layout is unconfirmed (REFERENCE.md §7): no gender or TMT check.
    ni = "19900101" + "2022" + "99" + "9" + "000"
    assert validators.ni_pppk_errors(ni, date(1990, 1, 1)) == []
    assert validators.nip_errors_for_status(ni, StatusKepegawaian.PPPK, date(1990, 1, 1), P) == []
    assert _has(validators.ni_pppk_errors("19900231" + "2022219001"), "bukan tanggal yang valid")


def test_a_ni_pppk_is_not_a_valid_nip_pns():
    ni = identifiers.ni_pppk_build(tanggal_lahir=date(1990, 1, 1), tahun_pengangkatan=2022, jenis_kelamin=L)
    assert validators.nip_errors_for_status(ni, StatusKepegawaian.PNS, date(1990, 1, 1), L)


def test_non_asn_carries_no_nip():
    nip = identifiers.nip_build(tanggal_lahir=date(1990, 1, 1), tmt_cpns=date(2015, 1, 1), jenis_kelamin=L)
    assert validators.nip_errors_for_status("", StatusKepegawaian.GURU_HONOR_SEKOLAH) == []
    assert validators.nip_errors_for_status(nip, StatusKepegawaian.GURU_HONOR_SEKOLAH) == [
        "NIP hanya diisi untuk PNS, CPNS dan PPPK."
    ]


# --- NIK ------------------------------------------------------------------------------------------


def test_nik_of_a_woman_adds_40_to_the_day():
    # Born 5 Feb 1988, female: DD = 45.
    assert validators.nik_errors("3201014502880001", date(1988, 2, 5), P) == []
    assert _has(validators.nik_errors("3201010502880001", date(1988, 2, 5), P), "jenis kelamin")


@given(penduduk())
def test_any_built_nik_is_valid_and_agrees_with_its_owner(case):
    nik, lahir, jk = case
    assert validators.nik_errors(nik, lahir, jk) == []


@given(
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
)
def test_nik_with_an_impossible_birth_date_is_refused(dd, mm, yy):
    day = dd - 40 if dd > 40 else dd
    assume(_calendar_date(1900 + yy, mm, day) is None and _calendar_date(2000 + yy, mm, day) is None)
    nik = f"320101{dd:02d}{mm:02d}{yy:02d}0001"
    assert _has(validators.nik_errors(nik), "tanggal lahir di dalam NIK")


@st.composite
def impossible_month_ends(draw):
    """A day past the end of its month in both 19YY and 20YY: the cases a bare 1..31 check misses."""
    month = draw(st.sampled_from([2, 4, 6, 9, 11]))
    yy = draw(st.integers(min_value=0, max_value=99))
    if month != 2:
        return 31, month, yy
    day = draw(st.sampled_from([29, 30, 31]))
    if day == 29:
        yy = draw(st.integers(min_value=0, max_value=99).filter(lambda y: y % 4))
    return day, month, yy


@given(impossible_month_ends(), st.sampled_from([0, 40]))
def test_nik_with_a_day_beyond_the_end_of_its_month_is_refused(case, offset):
    day, mm, yy = case
    nik = f"320101{day + offset:02d}{mm:02d}{yy:02d}0001"
    assert _has(validators.nik_errors(nik), "tanggal lahir di dalam NIK")


def test_nik_with_31_february_is_refused():
    assert _has(validators.nik_errors("3201017102990001"), "tanggal lahir di dalam NIK")
    assert _has(validators.nik_errors("3201013102990001"), "tanggal lahir di dalam NIK")


def test_nik_with_29_february_of_a_leap_year_is_valid():
    assert validators.nik_errors("3201012902880001", date(1988, 2, 29), L) == []


@given(penduduk(), birth_dates)
def test_nik_of_another_birth_date_is_refused(case, other):
    nik, lahir, jk = case
    # The NIK holds only two digits of the year.
    assume((other.day, other.month, other.year % 100) != (lahir.day, lahir.month, lahir.year % 100))
    assert _has(validators.nik_errors(nik, other, jk), "tidak sesuai dengan tanggal lahir")


@given(penduduk())
def test_nik_of_the_other_gender_is_refused(case):
    nik, lahir, jk = case
    other = P if jk == L else L
    assert _has(validators.nik_errors(nik, lahir, other), "jenis kelamin")


@given(st.text(alphabet="0123456789", max_size=30).filter(lambda s: len(s) != 16))
def test_nik_and_nuptk_of_another_length_are_refused(value):
    assert validators.nik_errors(value)
    assert validators.nuptk_errors(value)


def test_nik_sequence_0000_and_province_00_are_refused():
    assert _has(validators.nik_errors("3201010101900000"), "nomor urut")
    assert _has(validators.nik_errors("0001010101900001"), "kode provinsi")


# --- NUPTK, NPSN ----------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**15))
def test_any_built_nuptk_is_valid(urut):
    assert validators.nuptk_errors(identifiers.nuptk_build(urut)) == []


def test_nuptk_of_zeros_is_refused():
    assert validators.nuptk_errors("0" * 16) == ["NUPTK tidak boleh berisi nol semua."]


@given(st.integers(min_value=0, max_value=89_999_999))
def test_any_built_npsn_is_valid(urut):
    assert validators.npsn_errors(identifiers.npsn_build(urut)) == []


@pytest.mark.parametrize("value", ["1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨", "", None, 12345678])
def test_npsn_must_be_8_ascii_digits(value):
    assert validators.npsn_errors(value)


# --- validate_* -----------------------------------------------------------------------------------


def test_validate_raises_the_first_message_with_all_of_them_in_detail():
    with pytest.raises(ApplicationError) as exc:
        validators.validate_nip("198609262015051001", StatusKepegawaian.PNS, date(1990, 1, 1), P)
    assert exc.value.code == "nip_invalid"
    assert exc.value.message == "NIP tidak sesuai dengan tanggal lahir PTK."
    assert exc.value.detail["errors"] == [
        "NIP tidak sesuai dengan tanggal lahir PTK.",
        "NIP tidak sesuai dengan jenis kelamin PTK.",
    ]


def test_validate_passes_silently_on_valid_values():
    validators.validate_npsn("20100001")
    validators.validate_nuptk("1234567890123456")
    validators.validate_nik("3201014502880001", date(1988, 2, 5), P)
    validators.validate_nip("", StatusKepegawaian.GTY_PTY)
    with pytest.raises(ApplicationError):
        validators.validate_nik("3201014502880001", date(1988, 2, 5), L)
    with pytest.raises(ApplicationError):
        validators.validate_npsn("2010000")
    with pytest.raises(ApplicationError):
        validators.validate_nuptk("12345")


def test_tmt_window_check_uses_the_nip_dates_only():
    # A NIP whose TMT CPNS is 17 years after birth is accepted (TMT boundary).
    nip = identifiers.nip_build(tanggal_lahir=date(1990, 6, 1), tmt_cpns=date(2007, 6, 1), jenis_kelamin=P)
    assert validators.nip_pns_errors(nip, date(1990, 6, 1), P) == []
