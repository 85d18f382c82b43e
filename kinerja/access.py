"""Who may open Pengelolaan Kinerja and who may sync it to e-Kinerja (seed 000, DESIGN.md §3).

Seed 000: the pages are for Guru and Kepala Sekolah who are ASN (PNS, PPPK) under a Pemda, use
e-Kinerja, and whose jenis PTK is one of ``JENIS_PTK_PENGELOLAAN_KINERJA``; non-ASN under a Pemda
are recommended to use it too, but only ASN sync (DESIGN.md §4 error #7). ASN here means
``STATUS_ASN_SINKRO`` (PNS, PPPK, CPNS, PNS Diperbantukan), the statuses e-Kinerja accepts.

Levels: ``PENUH`` (may use and sync), ``TANPA_SINKRO`` (may use, never sync), ``DITOLAK``.

Decision table (jenis PTK in the seed 000 list; any other jenis PTK adds ``jenis_ptk`` and the
result is DITOLAK whatever the row below says):

| status kepegawaian                         | sekolah negeri + Pemda | sekolah swasta (yayasan) |
|--------------------------------------------|------------------------|--------------------------|
| PNS, PPPK, CPNS, PNS Diperbantukan         | PENUH                  | DITOLAK asn_sekolah_swasta |
| GTT/PTT Provinsi, GTT/PTT Kabupaten/Kota,  | TANPA_SINKRO non_asn   | DITOLAK sekolah_swasta   |
| Guru Honor Sekolah, Tenaga Honor Sekolah,  |                        |                          |
| Lainnya                                    |                        |                          |
| PNS DEPAG                                  | DITOLAK naungan_kemenag | DITOLAK naungan_kemenag |
| GTY/PTY                                    | DITOLAK naungan_yayasan | DITOLAK naungan_yayasan |
| Guru Bantu Pusat                           | DITOLAK naungan_pusat  | DITOLAK naungan_pusat    |

- A negeri school without an instansi (Pemda) in Dapodik is a data gap: statuses of the first two
  rows give DITOLAK ``sekolah_tanpa_pemda`` (the other rows keep their own reason).
- No PTK linked to the account: DITOLAK ``tanpa_ptk`` and nothing else is checked.
- PNS Diperbantukan at a swasta school leaves PMM and uses e-Kinerja directly with the unor and
  atasan of e-Kinerja (REFERENCE.md §3i); a PNS/PPPK/CPNS recorded at a swasta school is in the same
  situation, so they share ``asn_sekolah_swasta``.
- PNS DEPAG are employees of Kemenag, Guru Bantu Pusat of the central government, GTY/PTY of a
  yayasan: none of them is under a Pemda, even when Dapodik places them at a negeri school.
- Status "Lainnya" at a negeri school is treated as non-ASN under the Pemda: the school is the
  Pemda's, and the status is not one e-Kinerja accepts.
- "Sudah menggunakan e-Kinerja" cannot be seen from PMM; the sync preflight checks it (error #1).

Android client (seed 000, checklist step 3): the app sends ``X-PMM-App-Version: 1.46`` or a
User-Agent with ``MerdekaMengajar/1.46``. Below ``settings.PMM_ANDROID_MIN_VERSION`` adds
``versi_aplikasi``; an unreadable version adds ``versi_aplikasi_tidak_dikenal``; both are DITOLAK
because the minimum version cannot be confirmed. Browsers are not version-checked.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from rest_framework.permissions import BasePermission

from dapodik.choices import (
    JENIS_PTK_PENGELOLAAN_KINERJA,
    STATUS_ASN_SINKRO,
    JenisPTK,
    StatusKepegawaian,
    StatusSekolah,
)
from pmm.errors import Forbidden

# The helpdesk ticket form comes with the Pusat Bantuan issue; until then this link only carries
# the pre-filled context (DESIGN.md §6).
HELPDESK_NEW_TICKET_URL = "/bantuan/tiket/baru/"

APP_VERSION_HEADER = "HTTP_X_PMM_APP_VERSION"
_UA_APP = re.compile(r"MerdekaMengajar/([^\s;)]*)", re.IGNORECASE)
_VERSION = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6}){0,3}")

# Jenis PTK of tenaga kependidikan: Pengelolaan Kinerja is not for them at all, so the fix is
# only meaningful when Dapodik records the wrong jenis for someone who actually teaches.
_JENIS_TENDIK = frozenset({JenisPTK.TENAGA_ADMINISTRASI, JenisPTK.LABORAN, JenisPTK.PUSTAKAWAN})


class Level(StrEnum):
    PENUH = "penuh"
    TANPA_SINKRO = "tanpa_sinkro"
    DITOLAK = "ditolak"


LEVEL_LABELS = {
    Level.PENUH: "Dapat menggunakan Pengelolaan Kinerja dan sinkron ke e-Kinerja",
    Level.TANPA_SINKRO: "Dapat menggunakan Pengelolaan Kinerja, tetapi tidak dapat sinkron ke e-Kinerja",
    Level.DITOLAK: "Belum dapat menggunakan Pengelolaan Kinerja",
}


class Blocks(StrEnum):
    """What a failed requirement stops: the whole feature, or only the sync to e-Kinerja."""

    AKSES = "akses"
    SINKRO = "sinkro"


@dataclass(frozen=True)
class ClientInfo:
    """How the user reaches PMM: the Android app (with its version) or a browser."""

    kind: str  # "android" or "browser"
    version_text: str = ""
    version: tuple[int, ...] | None = None
    user_agent: str = ""

    @property
    def is_android(self) -> bool:
        return self.kind == "android"

    @property
    def label(self) -> str:
        if not self.is_android:
            return f"Browser: {self.user_agent[:120]}" if self.user_agent else "Browser"
        if self.version is None:
            return f"Aplikasi Android versi tidak dikenal ({self.version_text[:20]!r})"
        return f"Aplikasi Android {self.version_text}"


BROWSER = ClientInfo(kind="browser")


def parse_version(text) -> tuple[int, ...] | None:
    """``"1.47"`` → ``(1, 47)``; anything that is not dotted digits → ``None``."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text[:1] in ("v", "V"):
        text = text[1:]
    if not _VERSION.fullmatch(text):
        return None
    return tuple(int(part) for part in text.split("."))


