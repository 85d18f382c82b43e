"""Writers of the roster (same header as the import), its templates and the error list.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are written with a
leading quote. The import refuses such quoted cells, so an export can be imported back unchanged
only when it holds no such cell — which is always the case for data that came in by import, since
the import refuses formula-like cells in the first place.
"""

import csv
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font

from ..choices import JenisPTK, StatusKepegawaian
from .columns import COLUMN_HELP, COLUMNS, CONTROL_START, FORMULA_START, QUOTE

JENIS_PTK_LABEL = {str(v): str(label) for v, label in JenisPTK.choices}
STATUS_LABEL = {str(v): str(label) for v, label in StatusKepegawaian.choices}
CSV_CHUNK_ROWS = 500
BOM = "\ufeff"  # lets Excel open the UTF-8 CSV with the right characters; the import skips it


def neutralise(value):
    if isinstance(value, str) and value and (value[0] in FORMULA_START or value[0] in CONTROL_START):
        return QUOTE + value
    return value


def _ptk_cells(row) -> list:
    nik, nuptk, nip, nama, lahir, jk, jenis, status, email, tmt = row
    return [
        neutralise(nik),
        neutralise(nuptk or ""),
        neutralise(nip or ""),
        neutralise(nama),
        lahir,
        jk,
        JENIS_PTK_LABEL.get(jenis, neutralise(jenis)),
        STATUS_LABEL.get(status, neutralise(status)),
        neutralise(email or ""),
        tmt,
    ]


class _Echo:
    def write(self, value):
        return value


def _csv_chunks(header, rows):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    chunk = []
    for row in rows:
        chunk.append(writer.writerow(row))
        if len(chunk) >= CSV_CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def roster_csv_chunks(ptk_rows):
    """The roster as CSV text chunks, for a StreamingHttpResponse."""
    return _csv_chunks(COLUMNS, (_ptk_cells(r) for r in ptk_rows))


def roster_xlsx_file(ptk_rows, *, title: str = "Roster PTK"):
    """The roster as an XLSX in a temporary file (openpyxl write-only mode), positioned at 0."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(COLUMNS))
    for row in ptk_rows:
        sheet.append(_ptk_cells(row))
    return _saved(workbook)


def _saved(workbook):
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out


def template_csv_chunks():
    return _csv_chunks(COLUMNS, [])


def template_xlsx_file():
    """The XLSX template: the header on the first sheet (identifier columns formatted as text so
    that Excel keeps every digit), and a 'Petunjuk' sheet describing each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Roster PTK"
    sheet.append(list(COLUMNS))
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = bold
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 22
        if column not in ("tanggal_lahir", "tmt_tugas"):
            sheet.column_dimensions[letter].number_format = "@"
    help_sheet = workbook.create_sheet("Petunjuk")
    help_sheet.append(["kolom", "wajib", "keterangan", "contoh"])
    for cells in COLUMN_HELP:
        help_sheet.append(list(cells))
    help_sheet.append([])
    help_sheet.append(
        ["Isi data mulai baris 2 lembar pertama. Lembar 'Petunjuk' ini tidak dibaca saat impor."]
    )
    return _saved(workbook)


def errors_csv_chunks(error_rows):
    return _csv_chunks(("baris", "kolom", "pesan"), ([b, k, neutralise(p)] for b, k, p in error_rows))
