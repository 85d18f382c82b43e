from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pmm import clock
from pmm.roles import Role
from tests import factories as f

WIB = ZoneInfo("Asia/Jakarta")

# Smallest byte strings that start like the real formats (the check reads the first bytes only).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def set_clock(*args) -> datetime:
    moment = wib(*args)
    clock.clock_set(moment=moment)
    return moment


def png(name="galat.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def jpeg(name="dapodik.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def akses_data(**overrides) -> dict:
    """A complete access-problem ticket as the form posts it (seed 000's list of attachments)."""
    data = {
        "email": "pelapor@guru.sd.belajar.id",
        "kategori": "akses_pengelolaan_kinerja",
        "klien_jenis": "android",
        "klien_versi": "1.47",
        "deskripsi": "Menu Pengelolaan Kinerja menampilkan pesan tidak berhak.",
        "kode": "jenis_ptk_tidak_berhak",
        "screenshot_error": png(),
        "screenshot_jenis_ptk": jpeg("jenis.jpg"),
        "screenshot_status_kepegawaian": jpeg("status.jpg"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def helpdesk(db):
    user = f.UserFactory(email="petugas@pusatbantuan.simulator-pmm.id", nama="Petugas Bantuan")
    f.grant(user, Role.HELPDESK)
    return user


@pytest.fixture
def pelapor(db):
    return f.PTKFactory().user


@pytest.fixture
def pelapor_lain(db):
    return f.PTKFactory().user


@pytest.fixture
def make_tiket(db):
    """Files a ticket through the service at a given simulated WIB moment."""
    from pmm.bantuan import services

    def _make(user, at=(2025, 11, 17, 9, 0), **overrides):
        set_clock(*at)
        data = {
            "email": user.email if user.email.endswith(".belajar.id") else "x@guru.sd.belajar.id",
            "kategori": "lainnya",
            "klien_jenis": "browser",
            "klien_versi": "Chrome 120",
            "deskripsi": "Tidak bisa membuka halaman.",
        }
        data.update(overrides)
        return services.tiket_create(pelapor=user, **data)

    return _make