def client_from_meta(meta) -> ClientInfo:
    """Reads the client from request headers (``request.META``)."""
    user_agent = str(meta.get("HTTP_USER_AGENT", ""))[:400]
    if APP_VERSION_HEADER in meta:
        text = str(meta[APP_VERSION_HEADER])[:40].strip()
        return ClientInfo("android", text, parse_version(text), user_agent)
    match = _UA_APP.search(user_agent)
    if match:
        text = match.group(1)[:40]
        return ClientInfo("android", text, parse_version(text), user_agent)
    return ClientInfo("browser", user_agent=user_agent)


def min_android_version() -> str:
    return settings.PMM_ANDROID_MIN_VERSION


@dataclass(frozen=True)
class FailedRequirement:
    code: str
    requirement: str  # the requirement, as seed 000 words it
    explanation: str  # why this user fails it
    fix: str  # the exact step and who takes it
    fixer: str  # who must act
    blocks: Blocks = Blocks.AKSES

    def as_dict(self) -> dict:
        return {
            "kode": self.code,
            "syarat": self.requirement,
            "penjelasan": self.explanation,
            "perbaikan": self.fix,
            "pihak": self.fixer,
            "menghalangi": str(self.blocks),
        }


@dataclass(frozen=True)
class AccessResult:
    level: Level
    failures: tuple[FailedRequirement, ...] = ()
    client: ClientInfo = field(default=BROWSER)

    @property
    def may_use(self) -> bool:
        return self.level != Level.DITOLAK

    @property
    def may_sync(self) -> bool:
        return self.level == Level.PENUH

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.failures]

    def as_dict(self) -> dict:
        return {
            "level": str(self.level),
            "keterangan": self.level_label,
            "boleh_akses": self.may_use,
            "boleh_sinkro": self.may_sync,
            "syarat_gagal": [f.as_dict() for f in self.failures],
            "klien": {
                "jenis": self.client.kind,
                "versi": self.client.version_text or None,
                "versi_dikenali": self.client.version is not None if self.client.is_android else None,
                "keterangan": self.client.label,
            },
            "versi_android_minimum": min_android_version(),
        }


OPERATOR = "Operator Sekolah"
PENGGUNA = "Anda sendiri"
DINAS = "Dinas Pendidikan / Operator Sekolah"

SYARAT_PTK = "Akun belajar.id terhubung dengan data PTK di Dapodik"
SYARAT_JENIS = "Jenis PTK (Jenis GTK) termasuk guru atau kepala sekolah yang dilayani Pengelolaan Kinerja"
SYARAT_PEMDA = "Guru atau kepala sekolah di bawah naungan Pemerintah Daerah"
SYARAT_ASN = "Berstatus ASN (PNS, PPPK, CPNS atau PNS Diperbantukan) untuk sinkron ke e-Kinerja"
SYARAT_VERSI = "Aplikasi Merdeka Mengajar di Android minimal versi {min}"


