"""Page forms: they parse input; the rules (required screenshots, image content, e-mail, version)
live in services.tiket_create, whose per-field errors ``apply_errors`` puts back on the form.

``initial_from_query`` reads the links of the access page (kinerja/access.py ``helpdesk_url``) and
of the sync error displays. Accepted parameters: ``email``, ``kategori`` (or ``topik``; values of
``Kategori`` or the short forms ``akses``/``sinkro``/``akun``/``lainnya``), ``kode`` (an access
reason code list or a sync error code such as ``E03``), ``versi_aplikasi`` (``1.47``, ``Aplikasi
Android 1.47`` or ``Browser: <name>``), ``jenis_ptk``, ``status_kepegawaian``, ``nip``, ``npsn``,
``pesan``. Unknown or malformed values are dropped, never an error: it is only a pre-fill.
"""

import re

from django import forms

from dapodik.choices import JenisPTK, StatusKepegawaian
from pmm.errors import ApplicationError

from .models import JenisKlien, Kategori, Status
from .selectors import STATUS_FILTER_CHOICES

KATEGORI_ALIASES = {
    "akses": Kategori.AKSES,
    "sinkro": Kategori.SINKRO,
    "sinkron": Kategori.SINKRO,
    "akun": Kategori.AKUN_DINAS,
    "pic": Kategori.AKUN_DINAS,
    "lainnya": Kategori.LAINNYA,
}
_ANDROID_LABEL = re.compile(r"android\D{0,20}([0-9]{1,4}(?:\.[0-9]{1,4}){1,3})", re.IGNORECASE)
_VERSION_ONLY = re.compile(r"v?([0-9]{1,4}(?:\.[0-9]{1,4}){1,3})", re.IGNORECASE)
_APP_UA = re.compile(r"MerdekaMengajar/([0-9]{1,4}(?:\.[0-9]{1,4}){1,3})", re.IGNORECASE)
# Most specific first: Edge and Opera also announce Chrome, Chrome announces Safari.
_BROWSERS = (
    ("Microsoft Edge", re.compile(r"Edg(?:e|A|iOS)?/([0-9]+)")),
    ("Opera", re.compile(r"(?:OPR|Opera)/([0-9]+)")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/([0-9]+)")),
    ("Firefox", re.compile(r"(?:Firefox|FxiOS)/([0-9]+)")),
    ("Chrome", re.compile(r"(?:Chrome|CriOS)/([0-9]+)")),
    ("Safari", re.compile(r"Version/([0-9]+).*Safari/")),
)


def _char(label, *, required=True, max_length=None, help_text="", widget=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": f"{label} wajib diisi.",
            "max_length": f"{label} paling panjang %(limit_value)d karakter.",
            "null_characters_not_allowed": f"{label} berisi karakter yang tidak diizinkan.",
        },
    )


def _choice(label, choices, *, required=True):
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=[("", "— pilih —"), *choices],
        error_messages={"required": f"{label} wajib dipilih.", "invalid_choice": f"{label} tidak dikenal."},
    )


def _image(label, help_text):
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        allow_empty_file=True,  # the service reports an empty file in Indonesian
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        error_messages={
            "invalid": f"{label}: berkas tidak terbaca.",
            "missing": f"{label}: berkas tidak terkirim.",
        },
    )


class Indonesian:
    def apply_errors(self, error: ApplicationError) -> None:
        placed = False
        if isinstance(error.detail, dict):
            for field, messages in error.detail.items():
                if field in self.fields and isinstance(messages, list):
                    for message in messages:
                        self.add_error(field, message)
                        placed = True
        if not placed:
            self.add_error(None, error.message)


