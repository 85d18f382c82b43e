"""Roster export, templates and the round trip export → import (dapodik.roster.export)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dapodik.models import PTK, RosterImport
from dapodik.roster.columns import COLUMNS
from dapodik.roster.export import neutralise
from dapodik.roster.services import roster_import
from tests import factories as f
from tests.dapodik.test_roster_support import ptk_snapshot, trainer_actor

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _reimport(sekolah, content: bytes, name: str) -> RosterImport:
    return roster_import(actor=trainer_actor(), sekolah=sekolah, berkas=io.BytesIO(content), nama_berkas=name)


@pytest.fixture
def roster(sekolah):
    f.PTKFactory(sekolah=sekolah, nama="Budi Santoso")
    f.PTKFactory(
        sekolah=sekolah, nama="Ani Lestari", nip=None, status_kepegawaian="guru_honor_sekolah", nuptk=None
    )
    f.PTKFactory()  # another school's PTK, never exported here
    return sekolah


def test_csv_export_has_the_import_header_and_the_school_ptk_only(client, trainer, roster):
    client.force_login(trainer)
    response = client.get(reverse("roster:ekspor", args=[roster.npsn, "csv"]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert f"roster-ptk-{roster.npsn}.csv" in response["Content-Disposition"]
    rows = _csv_rows(_body(response))
    assert rows[0] == list(COLUMNS)
    assert [r[3] for r in rows[1:]] == ["Ani Lestari", "Budi Santoso"]
    ani = PTK.objects.get(nama="Ani Lestari")
    assert rows[1] == [
        ani.nik,
        "",
        "",
        "Ani Lestari",
        ani.tanggal_lahir.isoformat(),
        ani.jenis_kelamin,
        "Guru Kelas",
        "Guru Honor Sekolah",
        ani.email,
        ani.tmt_tugas.isoformat(),
    ]


def test_xlsx_export_has_the_same_header_and_rows(client, trainer, roster):
    client.force_login(trainer)
    response = client.get(reverse("roster:ekspor", args=[roster.npsn, "xlsx"]))
    assert response.status_code == 200
    rows = _xlsx_rows(_body(response))
    assert rows[0] == list(COLUMNS)
    budi = PTK.objects.get(nama="Budi Santoso")
    assert rows[2][:4] == [budi.nik, budi.nuptk, budi.nip, "Budi Santoso"]
    assert rows[2][4].date() == budi.tanggal_lahir


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_is_a_round_trip(client, trainer, roster, fmt):
    client.force_login(trainer)
    content = _body(client.get(reverse("roster:ekspor", args=[roster.npsn, fmt])))
    before = ptk_snapshot()
    imp = _reimport(roster, content, f"ekspor.{fmt}")
    assert imp.status == RosterImport.Status.BERHASIL, list(imp.galat.values_list("baris", "pesan"))
    assert (imp.jumlah_baris, imp.jumlah_baru, imp.jumlah_diperbarui) == (2, 0, 0)
    assert ptk_snapshot() == before


def test_edited_export_updates_the_changed_ptk_only(client, trainer, roster):
    client.force_login(trainer)
    rows = _csv_rows(_body(client.get(reverse("roster:ekspor", args=[roster.npsn, "csv"]))))
    rows[2][3] = "Budi Santoso, S.Pd."
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    imp = _reimport(roster, out.getvalue().encode(), "ekspor.csv")
    assert (imp.status, imp.jumlah_diperbarui) == (RosterImport.Status.BERHASIL, 1)
    assert PTK.objects.filter(nama="Budi Santoso, S.Pd.", sekolah=roster).exists()


def test_formula_like_value_is_neutralised_on_export_and_refused_on_reimport(client, trainer, sekolah):
    f.PTKFactory(sekolah=sekolah, nama='=HYPERLINK("http://contoh")')
    client.force_login(trainer)
    for fmt in ("csv", "xlsx"):
        content = _body(client.get(reverse("roster:ekspor", args=[sekolah.npsn, fmt])))
        rows = _csv_rows(content) if fmt == "csv" else _xlsx_rows(content)
        assert rows[1][3] == '\'=HYPERLINK("http://contoh")'
        imp = _reimport(sekolah, content, f"ekspor.{fmt}")
        assert imp.status == RosterImport.Status.DITOLAK
        assert [(g.baris, g.kolom) for g in imp.galat.all()] == [(2, "nama")]


@pytest.mark.parametrize(
    "value, expected",
    [("=1+1", "'=1+1"), ("-5", "'-5"), ("@x", "'@x"), ("\tx", "'\tx"), ("Ani", "Ani"), ("", "")],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_templates_have_the_exact_header(client, operator):
    client.force_login(operator)
    csv_template = _body(client.get(reverse("roster:templat", args=["csv"])))
    assert _csv_rows(csv_template) == [list(COLUMNS)]
    response = client.get(reverse("roster:templat", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(_body(response)))
    assert [c.value for c in workbook.worksheets[0][1]] == list(COLUMNS)
    assert workbook.sheetnames == ["Roster PTK", "Petunjuk"]
    assert client.get(reverse("roster:templat", args=["pdf"])).status_code == 404


def test_filled_xlsx_template_imports(client, operator, sekolah):
    from tests.dapodik.test_roster_support import cells, roster_row

    client.force_login(operator)
    workbook = load_workbook(io.BytesIO(_body(client.get(reverse("roster:templat", args=["xlsx"])))))
    workbook.worksheets[0].append(cells(roster_row(1)))
    out = io.BytesIO()
    workbook.save(out)
    imp = _reimport(sekolah, out.getvalue(), "templat.xlsx")
    assert (imp.status, imp.jumlah_baru) == (RosterImport.Status.BERHASIL, 1)


def test_errors_download_lists_every_error(client, operator, sekolah):
    from tests.dapodik.test_roster_support import csv_bytes, roster_row

    imp = _reimport(sekolah, csv_bytes([roster_row(i, jenis_kelamin="?") for i in range(70)]), "r.csv")
    client.force_login(operator)
    response = client.get(reverse("roster:galat_csv", args=[imp.pk]))
    assert response.status_code == 200 and response.streaming
    rows = _csv_rows(_body(response))
    assert rows[0] == ["baris", "kolom", "pesan"]
    assert [int(r[0]) for r in rows[1:]] == list(range(2, 72))