def _no_ptk() -> FailedRequirement:
    return FailedRequirement(
        "tanpa_ptk",
        SYARAT_PTK,
        "Akun belajar.id Anda tidak terhubung dengan data PTK mana pun di Dapodik, sehingga PMM tidak "
        "mengetahui sekolah, Jenis PTK, dan status kepegawaian Anda. Akun operator, dinas, dan admin "
        "memang tidak memiliki Pengelolaan Kinerja.",
        "Jika Anda guru atau kepala sekolah, minta Operator Sekolah mencatat e-mail belajar.id Anda pada "
        "data PTK Anda di Dapodik, lalu masuk kembali dengan akun belajar.id tersebut.",
        OPERATOR,
    )


def _jenis_failure(ptk) -> FailedRequirement | None:
    if ptk.jenis_ptk in JENIS_PTK_PENGELOLAAN_KINERJA:
        return None
    label = ptk.get_jenis_ptk_display()
    allowed = ", ".join(sorted(JenisPTK(j).label for j in JENIS_PTK_PENGELOLAAN_KINERJA))
    if ptk.jenis_ptk in _JENIS_TENDIK:
        fix = (
            f"Pengelolaan Kinerja hanya untuk guru dan kepala sekolah. Jika Anda sebenarnya bertugas "
            f"sebagai guru, minta Operator Sekolah memperbarui Jenis PTK di Dapodik (saat ini {label}) "
            f"sesuai tugas Anda, lalu tunggu data tersinkron ke PMM."
        )
    else:
        fix = (
            f"Minta Operator Sekolah memperbarui Jenis PTK di Dapodik (saat ini {label}) menjadi jenis "
            f"yang sesuai tugas Anda, misalnya Guru Kelas, Guru Mapel, atau Guru Pendamping Khusus, lalu "
            f"tunggu data tersinkron ke PMM."
        )
    return FailedRequirement(
        "jenis_ptk",
        SYARAT_JENIS,
        f"Jenis PTK Anda di Dapodik adalah {label}. Pengelolaan Kinerja hanya untuk Jenis PTK: {allowed}.",
        fix,
        OPERATOR,
    )


def _status_fix(label: str) -> str:
    return (
        f"Jika status kepegawaian Anda di Dapodik ({label}) tidak benar, minta Operator Sekolah "
        f"memperbarui Status Kepegawaian di Dapodik."
    )


def _naungan_failure(ptk) -> FailedRequirement | None:
    status = ptk.status_kepegawaian
    label = ptk.get_status_kepegawaian_display()
    sekolah = ptk.sekolah
    if status == StatusKepegawaian.PNS_DEPAG:
        return FailedRequirement(
            "naungan_kemenag",
            SYARAT_PEMDA,
            "Status kepegawaian Anda PNS DEPAG: Anda pegawai Kementerian Agama, bukan Pemerintah Daerah, "
            "sehingga kinerja Anda dikelola melalui sistem kinerja Kementerian Agama.",
            _status_fix(label)
            + " Jika benar, kelola kinerja Anda melalui e-Kinerja instansi Kementerian Agama.",
            OPERATOR,
        )
    if status == StatusKepegawaian.GTY_PTY:
        return FailedRequirement(
            "naungan_yayasan",
            SYARAT_PEMDA,
            "Status kepegawaian Anda GTY/PTY (guru/pegawai tetap yayasan): Anda di bawah yayasan, "
            "bukan Pemerintah Daerah.",
            _status_fix(label),
            OPERATOR,
        )
    if status == StatusKepegawaian.GURU_BANTU_PUSAT:
        return FailedRequirement(
            "naungan_pusat",
            SYARAT_PEMDA,
            "Status kepegawaian Anda Guru Bantu Pusat: Anda diangkat oleh pemerintah pusat, bukan "
            "Pemerintah Daerah.",
            _status_fix(label),
            OPERATOR,
        )
    asn = status in STATUS_ASN_SINKRO
    if sekolah.status == StatusSekolah.SWASTA:
        if asn:
            return FailedRequirement(
                "asn_sekolah_swasta",
                SYARAT_PEMDA,
                f"Anda ASN ({label}) yang bertugas di sekolah swasta {sekolah.nama}. ASN yang diperbantukan "
                "di sekolah swasta tidak menggunakan Pengelolaan Kinerja PMM: SKP Anda dikelola langsung "
                "di e-Kinerja BKN dengan unit kerja dan atasan dari e-Kinerja.",
                "Kelola SKP langsung di e-Kinerja BKN bersama Admin Instansi (BKD) Anda. Jika Anda sebenarnya "
                "bertugas di sekolah negeri, minta Operator Sekolah memperbarui data sekolah/penugasan Anda di "
                "Dapodik.",
                "Admin Instansi (BKD) / Operator Sekolah",
            )
        return FailedRequirement(
            "sekolah_swasta",
            SYARAT_PEMDA,
            f"Sekolah Anda ({sekolah.nama}) berstatus swasta, di bawah yayasan, bukan Pemerintah Daerah.",
            "Pengelolaan Kinerja PMM belum tersedia untuk guru sekolah swasta non-ASN. Jika data sekolah "
            "atau penugasan Anda di Dapodik keliru, minta Operator Sekolah memperbaruinya.",
            OPERATOR,
        )
    if sekolah.instansi_id is None:
        return FailedRequirement(
            "sekolah_tanpa_pemda",
            SYARAT_PEMDA,
            f"Sekolah negeri Anda ({sekolah.nama}) belum tercatat di bawah Pemerintah Daerah mana pun di "
            "Dapodik.",
            "Minta Operator Sekolah dan Dinas Pendidikan melengkapi Pemerintah Daerah (instansi) sekolah "
            "di Dapodik.",
            DINAS,
        )
    return None


