"""The check of one roster row and of the header (dapodik.roster.columns)."""

import sys
from datetime import date, datetime
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dapodik.roster import columns
from dapodik.roster.columns import COLUMNS, header_problem, row_check
from tests.dapodik.test_roster_support import cells, roster_row

TODAY = date(2025, 3, 10)


def _errors(row: dict, **kw):
    return row_check(cells(row), TODAY, **kw)[1]


def _columns(errors):
    return {c for c, _ in errors}


def test_exact_header_is_accepted_case_and_blanks_tolerated():
    assert header_problem(list(COLUMNS)) is None
    assert header_problem([c.upper() + " " for c in COLUMNS] + [None, ""]) is None


@pytest.mark.parametrize(
    "header, expected",
    [
        ([c for c in COLUMNS if c != "email"], "kolom yang hilang: email"),
        ([*COLUMNS, "alamat"], "kolom tidak dikenal: alamat"),
        (["nama"], "kolom yang hilang: nik, nuptk, nip, tanggal_lahir"),
        ([COLUMNS[1], COLUMNS[0], *COLUMNS[2:]], "urutan kolom berbeda"),
        ([*COLUMNS[:-1], "nik"], "kolom ganda: nik"),
        ([], "Baris 1 harus berisi judul kolom"),
    ],
)
def test_wrong_header_is_explained(header, expected):
    problem = header_problem(header)
    assert problem is not None and expected in problem


def test_good_row_is_normalised():
    row = roster_row(
        3, jenis_ptk="guru KELAS", status_kepegawaian="pns", jenis_kelamin="p", email="A@Guru.SD.belajar.id"
    )
    values, errors = row_check(cells(row), TODAY)
    assert errors == []
    assert values[4] == date.fromisoformat(row["tanggal_lahir"])
    assert values[5:8] == ("P", "guru_kelas", "pns")
    assert values[8] == "a@guru.sd.belajar.id"
    assert values[9] == date(2019, 7, 15)


@pytest.mark.parametrize(
    "status, expected",
    [
        ("PNS", "pns"),
        ("Guru Honor Sekolah", "guru_honor_sekolah"),
        ("gtt/ptt  kabupaten/kota", "gtt_ptt_kabkota"),
    ],
)
def test_status_accepts_value_or_label_case_insensitive(status, expected):
    nip = "" if status != "PNS" else roster_row(1)["nip"]
    values, errors = row_check(cells(roster_row(1, status_kepegawaian=status, nip=nip)), TODAY)
    assert errors == []
    assert values[7] == expected


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r", " ="])
def test_formula_like_cell_refuses_the_row(prefix):
    errors = _errors(roster_row(1, nama=prefix + 'HYPERLINK("http://x")'))
    assert _columns(errors) == {"nama"}
    assert "wajib" not in errors[0][1]


def test_quote_added_by_an_export_is_refused_too():
    errors = _errors(roster_row(1, nama="'=SUM(A1)"))
    assert errors == [("nama", errors[0][1])] and "tanda kutip" in errors[0][1]


def test_a_plain_apostrophe_in_a_name_is_fine():
    assert _errors(roster_row(1, nama="Ni Luh 'Ayu'")) == []


@pytest.mark.parametrize(
    "field, value, fragment",
    [
        ("tanggal_lahir", "05-02-1988", "TTTT-BB-HH"),
        ("tanggal_lahir", "1988-02-30", "TTTT-BB-HH"),
        ("tanggal_lahir", "2030-01-01", "sebelum hari ini"),
        ("tmt_tugas", "2019/07/15", "TTTT-BB-HH"),
        ("tmt_tugas", "1970-01-01", "sesudah tanggal lahir"),
        ("jenis_kelamin", "X", "L atau P"),
        ("jenis_ptk", "Guru Olahraga", "Jenis PTK tidak dikenal"),
        ("status_kepegawaian", "Honorer", "Status kepegawaian tidak dikenal"),
        ("email", "bukan-email", "E-mail tidak valid"),
        ("nuptk", "12345", "16 digit"),
        ("nama", "x" * 151, "terlalu panjang"),
    ],
)
def test_bad_cell_is_reported_on_its_column(field, value, fragment):
    errors = _errors(roster_row(2, **{field: value}))
    assert field in _columns(errors)
    assert any(fragment in m for c, m in errors if c == field)