class TiketForm(Indonesian, forms.Form):
    email = _char(
        "E-mail belajar.id",
        max_length=254,
        help_text="E-mail belajar.id yang Anda gunakan untuk membuka Pengelolaan Kinerja.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kategori = _choice("Kategori kendala", Kategori.choices)
    klien_jenis = forms.ChoiceField(
        label="Anda membuka PMM melalui",
        choices=JenisKlien.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Pilih: aplikasi Android PMM atau browser.",
            "invalid_choice": "Pilihan tidak dikenal.",
        },
    )
    klien_versi = _char(
        "Versi aplikasi / nama browser",
        max_length=120,
        help_text="Aplikasi Android: versi di menu Pengaturan (minimal 1.47). Browser: nama dan versinya, mis. Chrome 120.",
    )
    deskripsi = _char(
        "Uraian kendala",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Apa yang Anda lakukan, pesan yang muncul, dan sejak kapan.",
    )
    kode = _char("Kode galat / alasan", required=False, max_length=200)
    jenis_ptk = _choice("Jenis PTK di Dapodik", JenisPTK.choices, required=False)
    status_kepegawaian = _choice("Status kepegawaian di Dapodik", StatusKepegawaian.choices, required=False)
    nip = _char(
        "NIP / NI PPPK", required=False, max_length=18, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    npsn = _char(
        "NPSN sekolah", required=False, max_length=8, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    screenshot_error = _image(
        "Tangkapan layar pesan galat", "PNG atau JPG, maks. 5 MB. Wajib untuk kendala akses dan sinkronisasi."
    )
    screenshot_jenis_ptk = _image(
        "Tangkapan layar Dapodik: Jenis PTK", "PNG atau JPG, maks. 5 MB. Wajib untuk kendala akses."
    )
    screenshot_status_kepegawaian = _image(
        "Tangkapan layar Dapodik: Status Kepegawaian", "PNG atau JPG, maks. 5 MB. Wajib untuk kendala akses."
    )

    KONTEKS_FIELDS = ("kode", "jenis_ptk", "status_kepegawaian", "nip", "npsn")
    LAMPIRAN_FIELDS = ("screenshot_error", "screenshot_jenis_ptk", "screenshot_status_kepegawaian")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            name: data[name] for name in ("email", "kategori", "klien_jenis", "klien_versi", "deskripsi")
        }
        kwargs["konteks"] = {name: data[name] for name in self.KONTEKS_FIELDS if data.get(name)}
        for name in self.LAMPIRAN_FIELDS:
            kwargs[name] = data.get(name) or None
        return kwargs


def _klien_from_text(text: str) -> tuple[str, str] | None:
    text = text.strip()[:200]
    if not text:
        return None
    match = _ANDROID_LABEL.search(text) or _VERSION_ONLY.fullmatch(text)
    if match:
        return JenisKlien.ANDROID, match.group(1)
    if text.lower().startswith("browser"):
        name = text.split(":", 1)[1].strip() if ":" in text else ""
        return JenisKlien.BROWSER, browser_name(name) or name[:120]
    return JenisKlien.BROWSER, browser_name(text) or text[:120]


def browser_name(user_agent: str) -> str:
    for name, pattern in _BROWSERS:
        match = pattern.search(user_agent or "")
        if match:
            return f"{name} {match.group(1)}"
    return ""


def _klien_from_request(meta) -> tuple[str, str]:
    header = str(meta.get("HTTP_X_PMM_APP_VERSION", "")).strip()
    if header and _VERSION_ONLY.fullmatch(header):
        return JenisKlien.ANDROID, header.lstrip("vV")
    user_agent = str(meta.get("HTTP_USER_AGENT", ""))[:400]
    match = _APP_UA.search(user_agent)
    if match:
        return JenisKlien.ANDROID, match.group(1)
    return JenisKlien.BROWSER, browser_name(user_agent)


def initial_from_query(params, *, user, ptk, meta) -> dict:
    """Initial values of a new ticket: the query string first, then the account and Dapodik."""

    def get(name, limit=200):
        value = params.get(name, "")
        return value.strip()[:limit] if isinstance(value, str) and "\x00" not in value else ""

    initial = {"email": get("email", 254) or user.email}
    kategori = get("kategori") or get("topik")
    kategori = KATEGORI_ALIASES.get(kategori.lower(), kategori)
    if kategori in Kategori.values:
        initial["kategori"] = kategori
    klien = _klien_from_text(get("versi_aplikasi")) or _klien_from_request(meta)
    initial["klien_jenis"], initial["klien_versi"] = klien
    if get("kode"):
        initial["kode"] = get("kode")
    dapodik = {}
    if ptk is not None:
        dapodik = {
            "jenis_ptk": ptk.jenis_ptk,
            "status_kepegawaian": ptk.status_kepegawaian,
            "nip": ptk.nip or "",
            "npsn": ptk.sekolah.npsn,
        }
    for name, choices in (("jenis_ptk", JenisPTK.values), ("status_kepegawaian", StatusKepegawaian.values)):
        value = get(name) or dapodik.get(name, "")
        if value in choices:
            initial[name] = value
    for name, length in (("nip", 18), ("npsn", 8)):
        value = get(name) or dapodik.get(name, "")
        if value.isascii() and value.isdigit() and len(value) == length:
            initial[name] = value
    if get("pesan", 5000):
        initial["deskripsi"] = get("pesan", 5000)
    return initial


class BalasanForm(forms.Form):
    teks = _char("Balasan", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(label="Catatan internal (tidak terlihat oleh pelapor)", required=False)


class StatusForm(forms.Form):
    status = _choice("Ubah status ke", Status.choices)
    catatan = _char("Catatan", required=False, max_length=500)


class AntreanFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTER_CHOICES, required=False)
    kategori = forms.ChoiceField(
        label="Kategori", choices=[("", "Semua kategori"), *Kategori.choices], required=False
    )
    lewat_sla = forms.BooleanField(label="Hanya yang melewati batas respons", required=False)