def _asn_failure(ptk) -> FailedRequirement | None:
    if ptk.status_kepegawaian in STATUS_ASN_SINKRO:
        return None
    label = ptk.get_status_kepegawaian_display()
    return FailedRequirement(
        "non_asn",
        SYARAT_ASN,
        f"Status kepegawaian Anda di Dapodik adalah {label} (non-ASN). Guru non-ASN di bawah Pemerintah "
        "Daerah tetap dianjurkan menggunakan Pengelolaan Kinerja, tetapi hasilnya tidak disinkronkan ke "
        "e-Kinerja BKN.",
        "Gunakan Pengelolaan Kinerja tanpa sinkronisasi. Jika Anda sebenarnya PNS atau PPPK, minta "
        "Operator Sekolah memperbarui Status Kepegawaian di Dapodik.",
        OPERATOR,
        Blocks.SINKRO,
    )


def _version_failure(client: ClientInfo) -> FailedRequirement | None:
    if not client.is_android:
        return None
    minimum = min_android_version()
    requirement = SYARAT_VERSI.format(min=minimum)
    where = "Versi aplikasi dapat dilihat di menu Pengaturan aplikasi Merdeka Mengajar."
    if client.version is None:
        return FailedRequirement(
            "versi_aplikasi_tidak_dikenal",
            requirement,
            f"Versi aplikasi Merdeka Mengajar Anda tidak dapat dibaca ({client.version_text[:20]!r}), "
            f"sehingga tidak dapat dipastikan minimal versi {minimum}. {where}",
            f"Perbarui aplikasi ke versi {minimum} atau lebih baru melalui Google Play Store, atau buka "
            "PMM melalui browser.",
            PENGGUNA,
        )
    if client.version < parse_version(minimum):
        return FailedRequirement(
            "versi_aplikasi",
            requirement,
            f"Anda memakai aplikasi Merdeka Mengajar versi {client.version_text}. {where}",
            f"Perbarui aplikasi ke versi {minimum} atau lebih baru melalui Google Play Store, atau buka "
            "PMM melalui browser.",
            PENGGUNA,
        )
    return None


def access_evaluate(ptk, client: ClientInfo | None = None) -> AccessResult:
    """The access level of the PTK linked to an account (``None``: no PTK) from this client.

    Reads ``ptk.sekolah`` (select it with the PTK) and no other relation.
    """
    client = client or BROWSER
    version = _version_failure(client)
    if ptk is None:
        failures = [_no_ptk()]
    else:
        failures = [_jenis_failure(ptk), _naungan_failure(ptk)]
        # Whether they may sync only matters under a Pemda; elsewhere the naungan reason says it all.
        if failures[1] is None:
            failures.append(_asn_failure(ptk))
        failures = [f for f in failures if f is not None]
    if version is not None:
        failures.append(version)
    if any(f.blocks == Blocks.AKSES for f in failures):
        level = Level.DITOLAK
    elif failures:
        level = Level.TANPA_SINKRO
    else:
        level = Level.PENUH
    return AccessResult(level, tuple(failures), client)


