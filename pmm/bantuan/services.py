"""Every write of Pusat Bantuan: one transaction each; bad input raises an Indonesian
``ApplicationError`` (per-field messages in ``detail``) and stores nothing, files included.

Decisions where the brief leaves a choice:

- A ticket needs a logged-in account (the desk answers by e-mail and the reporter follows the
  ticket in "Tiket saya"); the belajar.id e-mail is a field pre-filled from the account, because
  seed 000 asks for "email belajar.id yang digunakan untuk mengakses Pengelolaan Kinerja", which
  may differ from the account the reporter happens to use.
- Screenshots (seed 000): the error screenshot is required for access and sync problems; the
  Dapodik Jenis PTK and Status Kepegawaian screenshots for access problems. Each is PNG or JPEG
  judged by its first bytes (never by name or declared type), at most 5 MB, and stored under a
  random name with the extension of its real type.
- "Answered" (the SLA) is the first public reply by the desk; an internal note or a status change
  alone is not an answer, since the reporter learns nothing from them.
- Statuses move along ``TRANSITIONS``. The desk moves them; a reporter may only close their own
  ticket. A desk reply to a new ticket makes it "diproses"; a reporter's reply to a ticket waiting
  for them makes it "diproses" again. A closed ticket takes no reporter reply: a new problem is a
  new ticket, with its own SLA.
"""

import re
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from dapodik.choices import JenisPTK, StatusKepegawaian
from dapodik.services import email_belajar_id_errors
from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound

from . import permissions, sla
from .models import Balasan, JenisKlien, Kategori, RiwayatStatus, Status, Tiket

MAX_LAMPIRAN_BYTES = 5 * 1024 * 1024
MAX_TEKS = 5000

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.BARU: frozenset({Status.DIPROSES, Status.MENUNGGU_PELAPOR, Status.SELESAI}),
    Status.DIPROSES: frozenset({Status.MENUNGGU_PELAPOR, Status.SELESAI}),
    Status.MENUNGGU_PELAPOR: frozenset({Status.DIPROSES, Status.SELESAI}),
    Status.SELESAI: frozenset({Status.DIPROSES}),
}

# Seed 000: which screenshots each kind of problem must carry.
LAMPIRAN_WAJIB: dict[str, tuple[str, ...]] = {
    Kategori.AKSES: ("screenshot_error", "screenshot_jenis_ptk", "screenshot_status_kepegawaian"),
    Kategori.SINKRO: ("screenshot_error",),
}

LAMPIRAN_LABEL = {
    "screenshot_error": "Tangkapan layar pesan galat",
    "screenshot_jenis_ptk": "Tangkapan layar Dapodik bagian Jenis PTK",
    "screenshot_status_kepegawaian": "Tangkapan layar Dapodik bagian Status Kepegawaian",
}

_PNG = b"\x89PNG\r\n\x1a\n"
_VERSI_ANDROID = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){1,3}")
_KODE = re.compile(r"[A-Za-z0-9_.,:\- ]{1,200}")
KONTEKS_KEYS = ("kode", "jenis_ptk", "status_kepegawaian", "nip", "npsn")


# ---------------------------------------------------------------------------------------------------
# Checks (shared by the page and the API through tiket_create)


