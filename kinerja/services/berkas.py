"""Upload checks for evidence and school documents: PDF, JPG or PNG recognised by their content (magic
bytes, not by the name or the browser's content type), a size limit, and clear Indonesian errors."""

import os
from dataclasses import dataclass

from django.conf import settings

from pmm.errors import ApplicationError

from ..models import JenisBerkas

# 5 MB unless settings.KINERJA_BERKAS_MAX_BYTES says otherwise.
MAX_BYTES_DEFAULT = 5 * 1024 * 1024

_EKSTENSI = {
    ".pdf": JenisBerkas.PDF,
    ".jpg": JenisBerkas.JPG,
    ".jpeg": JenisBerkas.JPG,
    ".png": JenisBerkas.PNG,
}


def max_bytes() -> int:
    return int(getattr(settings, "KINERJA_BERKAS_MAX_BYTES", MAX_BYTES_DEFAULT))


def _ukuran_teks(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def jenis_dari_isi(kepala: bytes) -> str | None:
    if kepala.startswith(b"\x89PNG\r\n\x1a\n"):
        return JenisBerkas.PNG
    if kepala.startswith(b"\xff\xd8\xff"):
        return JenisBerkas.JPG
    # The PDF header may follow a few junk bytes (ISO 32000-1 §7.5.2 readers look in the first 1024).
    if b"%PDF-" in kepala[:1024]:
        return JenisBerkas.PDF
    return None


@dataclass(frozen=True)
class BerkasValid:
    jenis: str
    nama: str
    ukuran: int


def berkas_check(berkas) -> BerkasValid:
    """Validate an uploaded file (a Django ``UploadedFile`` or any file object with ``name``/``size``)."""
    if berkas is None:
        raise ApplicationError("Pilih berkas yang akan diunggah.", code="berkas_wajib")
    nama = os.path.basename(str(getattr(berkas, "name", "") or "berkas")).strip()[-200:] or "berkas"
    ukuran = getattr(berkas, "size", None)
    if ukuran is None:
        berkas.seek(0, os.SEEK_END)
        ukuran = berkas.tell()
    if ukuran == 0:
        raise ApplicationError(f"Berkas «{nama}» kosong.", code="berkas_kosong")
    batas = max_bytes()
    if ukuran > batas:
        raise ApplicationError(
            f"Ukuran berkas «{nama}» {_ukuran_teks(ukuran)}, melebihi batas {_ukuran_teks(batas)}.",
            code="berkas_terlalu_besar",
            detail={"ukuran": ukuran, "batas": batas},
        )
    berkas.seek(0)
    kepala = berkas.read(1024)
    berkas.seek(0)
    jenis = jenis_dari_isi(kepala)
    if jenis is None:
        raise ApplicationError(
            f"Berkas «{nama}» bukan PDF, JPG, atau PNG. Unggah dokumen dalam salah satu format tersebut.",
            code="jenis_berkas_tidak_didukung",
        )
    ekstensi = os.path.splitext(nama)[1].lower()
    if ekstensi not in _EKSTENSI:
        raise ApplicationError(
            f"Nama berkas «{nama}» harus berakhiran .pdf, .jpg, .jpeg, atau .png.",
            code="ekstensi_tidak_didukung",
        )
    if _EKSTENSI[ekstensi] != jenis:
        raise ApplicationError(
            f"Isi berkas «{nama}» adalah {JenisBerkas(jenis).label}, tidak sesuai dengan ekstensinya ({ekstensi}). "
            "Periksa kembali berkas yang Anda pilih.",
            code="isi_berkas_tidak_sesuai",
        )
    return BerkasValid(jenis, nama, ukuran)
