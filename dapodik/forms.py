"""Page forms: they only parse input (types, required fields); the rules live in dapodik.services,
whose per-field errors ``apply_errors`` puts back on the form."""

from django import forms

from pmm.errors import ApplicationError

from .choices import JenisKelamin, JenisPenugasan, JenisPTK, StatusKepegawaian


def _date_field(label, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": f"{label} wajib diisi.", "invalid": f"{label} bukan tanggal yang valid."},
    )


def _char(label, *, required=True, max_length=None, help_text="", attrs=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs or {}),
        error_messages={
            "required": f"{label} wajib diisi.",
            "max_length": f"{label} paling panjang %(limit_value)d karakter.",
            "null_characters_not_allowed": f"{label} berisi karakter yang tidak diizinkan.",
        },
    )


def _choice(label, choices, *, blank=False):
    return forms.ChoiceField(
        label=label,
        choices=([("", "— pilih —")] if blank else []) + list(choices),
        error_messages={"required": f"{label} wajib dipilih.", "invalid_choice": f"{label} tidak dikenal."},
    )


class Indonesian:
    """Puts a service's per-field errors (``ApplicationError.detail``) back on the form."""

    def apply_errors(self, error: ApplicationError) -> None:
        placed = False
        if isinstance(error.detail, dict):
            for field, messages in error.detail.items():
                if field in self.fields and isinstance(messages, list) and messages:
                    for message in messages:
                        self.add_error(field, message)
                    placed = True
        if not placed:
            self.add_error(None, error.message)


DIGITS = {"inputmode": "numeric", "autocomplete": "off"}


class PtkForm(Indonesian, forms.Form):
    nama = _char("Nama lengkap", max_length=150)
    nik = _char("NIK", max_length=40, attrs=DIGITS, help_text="16 digit, sesuai KTP.")
    nuptk = _char("NUPTK", required=False, max_length=40, attrs=DIGITS, help_text="16 digit, boleh kosong.")
    nip = _char(
        "NIP / NI PPPK",
        required=False,
        max_length=40,
        attrs=DIGITS,
        help_text="18 digit untuk PNS, CPNS dan PPPK; kosong untuk non-ASN.",
    )
    tanggal_lahir = _date_field("Tanggal lahir")
    jenis_kelamin = _choice("Jenis kelamin", JenisKelamin.choices, blank=True)
    jenis_ptk = _choice("Jenis PTK", JenisPTK.choices, blank=True)
    status_kepegawaian = _choice("Status kepegawaian", StatusKepegawaian.choices, blank=True)
    email = _char(
        "E-mail belajar.id",
        required=False,
        max_length=254,
        help_text="Contoh: nama@guru.sd.belajar.id. Akun dengan e-mail ini ditautkan ke PTK.",
    )
    tmt_tugas = _date_field("TMT tugas di sekolah ini")

    def __init__(self, *args, nip_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if nip_locked:
            self.fields["nip"].help_text = (
                "NIP yang sudah tercatat diubah melalui Verval PTK, kecuali bersama perubahan status "
                "kepegawaian (mis. PPPK menjadi PNS)."
            )


class TransferForm(Indonesian, forms.Form):
    npsn_tujuan = _char("NPSN sekolah tujuan", max_length=20, attrs=DIGITS)
    tanggal_efektif = _date_field("Tanggal efektif")


class KepalaAssignForm(Indonesian, forms.Form):
    jenis = _choice("Jenis penugasan", JenisPenugasan.choices)
    ptk = forms.ModelChoiceField(
        label="PTK sekolah ini",
        queryset=None,
        required=False,
        empty_label="— pilih —",
        error_messages={"invalid_choice": "PTK tidak ditemukan di sekolah ini."},
    )
    identitas = _char(
        "atau NIK/NUPTK/NIP PTK sekolah lain",
        required=False,
        max_length=40,
        attrs=DIGITS,
        help_text="Untuk Plt. Kepala Sekolah dari sekolah lain.",
    )
    tanggal_mulai = _date_field("Tanggal mulai")
    nomor_sk = _char("Nomor SK", required=False, max_length=100)

    def __init__(self, *args, ptk_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ptk"].queryset = ptk_queryset

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("ptk") and not data.get("identitas"):
            self.add_error("ptk", "Pilih PTK sekolah ini atau isi NIK/NUPTK/NIP PTK sekolah lain.")
        if data.get("ptk") and data.get("identitas"):
            self.add_error("identitas", "Isi salah satu saja: pilihan PTK atau NIK/NUPTK/NIP.")
        return data


class KepalaEndForm(Indonesian, forms.Form):
    tanggal_selesai = _date_field("Tanggal selesai")


class VervalForm(Indonesian, forms.Form):
    nip_baru = _char("NIP baru", max_length=40, attrs=DIGITS, help_text="18 digit, sesuai data SIASN.")


class PtkFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama, NIP, NUPTK atau NIK", required=False, max_length=100)
    jenis_ptk = forms.ChoiceField(
        label="Jenis PTK", required=False, choices=[("", "Semua")] + list(JenisPTK.choices)
    )
    status_kepegawaian = forms.ChoiceField(
        label="Status kepegawaian", required=False, choices=[("", "Semua")] + list(StatusKepegawaian.choices)
    )