def image_kind(upload) -> str | None:
    """``"png"``/``"jpg"`` when the content starts like one, else ``None``."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(_PNG) and head[12:16] == b"IHDR":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _lampiran_errors(field: str, upload) -> list[str]:
    label = LAMPIRAN_LABEL[field]
    size = getattr(upload, "size", None) or 0
    if size == 0:
        return [f"{label}: berkas kosong."]
    if size > MAX_LAMPIRAN_BYTES:
        return [f"{label}: ukuran berkas {size / 1024 / 1024:.1f} MB melebihi batas 5 MB."]
    if image_kind(upload) is None:
        return [
            f"{label}: berkas bukan gambar PNG atau JPEG. Isi berkas yang diperiksa, bukan nama "
            "berkasnya; simpan tangkapan layar sebagai PNG atau JPG lalu unggah kembali."
        ]
    return []


def _text_errors(value, label: str, *, required: bool, max_length: int) -> list[str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [f"{label} wajib diisi."] if required else []
    if not isinstance(value, str):
        return [f"{label} tidak valid."]
    if "\x00" in value:
        return [f"{label} berisi karakter yang tidak diizinkan."]
    if len(value) > max_length:
        return [f"{label} paling panjang {max_length} karakter."]
    return []


def _konteks_clean(raw, errors: dict) -> dict:
    konteks = {}
    for key, value in (raw or {}).items():
        if key not in KONTEKS_KEYS or value in (None, ""):
            continue
        value = str(value).strip()
        if not value:
            continue
        if key == "kode" and not _KODE.fullmatch(value):
            errors.setdefault("kode", []).append(
                "Kode galat hanya boleh berisi huruf, angka, titik, koma, garis bawah atau tanda hubung "
                "(paling panjang 200 karakter)."
            )
        elif key == "jenis_ptk" and value not in JenisPTK.values:
            errors.setdefault("jenis_ptk", []).append("Jenis PTK tidak dikenal.")
        elif key == "status_kepegawaian" and value not in StatusKepegawaian.values:
            errors.setdefault("status_kepegawaian", []).append("Status kepegawaian tidak dikenal.")
        elif key == "nip" and not (value.isascii() and value.isdigit() and len(value) == 18):
            errors.setdefault("nip", []).append("NIP / NI PPPK harus 18 digit angka.")
        elif key == "npsn" and not (value.isascii() and value.isdigit() and len(value) == 8):
            errors.setdefault("npsn", []).append("NPSN harus 8 digit angka.")
        konteks[key] = value
    return konteks


def _tiket_errors(*, email, kategori, klien_jenis, klien_versi, deskripsi, files) -> dict:
    errors: dict[str, list[str]] = {}

    def add(field, messages):
        if messages:
            errors.setdefault(field, []).extend(messages)

    add("email", _text_errors(email, "E-mail belajar.id", required=True, max_length=254))
    if "email" not in errors:
        add("email", email_belajar_id_errors(email))
    if kategori not in Kategori.values:
        add("kategori", ["Kategori kendala wajib dipilih."])
    if klien_jenis not in JenisKlien.values:
        add("klien_jenis", ["Pilih: aplikasi Android PMM atau browser."])
    versi_label = "Versi aplikasi" if klien_jenis == JenisKlien.ANDROID else "Nama browser"
    add("klien_versi", _text_errors(klien_versi, versi_label, required=True, max_length=120))
    if (
        "klien_versi" not in errors
        and klien_jenis == JenisKlien.ANDROID
        and not _VERSI_ANDROID.fullmatch(klien_versi.strip().lstrip("vV"))
    ):
        add(
            "klien_versi",
            ["Versi aplikasi Android ditulis seperti 1.47 (lihat menu Pengaturan di aplikasi)."],
        )
    add("deskripsi", _text_errors(deskripsi, "Uraian kendala", required=True, max_length=MAX_TEKS))
    for field, upload in files.items():
        if upload is not None:
            add(field, _lampiran_errors(field, upload))
    for field in LAMPIRAN_WAJIB.get(kategori, ()):
        if files.get(field) is None:
            add(
                field,
                [f"{LAMPIRAN_LABEL[field]} wajib dilampirkan untuk kategori {Kategori(kategori).label}."],
            )
    return errors


# ---------------------------------------------------------------------------------------------------
# Tickets


def _history(tiket, *, oleh, dari, ke, catatan, waktu) -> RiwayatStatus:
    return RiwayatStatus.objects.create(
        tiket=tiket, oleh=oleh, dari=dari, ke=ke, catatan=catatan, waktu=waktu
    )


def tiket_create(
    *,
    pelapor,
    email: str,
    kategori: str,
    klien_jenis: str,
    klien_versi: str,
    deskripsi: str,
    konteks: dict | None = None,
    screenshot_error=None,
    screenshot_jenis_ptk=None,
    screenshot_status_kepegawaian=None,
) -> Tiket:
    """File a ticket received now (simulated clock), due 8 working hours later (sla.py)."""
    email = (email or "").strip().lower() if isinstance(email, str) else email
    klien_versi = klien_versi.strip() if isinstance(klien_versi, str) else klien_versi
    files = {
        "screenshot_error": screenshot_error,
        "screenshot_jenis_ptk": screenshot_jenis_ptk,
        "screenshot_status_kepegawaian": screenshot_status_kepegawaian,
    }
    errors = _tiket_errors(
        email=email,
        kategori=kategori,
        klien_jenis=klien_jenis,
        klien_versi=klien_versi,
        deskripsi=deskripsi,
        files=files,
    )
    konteks = _konteks_clean(konteks, errors)
    if errors:
        raise ApplicationError(
            "Tiket belum dapat dikirim. Periksa isian yang ditandai.", code="tiket_invalid", detail=errors
        )
    saved = []
    try:
        with transaction.atomic():
            now = clock.now()
            tiket = Tiket(
                pelapor=pelapor,
                email=email,
                kategori=kategori,
                klien_jenis=klien_jenis,
                klien_versi=klien_versi,
                deskripsi=deskripsi.strip(),
                konteks=konteks,
                status=Status.BARU,
                received_at=now,
                due_at=sla.due_at(now),
                updated_at=now,
            )
            for field, upload in files.items():
                if upload is not None:
                    name = f"{uuid.uuid4().hex}.{image_kind(upload)}"
                    getattr(tiket, field).save(name, upload, save=False)
                    saved.append(getattr(tiket, field))
            tiket.save()
            _history(tiket, oleh=pelapor, dari="", ke=Status.BARU, catatan="Tiket diterima.", waktu=now)
            transaction.on_commit(lambda: _queue_receipt(tiket.pk))
    except Exception:
        # A failed insert must not leave orphan screenshots on disk.
        for stored in saved:
            stored.storage.delete(stored.name)
        raise
    return tiket


def _queue_receipt(tiket_id: int) -> None:
    from .tasks import tiket_receipt_email

    tiket_receipt_email.delay(tiket_id)


def _queue_reply_email(balasan_id: int) -> None:
    from .tasks import balasan_email

    balasan_email.delay(balasan_id)


def _locked(actor, tiket_id: int) -> Tiket:
    tiket = Tiket.objects.select_for_update().filter(pk=tiket_id).first()
    if tiket is None or not permissions.can_see(actor, tiket):
        raise NotFound("Tiket tidak ditemukan.")
    return tiket


@transaction.atomic
def tiket_reply(*, actor, tiket_id: int, teks: str, internal: bool = False) -> Balasan:
    tiket = _locked(actor, tiket_id)
    as_desk = permissions.acts_as_desk(actor, tiket)
    errors = _text_errors(teks, "Balasan", required=True, max_length=MAX_TEKS)
    if errors:
        raise ApplicationError(errors[0], code="balasan_invalid", detail={"teks": errors})
    if internal and not as_desk:
        raise Forbidden("Catatan internal hanya dapat ditulis petugas Pusat Bantuan.")
    if tiket.status == Status.SELESAI and not as_desk:
        raise ApplicationError(
            "Tiket ini sudah selesai. Jika kendala muncul lagi, buat tiket baru.", code="tiket_selesai"
        )
    now = clock.now()
    balasan = Balasan.objects.create(
        tiket=tiket,
        penulis=actor.user,
        teks=teks.strip(),
        dari_petugas=as_desk,
        internal=internal,
        dibuat_at=now,
    )
    fields = ["updated_at"]
    if as_desk and not internal:
        if tiket.first_response_at is None:
            tiket.first_response_at = now
            fields.append("first_response_at")
        if tiket.status == Status.BARU:
            _history(
                tiket,
                oleh=actor.user,
                dari=tiket.status,
                ke=Status.DIPROSES,
                catatan="Dibalas petugas.",
                waktu=now,
            )
            tiket.status = Status.DIPROSES
            fields.append("status")
        transaction.on_commit(lambda: _queue_reply_email(balasan.pk))
    elif not as_desk and tiket.status == Status.MENUNGGU_PELAPOR:
        _history(
            tiket,
            oleh=actor.user,
            dari=tiket.status,
            ke=Status.DIPROSES,
            catatan="Pelapor menanggapi.",
            waktu=now,
        )
        tiket.status = Status.DIPROSES
        fields.append("status")
    tiket.updated_at = now
    tiket.save(update_fields=fields)
    return balasan


@transaction.atomic
def tiket_status_change(*, actor, tiket_id: int, status: str, catatan: str = "") -> Tiket:
    tiket = _locked(actor, tiket_id)
    if status not in Status.values:
        raise ApplicationError(
            "Status tidak dikenal.", code="status_invalid", detail={"status": ["Status tidak dikenal."]}
        )
    errors = _text_errors(catatan, "Catatan", required=False, max_length=500)
    if errors:
        raise ApplicationError(errors[0], code="catatan_invalid", detail={"catatan": errors})
    if tiket.status == status:
        raise ApplicationError(f"Status tiket sudah {Status(status).label}.", code="status_sama")
    if not permissions.acts_as_desk(actor, tiket) and status != Status.SELESAI:
        raise Forbidden(
            "Pelapor hanya dapat menandai tiketnya selesai; status lain diubah petugas Pusat Bantuan."
        )
    if status not in TRANSITIONS[tiket.status]:
        raise ApplicationError(
            f"Status tidak dapat diubah dari {Status(tiket.status).label} ke {Status(status).label}.",
            code="transisi_tidak_sah",
            status=409,
        )
    now = clock.now()
    _history(tiket, oleh=actor.user, dari=tiket.status, ke=status, catatan=(catatan or "").strip(), waktu=now)
    tiket.status = status
    tiket.selesai_at = now if status == Status.SELESAI else None
    tiket.updated_at = now
    tiket.save(update_fields=["status", "selesai_at", "updated_at"])
    return tiket


# ---------------------------------------------------------------------------------------------------
# E-mails (run by the tasks, after commit). Each sends at most once, whatever the retries.


def _link(tiket: Tiket) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}/bantuan/tiket/{tiket.pk}/"


@transaction.atomic
def tiket_receipt_email_send(*, tiket_id: int) -> bool:
    tiket = Tiket.objects.select_for_update().filter(pk=tiket_id).first()
    if tiket is None or tiket.email_terkirim_at is not None:
        return False
    body = (
        f"Laporan Anda telah kami terima dengan nomor tiket {tiket.nomor} "
        f"(kategori: {tiket.get_kategori_display()}).\n\n"
        f"Diterima: {sla.format_wib(tiket.received_at)}\n"
        f"Tim kami akan merespons paling lambat {sla.format_wib(tiket.due_at)}.\n\n"
        "Jam kerja Pusat Bantuan: Senin–Jumat pukul 08.00–18.00 WIB, di luar hari libur nasional.\n"
        f"Ikuti perkembangan tiket Anda di {_link(tiket)}\n"
    )
    send_mail(f"[Pusat Bantuan] Tiket {tiket.nomor} diterima", body, None, [tiket.email])
    tiket.email_terkirim_at = clock.now()
    tiket.save(update_fields=["email_terkirim_at"])
    return True


@transaction.atomic
def balasan_email_send(*, balasan_id: int) -> bool:
    balasan = (
        Balasan.objects.select_for_update(of=("self",))
        .select_related("tiket")
        .filter(pk=balasan_id, internal=False, dari_petugas=True)
        .first()
    )
    if balasan is None or balasan.email_terkirim_at is not None:
        return False
    tiket = balasan.tiket
    body = (
        f"Petugas Pusat Bantuan membalas tiket {tiket.nomor}:\n\n{balasan.teks}\n\n"
        f"Status tiket: {tiket.get_status_display()}. Tanggapi atau lihat tiket di {_link(tiket)}\n"
    )
    send_mail(f"[Pusat Bantuan] Balasan untuk tiket {tiket.nomor}", body, None, [tiket.email])
    balasan.email_terkirim_at = clock.now()
    balasan.save(update_fields=["email_terkirim_at"])
    return True
