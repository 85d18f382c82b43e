"""CSV (streamed) and XLSX (openpyxl write-only) exports of the dashboard lists.

Rows are read in keyset chunks, so an export of a whole provinsi keeps flat memory. The caller has
already checked the region against the actor's ``Cakupan``.
"""

import csv
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from dapodik.choices import JenisPTK, StatusKepegawaian
from pmm.errors import ApplicationError

from .keyset import keyset_iterate
from .models import METRIK

XLSX_MAKS_BARIS = 1_048_575  # Excel's sheet limit minus the header row


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or "-"


def sekolah_header() -> list[str]:
    return ["NPSN", "Nama sekolah", "Jenjang", "Status", "Kabupaten/Kota", "Penilaian sekolah"] + [
        label for _, label in METRIK
    ]


def sekolah_rows(qs):
    qs = qs.select_related("kabupaten")
    for r in keyset_iterate(qs, id_field="sekolah_id"):
        yield [
            r.npsn,
            r.nama,
            r.jenjang,
            r.status_sekolah,
            r.kabupaten.nama if r.kabupaten_id else "",
            r.penilaian_sekolah,
        ] + [getattr(r, name) for name, _ in METRIK]


def pegawai_header() -> list[str]:
    return [
        "NIP",
        "Nama",
        "NPSN",
        "Sekolah",
        "Jenis PTK",
        "Status kepegawaian",
        "Peran",
        "Perencanaan",
        "Pelaksanaan",
        "Penilaian",
        "Predikat",
        "Memenuhi syarat",
        "Alasan tidak memenuhi syarat",
        "Non-ASN",
        "Tanpa atasan",
        "NIP tidak sesuai",
        "Galat sinkron terakhir",
        "Pihak yang memperbaiki",
    ]


def _yn(value: bool) -> str:
    return "ya" if value else "tidak"


def pegawai_rows(*querysets):
    """Rows of each queryset in turn (a provinsi or national export goes kabupaten by kabupaten, so
    every chunk is an index range scan of ``(periode, kabupaten, nama, ptk)``)."""
    for qs in querysets:
        yield from _pegawai_rows(qs)


def _pegawai_rows(qs):
    qs = qs.select_related("sekolah")
    for r in keyset_iterate(qs, id_field="ptk_id"):
        yield [
            r.nip,
            r.nama,
            r.sekolah.npsn,
            r.sekolah.nama,
            _label(JenisPTK, r.jenis_ptk),
            _label(StatusKepegawaian, r.status_kepegawaian),
            r.peran,
            r.rencana_status or "belum",
            r.observasi_status or "belum",
            r.penilaian_status or "belum",
            r.predikat,
            _yn(r.layak),
            r.akses_kode,
            _yn(r.non_asn),
            _yn(r.tanpa_atasan),
            _yn(r.nip_bermasalah),
            r.sinkro_kode or "",
            r.sinkro_pihak or "",
        ]


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_csv_safe(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, header: list[str], rows, *, perkiraan_baris: int) -> FileResponse:
    if perkiraan_baris > XLSX_MAKS_BARIS:
        raise ApplicationError(
            f"Data terlalu besar untuk satu lembar XLSX ({perkiraan_baris} baris; maksimum {XLSX_MAKS_BARIS}). "
            "Gunakan ekspor CSV atau pilih wilayah yang lebih kecil.",
            code="xlsx_terlalu_besar",
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(header)
    for row in rows:
        ws.append([_csv_safe(v) for v in row])
    spool = tempfile.TemporaryFile()
    wb.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