@pytest.mark.parametrize(
    "field", ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "jenis_ptk", "status_kepegawaian", "tmt_tugas"]
)
def test_required_cell_left_empty_is_reported(field):
    errors = _errors(roster_row(2, **{field: "  "}))
    assert any(c == field and "wajib diisi" in m for c, m in errors)


def test_optional_cells_may_be_empty_for_a_non_asn():
    row = roster_row(2, nuptk="", nip="", email="", status_kepegawaian="Guru Honor Sekolah")
    values, errors = row_check(cells(row), TODAY)
    assert errors == []
    assert values[1] is None and values[2] is None and values[8] is None


def test_nik_must_agree_with_birth_date_and_gender():
    row = roster_row(2)
    errors = _errors({**row, "jenis_kelamin": "L" if row["jenis_kelamin"] == "P" else "P", "nip": ""})
    assert any(c == "nik" and "jenis kelamin" in m for c, m in errors)
    errors = _errors({**row, "tanggal_lahir": "1979-01-01"})
    assert any(c == "nik" and "tanggal lahir" in m for c, m in errors)


def test_nip_rule_follows_the_status():
    assert any(c == "nip" and "wajib" in m for c, m in _errors(roster_row(4, nip="")))
    honorer = _errors(roster_row(4, status_kepegawaian="Guru Honor Sekolah"))
    assert any(c == "nip" and "hanya diisi" in m for c, m in honorer)


def test_row_width_is_checked():
    short = row_check(cells(roster_row(1))[:8], TODAY)[1]
    assert short[0][0] == "" and "8 kolom" in short[0][1]
    extra = row_check([*cells(roster_row(1)), "lebih"], TODAY)[1]
    assert extra[0][0] == "" and "11 kolom" in extra[0][1]
    assert row_check([*cells(roster_row(1)), "", ""], TODAY)[1] == []


def test_xlsx_cells_may_be_dates_and_short_rows_but_not_long_numbers_or_formulas():
    row = cells(roster_row(5))
    row[4] = datetime.fromisoformat(roster_row(5)["tanggal_lahir"])
    row[9] = date(2019, 7, 15)
    values, errors = row_check(row[:9] + [row[9]], TODAY, typed=True, strict_width=False)
    assert errors == [] and values[4] == row[4].date()

    as_number = list(row)
    as_number[0] = float(row[0])  # 16 digits typed as a number in Excel
    errors = row_check(as_number, TODAY, typed=True, strict_width=False)[1]
    assert ("nik", errors[0][1]) in errors and "sebagai teks" in errors[0][1]

    class ArrayFormula:  # what openpyxl returns for an array formula cell
        pass

    with_formula = list(row)
    with_formula[3] = ArrayFormula()
    errors = row_check(with_formula, TODAY, typed=True, strict_width=False)[1]
    assert errors == [("nama", "Sel berisi rumus Excel; isi dengan nilainya, bukan rumus.")]

    date_in_text_column = list(row)
    date_in_text_column[3] = datetime(2020, 1, 1)
    assert _columns(row_check(date_in_text_column, TODAY, typed=True)[1]) == {"nama"}


# -- the cheap first-character test that skips the per-cell formula checks ------------------------

# Characters that matter to the formula/control checks, blanks of every kind, and plain text.
_CELL_ALPHABET = "=+-@'\t\r \u00a0\u2003\u3000\x1c\x1fAb1é-"
_EDGES = st.one_of(
    st.sampled_from(
        ["", " ", "\u00a0", "'", "'=", "'\t", "' =", "=", "-", "+", "@", "\t", "\r", " =", "\u3000@"]
    ),
    st.text(alphabet=_CELL_ALPHABET, max_size=3),
)


def test_every_blank_python_strips_is_a_risky_first_character():
    blanks = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert blanks <= columns._RISKY_FIRST


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(COLUMNS) - 1), _EDGES, _EDGES), max_size=2))
def test_rows_skipping_the_cell_checks_get_what_the_cell_checks_give(edits):
    # Given a good row with one or two cells given a random start and end, checked with the
    # first-character test on, and with every row forced through the per-cell checks; then both
    # give the same values and the same errors.
    row = cells(roster_row(1))
    for i, start, end in edits:
        row[i] = start + row[i] + end
    fast = row_check(row, TODAY)
    with mock.patch.object(columns, "_RISKY_FIRST", _EVERYTHING):
        checked = row_check(row, TODAY)
    assert fast == checked


class _Everything(frozenset):
    """A set that contains every first character, so every row takes the per-cell checks."""

    def isdisjoint(self, other):
        return False


_EVERYTHING = _Everything()
