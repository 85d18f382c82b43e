"""roster_import: all or nothing, every bad row reported, whole files refused (dapodik.roster)."""

import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dapodik.identifiers import nik_build, nip_build
from dapodik.models import PTK, RosterImport, RosterImportError
from dapodik.roster import staging as staging_module
from dapodik.roster.services import roster_import
from pmm.errors import Forbidden
from tests import factories as f
from tests.dapodik.test_roster_support import (
    csv_bytes,
    operator_actor,
    ptk_snapshot,
    roster_row,
    trainer_actor,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _import(sekolah, content: bytes, name: str = "roster.csv", actor=None) -> RosterImport:
    return roster_import(
        actor=actor or trainer_actor(), sekolah=sekolah, berkas=io.BytesIO(content), nama_berkas=name
    )


def _errors(imp) -> list[tuple[int, str, str]]:
    return list(RosterImportError.objects.filter(roster_import=imp).values_list("baris", "kolom", "pesan"))


@pytest.fixture
def sekolah_lain(db):
    return f.SekolahFactory()


# -- good files ---------------------------------------------------------------------------------


def test_good_csv_creates_ptk_in_the_school(sekolah):
    rows = [roster_row(1), roster_row(2, status_kepegawaian="Guru Honor Sekolah", nip="", nuptk="", email="")]
    imp = _import(sekolah, csv_bytes(rows))
    assert imp.status == RosterImport.Status.BERHASIL
    assert (imp.jumlah_baris, imp.jumlah_baru, imp.jumlah_diperbarui, imp.jumlah_galat) == (2, 2, 0, 0)
    first = PTK.objects.get(nik=rows[0]["nik"])
    assert first.sekolah == sekolah
    assert (first.nama, first.nip, first.nuptk, first.email) == (
        rows[0]["nama"],
        rows[0]["nip"],
        rows[0]["nuptk"],
        rows[0]["email"],
    )
    assert (first.jenis_ptk, first.status_kepegawaian) == ("guru_kelas", "pns")
    assert first.tanggal_lahir == date.fromisoformat(rows[0]["tanggal_lahir"])
    assert first.tmt_tugas == date(2019, 7, 15)
    second = PTK.objects.get(nik=rows[1]["nik"])
    assert (second.nip, second.nuptk, second.email, second.status_kepegawaian) == (
        None,
        None,
        None,
        "guru_honor_sekolah",
    )


def test_good_xlsx_with_date_cells_creates_ptk(sekolah):
    row = roster_row(3)
    cells = [row[c] for c in ("nik", "nuptk", "nip", "nama")] + [
        date.fromisoformat(row["tanggal_lahir"]),
        "P" if row["jenis_kelamin"] == "P" else "L",
        "guru_kelas",
        "pns",
        row["email"],
        date(2019, 7, 15),
    ]
    imp = _import(sekolah, xlsx_bytes([cells]), "roster.xlsx")
    assert imp.status == RosterImport.Status.BERHASIL, _errors(imp)
    assert imp.format == "xlsx"
    assert PTK.objects.get(nik=row["nik"]).tanggal_lahir == date.fromisoformat(row["tanggal_lahir"])


def test_semicolon_csv_with_bom_is_accepted(sekolah):
    imp = _import(sekolah, csv_bytes([roster_row(1)], delimiter=";", bom=True))
    assert imp.status == RosterImport.Status.BERHASIL, _errors(imp)
    assert PTK.objects.filter(sekolah=sekolah).count() == 1


def test_known_nik_updates_and_missing_ptk_are_kept(sekolah):
    _import(sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    outsider = f.PTKFactory(sekolah=sekolah)  # entered by hand, not in the file
    imp = _import(sekolah, csv_bytes([roster_row(1, nama="Nama Baru", jenis_ptk="Guru BK"), roster_row(2)]))
    assert imp.status == RosterImport.Status.BERHASIL
    assert (imp.jumlah_baru, imp.jumlah_diperbarui) == (0, 1)
    assert "1 tidak berubah" in imp.pesan and "tidak dihapus" in imp.pesan
    updated = PTK.objects.get(nik=roster_row(1)["nik"])
    assert (updated.nama, updated.jenis_ptk) == ("Nama Baru", "guru_bk")
    assert PTK.objects.filter(pk=outsider.pk, sekolah=sekolah).exists()


def test_reimport_of_the_same_file_changes_nothing(sekolah):
    content = csv_bytes([roster_row(i) for i in range(5)])
    _import(sekolah, content)
    before = ptk_snapshot()
    again = _import(sekolah, content)
    assert again.status == RosterImport.Status.BERHASIL
    assert (again.jumlah_baru, again.jumlah_diperbarui) == (0, 0)
    assert ptk_snapshot() == before


def test_ptk_is_linked_to_the_account_with_its_email(sekolah):
    user = f.UserFactory(email="roster1@guru.sd.belajar.id")
    _import(sekolah, csv_bytes([roster_row(1, email="ROSTER1@guru.sd.belajar.id")]))
    assert PTK.objects.get(nik=roster_row(1)["nik"]).user == user


def test_blank_lines_are_skipped_but_keep_the_line_numbers(sekolah):
    content = csv_bytes(
        [roster_row(1), ["", "", "", "", "", "", "", "", "", ""], roster_row(2, jenis_kelamin="X")]
    )
    imp = _import(sekolah, content)
    assert imp.status == RosterImport.Status.DITOLAK
    assert imp.jumlah_baris == 2
    assert {(b, k) for b, k, _ in _errors(imp)} >= {(4, "jenis_kelamin")}


# -- bad rows: nothing changes, every bad row is reported ------------------------------------------


def test_bad_rows_are_all_reported_and_nothing_changes(sekolah):
    existing = f.PTKFactory(sekolah=sekolah)
    before = ptk_snapshot()
    rows = [
        roster_row(1),
        roster_row(2, tanggal_lahir="1990-02-31"),
        roster_row(3),
        roster_row(4, nama="=cmd|' /C calc'!A0", status_kepegawaian="Honorer"),
        roster_row(5, nik=existing.nik, nama="Ganti Nama"),
    ]
    imp = _import(sekolah, csv_bytes(rows))
    assert imp.status == RosterImport.Status.DITOLAK
    assert ptk_snapshot() == before
    errors = _errors(imp)
    assert {b for b, _, _ in errors} == {3, 5, 6}
    assert (3, "tanggal_lahir") in {(b, k) for b, k, _ in errors}
    assert {(5, "nama"), (5, "status_kepegawaian")} <= {(b, k) for b, k, _ in errors}
    assert imp.jumlah_galat == len(errors)
    assert "galat pada 3 dari 5 baris" in imp.pesan and "Tidak ada data PTK yang diubah" in imp.pesan


@pytest.mark.parametrize("column", ["nik", "nuptk", "nip", "email"])
def test_duplicates_inside_the_file_are_reported_on_every_line(sekolah, column):
    rows = [roster_row(1), roster_row(2), roster_row(3)]
    if column in ("nik", "nip"):  # both carry the birth date and gender of their owner
        twin = roster_row(1)
        rows[2] = {**twin, "nuptk": rows[2]["nuptk"], "email": rows[2]["email"]}
        if column == "nik":
            rows[2]["nip"] = nip_build(
                tanggal_lahir=date.fromisoformat(twin["tanggal_lahir"]),
                tmt_cpns=date(2012, 5, 1),
                jenis_kelamin=twin["jenis_kelamin"],
                urut=555,
            )
        else:
            rows[2]["nik"] = nik_build(
                kode_wilayah="330101",
                tanggal_lahir=date.fromisoformat(twin["tanggal_lahir"]),
                jenis_kelamin=twin["jenis_kelamin"],
                urut=555,
            )
    else:
        rows[2] = {**rows[2], column: rows[0][column]}
    before = ptk_snapshot()
    imp = _import(sekolah, csv_bytes(rows))
    assert imp.status == RosterImport.Status.DITOLAK
    assert {b for b, _, _ in _errors(imp)} == {2, 4}, _errors(imp)
    duplicates = [(b, m) for b, k, m in _errors(imp) if k == column]
    assert [b for b, _ in duplicates] == [2, 4]
    assert "pertama di baris 2" in duplicates[1][1] and "2 kali" in duplicates[1][1]
    assert ptk_snapshot() == before


def test_nik_of_another_school_is_refused_without_naming_that_school(sekolah, sekolah_lain):
    other = f.PTKFactory(sekolah=sekolah_lain)
    row = roster_row(
        1, nik=other.nik, tanggal_lahir=other.tanggal_lahir.isoformat(), jenis_kelamin=other.jenis_kelamin
    )
    row["nip"] = other.nip
    row["nuptk"], row["email"] = "", ""
    before = ptk_snapshot()
    imp = _import(sekolah, csv_bytes([row]))
    errors = _errors(imp)
    assert imp.status == RosterImport.Status.DITOLAK
    assert [(b, k) for b, k, _ in errors] == [(2, "nik")]
    assert "Mutasi" in errors[0][2]
    assert sekolah_lain.nama not in errors[0][2] and other.nama not in errors[0][2]
    assert ptk_snapshot() == before


@pytest.mark.parametrize("column", ["nuptk", "nip", "email"])
def test_identifier_of_a_ptk_of_another_school_is_refused(sekolah, sekolah_lain, column):
    other = f.PTKFactory(sekolah=sekolah_lain)
    row = roster_row(1)
    if column == "nip":
        row.update(
            tanggal_lahir=other.tanggal_lahir.isoformat(),
            jenis_kelamin=other.jenis_kelamin,
            nip=other.nip,
            nik=roster_row(1, tanggal_lahir=other.tanggal_lahir.isoformat())["nik"],
        )
        row["nik"] = f.identifiers.nik_build(
            kode_wilayah="330101",
            tanggal_lahir=other.tanggal_lahir,
            jenis_kelamin=other.jenis_kelamin,
            urut=4321,
        )
    else:
        row[column] = getattr(other, column)
    imp = _import(sekolah, csv_bytes([row]))
    errors = _errors(imp)
    assert [(b, k) for b, k, _ in errors] == [(2, column)], errors
    assert "sekolah lain" in errors[0][2] and other.nama not in errors[0][2]


def test_identifier_of_another_ptk_of_the_same_school_names_that_ptk(sekolah):
    mine = f.PTKFactory(sekolah=sekolah)
    imp = _import(sekolah, csv_bytes([roster_row(1, email=mine.email)]))
    errors = _errors(imp)
    assert [(b, k) for b, k, _ in errors] == [(2, "email")]
    assert mine.nama in errors[0][2] and mine.nik in errors[0][2]


def test_account_already_linked_to_another_ptk_is_refused(sekolah, sekolah_lain):
    other = f.PTKFactory(sekolah=sekolah_lain)
    other.email = "lama@guru.sd.belajar.id"
    other.save()
    imp = _import(sekolah, csv_bytes([roster_row(1, email=other.user.email)]))
    assert [(b, k) for b, k, _ in _errors(imp)] == [(2, "email")]
    assert PTK.objects.get(pk=other.pk).user == other.user


def test_formula_cells_of_an_xlsx_are_refused(sekolah):
    row = roster_row(1)
    cells = (
        [row[c] for c in ("nik", "nuptk", "nip")]
        + ['=CONCAT("a","b")']
        + [
            row[c]
            for c in (
                "tanggal_lahir",
                "jenis_kelamin",
                "jenis_ptk",
                "status_kepegawaian",
                "email",
                "tmt_tugas",
            )
        ]
    )
    imp = _import(sekolah, xlsx_bytes([cells]), "roster.xlsx")
    assert [(b, k) for b, k, _ in _errors(imp)] == [(2, "nama")]
    assert not PTK.objects.exists()


def test_every_error_is_kept_for_a_large_bad_file(sekolah):
    rows = [roster_row(i, jenis_kelamin="?") for i in range(300)]
    imp = _import(sekolah, csv_bytes(rows))
    errors = _errors(imp)
    assert {b for b, k, _ in errors if k == "jenis_kelamin"} == set(range(2, 302))
    assert imp.jumlah_galat == len(errors)


# -- whole files refused ------------------------------------------------------------------------


def _zip_bytes(**members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


GOOD = [roster_row(1), roster_row(2)]
BAD_FILES = [
    ("salah-ekstensi", csv_bytes(GOOD), "roster.txt", "Format berkas tidak didukung"),
    ("tanpa-ekstensi", csv_bytes(GOOD), "roster", "Format berkas tidak didukung"),
    ("kosong", b"", "roster.csv", "Berkas kosong"),
    ("hanya-judul", csv_bytes([]), "roster.csv", "tidak berisi baris data"),
    ("judul-kurang", csv_bytes([], header=["nik", "nama"]), "roster.csv", "kolom yang hilang"),
    (
        "judul-lebih",
        csv_bytes([], header=[*csv_bytes([]).decode().strip().split(","), "alamat"]),
        "roster.csv",
        "alamat",
    ),
    (
        "tanpa-judul",
        csv_bytes(GOOD)[csv_bytes(GOOD).index(b"\r\n") + 2 :],
        "roster.csv",
        "Judul kolom tidak sesuai",
    ),
    ("pdf-bernama-csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "roster.csv", "isinya PDF"),
    ("xlsx-bernama-csv", xlsx_bytes(GOOD), "roster.csv", "arsip ZIP/XLSX"),
    ("biner", b"nik,nama\x00\x01\x02", "roster.csv", "bukan teks CSV"),
    ("utf16", "nik,nuptk\n".encode("utf-16"), "roster.csv", "UTF-16"),
    (
        "latin1",
        csv_bytes(GOOD) + "3201,,,José\r\n".encode("latin-1"),
        "roster.csv",
        "bukan teks UTF-8 (karakter tidak terbaca di baris 4)",
    ),
    (
        "nul-di-tengah",
        csv_bytes([roster_row(i) for i in range(60)]) + b"a,\x00b\r\n",
        "roster.csv",
        "karakter NUL di baris 62",
    ),
    ("csv-bernama-xlsx", csv_bytes(GOOD), "roster.xlsx", ".xlsx tidak sah"),
    ("zip-bukan-xlsx", _zip_bytes(**{"a.txt": "halo"}), "roster.xlsx", ".xlsx tidak sah"),
    ("xlsx-judul-salah", xlsx_bytes(GOOD, header=["NIK", "Nama"]), "roster.xlsx", "kolom yang hilang"),
    ("xlsx-kosong", xlsx_bytes([], header=[]), "roster.xlsx", "Berkas kosong"),
    ("xlsx-tanpa-judul", xlsx_bytes(GOOD, header=[]), "roster.xlsx", "Baris 1 harus berisi judul kolom"),
]


@pytest.mark.parametrize("label, content, name, fragment", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_refused_whole_and_changes_nothing(sekolah, label, content, name, fragment):
    f.PTKFactory(sekolah=sekolah)
    before = ptk_snapshot()
    imp = _import(sekolah, content, name)
    assert imp.status == RosterImport.Status.DITOLAK
    assert fragment in imp.pesan, imp.pesan
    assert (imp.jumlah_baru, imp.jumlah_diperbarui) == (0, 0)
    assert ptk_snapshot() == before
    assert not RosterImportError.objects.filter(roster_import=imp).exists()


def test_oversized_file_is_refused(sekolah, settings):
    content = csv_bytes(GOOD)
    settings.ROSTER_MAX_BYTES = len(content) - 1
    imp = _import(sekolah, content)
    assert imp.status == RosterImport.Status.DITOLAK and "terlalu besar" in imp.pesan
    assert not PTK.objects.exists()


def test_too_many_rows_is_refused_even_after_good_rows(sekolah, settings):
    settings.ROSTER_MAX_ROWS = 3
    imp = _import(sekolah, csv_bytes([roster_row(i) for i in range(4)]))
    assert imp.status == RosterImport.Status.DITOLAK and "lebih dari 3 baris" in imp.pesan
    assert not PTK.objects.exists()
    assert (
        _import(sekolah, csv_bytes([roster_row(i) for i in range(3)])).status == RosterImport.Status.BERHASIL
    )


def test_xlsx_that_expands_too_much_is_refused(sekolah, settings):
    settings.ROSTER_MAX_BYTES = 2000
    content = _zip_bytes(**{"xl/worksheets/sheet1.xml": "a" * 60_000})
    imp = _import(sekolah, content, "roster.xlsx")
    assert imp.status == RosterImport.Status.DITOLAK and "diekstrak" in imp.pesan


def test_refused_import_is_recorded_with_its_uploader(sekolah, operator):
    imp = _import(sekolah, b"", "roster.csv", actor=operator_actor(operator))
    assert imp.diunggah_oleh == operator and imp.sekolah == sekolah
    assert RosterImport.objects.filter(pk=imp.pk, status=RosterImport.Status.DITOLAK).exists()


# -- access -------------------------------------------------------------------------------------


def test_operator_imports_for_own_school_only(sekolah, operator, sekolah_lain):
    actor = operator_actor(operator)
    assert _import(sekolah, csv_bytes([roster_row(1)]), actor=actor).status == RosterImport.Status.BERHASIL
    with pytest.raises(Forbidden):
        _import(sekolah_lain, csv_bytes([roster_row(2)]), actor=actor)
    assert not PTK.objects.filter(sekolah=sekolah_lain).exists()
    assert not RosterImport.objects.filter(sekolah=sekolah_lain).exists()


def test_guru_cannot_import(sekolah, guru):
    with pytest.raises(Forbidden):
        _import(sekolah, csv_bytes([roster_row(1)]), actor=operator_actor(guru.user))


# -- the portable path (SQLite's) also works on this database ------------------------------------


class _PortableHere(staging_module.Staging):
    """The executemany staging with this database's column types and operators."""

    date_type = "date" if connection.vendor == "postgresql" else "text"
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def test_portable_staging_gives_the_same_results(sekolah, monkeypatch):
    monkeypatch.setattr("dapodik.roster.services.staging_for", _PortableHere)
    imp = _import(sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    assert (imp.status, imp.jumlah_baru) == (RosterImport.Status.BERHASIL, 2)
    imp = _import(
        sekolah,
        csv_bytes([roster_row(1, nama="Baru"), roster_row(2), roster_row(3, email=roster_row(1)["email"])]),
    )
    assert imp.status == RosterImport.Status.DITOLAK
    assert {b for b, k, _ in _errors(imp)} == {2, 4}
    imp = _import(sekolah, csv_bytes([roster_row(1, nama="Baru"), roster_row(2)]))
    assert (imp.jumlah_baru, imp.jumlah_diperbarui) == (0, 1)
    assert PTK.objects.get(nik=roster_row(1)["nik"]).nama == "Baru"


def test_row_with_a_wrong_number_of_cells_is_reported_without_a_column(sekolah):
    content = csv_bytes([roster_row(1), list(roster_row(2).values())[:8]])
    imp = _import(sekolah, content)
    assert imp.status == RosterImport.Status.DITOLAK
    assert (3, "", "Baris berisi 8 kolom, seharusnya 10.") in _errors(imp)
    assert not PTK.objects.exists()


# -- the writes -----------------------------------------------------------------------------------


def test_the_insert_of_new_ptk_never_reads_the_table_it_fills(sekolah):
    # A NOT EXISTS on dapodik_ptk inside the INSERT was planned as a nested loop over a seq scan of
    # the table being filled when its statistics said "empty": quadratic for a first big import.
    with CaptureQueriesContext(connection) as queries:
        imp = _import(sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    assert imp.status == RosterImport.Status.BERHASIL
    inserts = [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{PTK._meta.db_table}"')]
    assert len(inserts) == 1
    assert PTK._meta.db_table not in inserts[0].split(" SELECT ", 1)[1]


def test_existing_ptk_are_updated_and_new_ones_added_in_one_import(sekolah):
    _import(sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    imp = _import(sekolah, csv_bytes([roster_row(1, nama="Ganti"), roster_row(2), roster_row(3)]))
    assert (imp.jumlah_baru, imp.jumlah_diperbarui) == (1, 1)
    assert "1 tidak berubah" in imp.pesan and "tidak dihapus" not in imp.pesan
    assert PTK.objects.filter(sekolah=sekolah).count() == 3
    assert PTK.objects.get(nik=roster_row(1)["nik"]).nama == "Ganti"


def test_ptk_added_elsewhere_while_the_file_is_checked_refuses_the_file(sekolah, sekolah_lain, monkeypatch):
    # Given a NIK that another school registers after the checks passed and before the writes
    row = roster_row(1)
    checked = staging_module.Staging.missing_count

    def register_elsewhere(self, **kw):
        f.PTKFactory(sekolah=sekolah_lain, nik=row["nik"], nuptk=None, nip=None, email=None, user=None)
        return checked(self, **kw)

    monkeypatch.setattr(staging_module.Staging, "missing_count", register_elsewhere)
    before = ptk_snapshot()
    imp = _import(sekolah, csv_bytes([row, roster_row(2)]))
    # Then the unique NIK refuses the file, with nothing of it written
    assert imp.status == RosterImport.Status.DITOLAK
    assert "data PTK berubah ketika impor berjalan" in imp.pesan
    assert ptk_snapshot() == before
