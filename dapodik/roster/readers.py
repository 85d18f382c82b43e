"""Streamed rows of an uploaded roster, and the refusals that concern the whole file.

CSV is decoded as UTF-8 (a BOM is tolerated) and read record by record; XLSX is read with openpyxl
in read-only mode. Neither builds a list of the rows.
"""

import codecs
import csv
import io
import zipfile

import openpyxl
from django.conf import settings

from pmm.errors import ApplicationError

from .columns import header_problem

DEFAULT_MAX_ROWS = 200_000
# A legitimate XLSX compresses its XML roughly 5–10 times; far more than that is a zip bomb.
XLSX_MAX_EXPANSION = 25


class RosterRefused(ApplicationError):
    """The whole file is refused; nothing was changed."""

    def __init__(self, message: str, *, code: str = "roster_ditolak"):
        super().__init__(message, code=code)


def max_rows() -> int:
    return getattr(settings, "ROSTER_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_bytes() -> int:
    return settings.ROSTER_MAX_BYTES


def format_of(nama_berkas: str) -> str:
    name = (nama_berkas or "").strip().lower()
    for fmt in ("csv", "xlsx"):
        if name.endswith("." + fmt):
            return fmt
    raise RosterRefused(
        "Format berkas tidak didukung: unggah berkas .csv (UTF-8) atau .xlsx sesuai templat.",
        code="roster_format",
    )


def size_of(berkas) -> int:
    size = getattr(berkas, "size", None)
    if size is None:
        pos = berkas.tell()
        berkas.seek(0, io.SEEK_END)
        size = berkas.tell()
        berkas.seek(pos)
    return size


def _mb(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


def check_size(berkas) -> None:
    size = size_of(berkas)
    if size == 0:
        raise RosterRefused("Berkas kosong.", code="roster_kosong")
    if size > max_bytes():
        raise RosterRefused(
            f"Berkas terlalu besar ({_mb(size)}); paling besar {_mb(max_bytes())}.",
            code="roster_terlalu_besar",
        )


class _Rows:
    """Common part of both readers: the header, then ``(baris, cells)`` for each non-blank row."""

    typed = False
    strict_width = True

    def too_many(self, count: int):
        if count > max_rows():
            limit = f"{max_rows():,}".replace(",", ".")
            raise RosterRefused(
                f"Berkas berisi lebih dari {limit} baris data; batas satu impor adalah {limit} baris.",
                code="roster_terlalu_banyak",
            )


class CsvRows(_Rows):
    """Rows of a UTF-8 CSV, comma- or semicolon-separated (spreadsheets in an Indonesian locale
    save CSV with semicolons)."""

    def __init__(self, berkas):
        berkas.seek(0)
        head = berkas.read(4096)
        berkas.seek(0)
        if not head:
            raise RosterRefused("Berkas kosong.", code="roster_kosong")
        if head.startswith(b"PK\x03\x04"):
            raise RosterRefused(
                "Berkas berekstensi .csv tetapi isinya arsip ZIP/XLSX. Unggah dengan ekstensi .xlsx atau "
                "simpan ulang sebagai CSV UTF-8.",
                code="roster_isi_salah",
            )
        if head.startswith(b"%PDF"):
            raise RosterRefused(
                "Berkas berekstensi .csv tetapi isinya PDF. Unggah roster dalam format CSV atau XLSX.",
                code="roster_isi_salah",
            )
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise RosterRefused(
                "Berkas CSV memakai pengodean UTF-16. Simpan ulang sebagai 'CSV UTF-8'.",
                code="roster_encoding",
            )
        if b"\x00" in head:
            raise RosterRefused(
                "Isi berkas bukan teks CSV (berisi data biner). Unggah roster dalam format CSV atau XLSX.",
                code="roster_isi_salah",
            )
        # Decoded line by line from the binary stream, so a non-UTF-8 byte is reported with its
        # exact line and nothing but the current line is held in memory.
        raw = getattr(berkas, "file", berkas)
        raw.seek(0)
        self._lines = iter(raw)
        first = next(self._lines, b"")
        if first.startswith(codecs.BOM_UTF8):
            first = first[len(codecs.BOM_UTF8) :]
        try:
            text = first.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_utf8(1) from exc
        self.delimiter = ";" if text.count(";") > text.count(",") else ","
        self.header = next(csv.reader([text], delimiter=self.delimiter), [])

    def _text_lines(self):
        line_no = 1
        for line in self._lines:
            line_no += 1
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _not_utf8(line_no) from exc
            if "\x00" in text:
                # Python's csv module accepts NUL, PostgreSQL text cannot hold it.
                raise RosterRefused(
                    f"Berkas berisi karakter NUL di baris {line_no} (bukan teks CSV biasa); berkas ditolak.",
                    code="roster_isi_salah",
                )
            yield text

    def __iter__(self):
        reader = csv.reader(self._text_lines(), delimiter=self.delimiter)
        baris = 1
        count = 0
        limit = max_rows()
        try:
            for cells in reader:
                baris += 1
                if not any(cells):
                    continue
                count += 1
                if count > limit:
                    self.too_many(count)
                yield baris, cells
        except csv.Error as exc:
            raise RosterRefused(
                f"Berkas CSV tidak dapat dibaca di baris {reader.line_num + 1} ({exc}).",
                code="roster_csv_rusak",
            ) from exc

    def close(self):
        return None


def _not_utf8(line_no: int) -> RosterRefused:
    return RosterRefused(
        f"Berkas bukan teks UTF-8 (karakter tidak terbaca di baris {line_no}). Di Excel pilih "
        "Simpan Sebagai → 'CSV UTF-8 (dipisahkan koma)'.",
        code="roster_encoding",
    )


class XlsxRows(_Rows):
    """Rows of the first worksheet of an XLSX workbook."""

    typed = True
    strict_width = False

    def __init__(self, berkas):
        berkas.seek(0)
        invalid = RosterRefused(
            "Berkas .xlsx tidak sah atau rusak (bukan buku kerja Excel). Unduh templat XLSX dan isi ulang.",
            code="roster_isi_salah",
        )
        if not zipfile.is_zipfile(berkas):
            raise invalid
        berkas.seek(0)
        try:
            with zipfile.ZipFile(berkas) as archive:
                expanded = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise invalid from exc
        if expanded > XLSX_MAX_EXPANSION * max_bytes():
            raise RosterRefused(
                "Isi berkas .xlsx terlalu besar setelah diekstrak; berkas ditolak.",
                code="roster_terlalu_besar",
            )
        berkas.seek(0)
        try:
            self._workbook = openpyxl.load_workbook(berkas, read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds of errors for a malformed upload
            raise invalid from exc
        if not self._workbook.worksheets:
            self.close()
            raise invalid
        sheet = self._workbook.worksheets[0]
        # Some writers store a wrong dimension; read every row that is really there.
        sheet.reset_dimensions()
        self._rows = sheet.iter_rows(values_only=True)
        try:
            first = next(self._rows, None)
        except Exception as exc:  # malformed sheet XML
            self.close()
            raise invalid from exc
        self.header = list(first or [])
        if all(c is None for c in self.header) and first is None:
            self.close()
            raise RosterRefused(
                "Berkas kosong: lembar kerja pertama tidak berisi baris.", code="roster_kosong"
            )

    def __iter__(self):
        baris = 1
        count = 0
        limit = max_rows()
        try:
            for cells in self._rows:
                baris += 1
                if all(c is None or (c.__class__ is str and not c.strip()) for c in cells):
                    continue
                count += 1
                if count > limit:
                    self.too_many(count)
                yield baris, cells
        except RosterRefused:
            raise
        except Exception as exc:  # malformed sheet XML discovered while streaming
            raise RosterRefused(
                f"Lembar kerja XLSX rusak sekitar baris {baris + 1}; berkas ditolak.", code="roster_isi_salah"
            ) from exc

    def close(self):
        self._workbook.close()


def open_rows(berkas, fmt: str):
    """Open a reader after the whole-file checks; its header is checked too."""
    check_size(berkas)
    reader = CsvRows(berkas) if fmt == "csv" else XlsxRows(berkas)
    problem = header_problem(reader.header)
    if problem:
        reader.close()
        raise RosterRefused(problem, code="roster_judul_kolom")
    return reader
