"""Builders shared by the roster tests (no tests here)."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dapodik import identifiers
from dapodik.models import PTK
from dapodik.roster.columns import COLUMNS
from pmm.actors import Actor, Grant, actor_for
from pmm.roles import Role

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def roster_row(i: int, **overrides) -> dict:
    """A valid roster row (all strings) for a PNS Guru Kelas, unique for each ``i``."""
    lahir = date(1980 + i % 15, 1 + i % 12, 1 + i % 28)
    jk = "P" if i % 2 else "L"
    row = {
        "nik": identifiers.nik_build(
            kode_wilayah="330101", tanggal_lahir=lahir, jenis_kelamin=jk, urut=1000 + i
        ),
        "nuptk": f"77{i:014d}",
        "nip": identifiers.nip_build(
            tanggal_lahir=lahir, tmt_cpns=date(2011, 1 + i % 12, 1), jenis_kelamin=jk, urut=100 + i
        ),
        "nama": f"Guru Roster {i}",
        "tanggal_lahir": lahir.isoformat(),
        "jenis_kelamin": jk,
        "jenis_ptk": "Guru Kelas",
        "status_kepegawaian": "PNS",
        "email": f"roster{i}@guru.sd.belajar.id",
        "tmt_tugas": "2019-07-15",
    }
    row.update(overrides)
    return row


def cells(row: dict) -> list:
    return [row[c] for c in COLUMNS]


def csv_bytes(rows, *, header=COLUMNS, delimiter=",", bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(cells(row) if isinstance(row, dict) else row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows, *, header=COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(cells(row) if isinstance(row, dict) else list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def trainer_actor() -> Actor:
    return Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])


def operator_actor(user) -> Actor:
    return actor_for(user)


def ptk_snapshot() -> list[tuple]:
    """Every PTK with every column, to prove that a refused import changed nothing."""
    fields = [f.attname for f in PTK._meta.concrete_fields]
    return list(PTK.objects.order_by("nik").values_list(*fields))