def actor_of(request):
    from pmm.actors import actor_for

    actor = getattr(request, "actor", None)
    # Under DRF token authentication the user is known only after the view starts; an actor
    # computed before that would be anonymous.
    if actor is None or actor.user != request.user:
        actor = actor_for(request.user)
    return actor


def access_for_request(request) -> AccessResult:
    return access_evaluate(actor_of(request).ptk, client_from_meta(request.META))


# Seed 000: what to check before reporting, and what a report must carry.
CHECKLIST = (
    "Pastikan perangkat Anda terhubung ke internet dengan koneksi yang stabil. Coba muat ulang halaman "
    "atau tutup dan buka kembali browser/aplikasi Anda.",
    "Pastikan Anda masuk ke PMM menggunakan Akun belajar.id.",
    "Jika memakai aplikasi Merdeka Mengajar di Android, pastikan versinya minimal {min}.",
    "Versi aplikasi dapat dilihat di menu Pengaturan pada aplikasi Merdeka Mengajar.",
    "Hapus riwayat (cache) browser atau cache aplikasi Merdeka Mengajar Anda.",
)
HELPDESK_INFO = (
    "E-mail belajar.id yang Anda gunakan untuk membuka Pengelolaan Kinerja.",
    "Bukti versi aplikasi PMM yang digunakan, atau nama browser jika Anda memakai browser.",
    "Tangkapan layar (screenshot) pesan galat yang muncul saat membuka Pengelolaan Kinerja.",
    "Tangkapan layar halaman Dapodik bagian Jenis PTK (Jenis GTK).",
    "Tangkapan layar halaman Dapodik bagian Status Kepegawaian.",
)
HELPDESK_SLA = (
    "Tim Pusat Bantuan memeriksa laporan dalam 8 jam kerja (Senin–Jumat, 08.00–18.00 WIB, di luar "
    "libur nasional). Contoh: laporan yang diterima Senin pukul 09.00 dijawab Senin pukul 17.00; "
    "laporan yang diterima Jumat pukul 16.00 dijawab Senin berikutnya pukul 14.00. Jawaban dikirim "
    "melalui e-mail."
)


def checklist() -> list[str]:
    return [step.format(min=min_android_version()) for step in CHECKLIST]


def helpdesk_url(result: AccessResult, *, email: str = "", ptk=None) -> str:
    """A Pusat Bantuan ticket pre-filled with what seed 000 asks a report to carry."""
    params = {
        "topik": "akses_pengelolaan_kinerja",
        "email": email,
        "kode": ",".join(result.codes) or "tidak_ada",
        "versi_aplikasi": result.client.label,
    }
    if ptk is not None:
        params["jenis_ptk"] = ptk.jenis_ptk
        params["status_kepegawaian"] = ptk.status_kepegawaian
        params["npsn"] = ptk.sekolah.npsn
    return f"{HELPDESK_NEW_TICKET_URL}?{urlencode(params)}"


def _refusal(result: AccessResult) -> Forbidden:
    first = next(f for f in result.failures if f.blocks == Blocks.AKSES)
    return Forbidden(
        f"Anda belum dapat menggunakan Pengelolaan Kinerja: {first.explanation} {first.fix}",
        code="akses_kinerja_ditolak",
        detail={"level": str(result.level), "syarat_gagal": [f.as_dict() for f in result.failures]},
    )


def require_pengelolaan_kinerja(view):
    """For the Pengelolaan Kinerja pages: refused users go to the access page with the reason;
    under /api/ they get a 403 body ``{"code","message","detail"}``. The result is left on
    ``request.akses_kinerja`` so the page can hide the sync buttons for TANPA_SINKRO."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        is_api = request.path.startswith("/api/")
        if not request.user.is_authenticated:
            if is_api:
                body = {
                    "code": "not_authenticated",
                    "message": "Silakan masuk terlebih dahulu.",
                    "detail": {},
                }
                return JsonResponse(body, status=401)
            return redirect_to_login(request.get_full_path())
        result = access_for_request(request)
        if not result.may_use:
            error = _refusal(result)
            if is_api:
                return JsonResponse(error.as_dict(), status=error.status)
            messages.warning(
                request, "Anda belum dapat membuka Pengelolaan Kinerja. Lihat penyebab dan solusinya."
            )
            return redirect("kinerja:akses")
        request.akses_kinerja = result
        return view(request, *args, **kwargs)

    return wrapped


class HasPengelolaanKinerja(BasePermission):
    """DRF permission for the Pengelolaan Kinerja API: the same rule, the same 403 body."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        result = access_for_request(request)
        if not result.may_use:
            raise _refusal(result)
        request.akses_kinerja = result
        return True
