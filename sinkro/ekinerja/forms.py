"""Forms of the e-Kinerja admin pages: they parse input only; the rules live in ``services``."""

from django import forms

from .models import ModeGangguan, Peran, Semester, Unor


def _char(label, *, required=True, max_length=None, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": f"{label} wajib diisi.",
            "max_length": f"{label} paling panjang %(limit_value)d karakter.",
            "null_characters_not_allowed": f"{label} berisi karakter yang tidak diizinkan.",
        },
    )


def _nip(label="NIP", required=True):
    return forms.RegexField(
        regex=r"^\s*\d{18}\s*$",
        label=label,
        required=required,
        max_length=30,
        error_messages={"required": f"{label} wajib diisi.", "invalid": f"{label} harus 18 digit angka."},
    )


class UnorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nama} ({obj.npsn})" if obj.npsn else obj.nama


def _unor_field(instansi, label, *, required=True, sekolah_only=False):
    qs = Unor.objects.filter(instansi=instansi).order_by("nama", "id").only("id", "nama", "npsn")
    if sekolah_only:
        qs = qs.exclude(npsn="")
    return UnorChoiceField(
        queryset=qs,
        label=label,
        required=required,
        empty_label="— tidak ada —" if not required else "— pilih —",
        error_messages={"required": f"{label} wajib dipilih.", "invalid_choice": f"{label} tidak dikenal."},
    )


class UnorForm(forms.Form):
    nama = _char("Nama unor", max_length=200)
    aktif_ekinerja = forms.BooleanField(label="Aktif di e-Kinerja", required=False)
    aktif_siasn = forms.BooleanField(label="Aktif di SIASN", required=False)
    pemimpin_nip = _nip("NIP pemimpin unor (kepala)", required=False)

    def __init__(self, *args, instansi, unor=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = _unor_field(instansi, "Unit kerja atasan", required=False)
        if unor is not None:
            field.queryset = field.queryset.exclude(pk=unor.pk)
        self.fields["diatasan"] = field


class UnorCreateForm(forms.Form):
    nama = _char("Nama unor", max_length=200)
    npsn = forms.RegexField(
        regex=r"^\d{8}$",
        label="NPSN (untuk unor sekolah)",
        required=False,
        error_messages={"invalid": "NPSN harus 8 digit angka."},
    )

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diatasan"] = _unor_field(instansi, "Unit kerja atasan", required=False)


class PegawaiAddForm(forms.Form):
    nip = _nip("NIP (PNS di SIASN)")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unor"] = _unor_field(instansi, "Unor di e-Kinerja")


class PegawaiMoveForm(forms.Form):
    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unor"] = _unor_field(instansi, "Unor baru")


class NipForm(forms.Form):
    nip = _nip()


class PltAddForm(forms.Form):
    nip = _nip("NIP Plt. Kepala Sekolah")

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unor"] = _unor_field(instansi, "Unor sekolah", sekolah_only=True)


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Tahun wajib diisi.", "invalid": "Tahun harus angka."},
    )
    semester = forms.TypedChoiceField(label="Semester", choices=Semester.choices, coerce=int)


class ApiKeyForm(forms.Form):
    nama = _char("Keterangan", max_length=100, help_text="Misalnya: Integrasi PMM produksi")


class GangguanForm(forms.Form):
    mode = forms.ChoiceField(label="Mode", choices=ModeGangguan.choices)
    persen = forms.IntegerField(label="Peluang (%)", min_value=0, max_value=100, initial=100)
    nip = _nip("Hanya untuk NIP (kosongkan untuk semua)", required=False)
    sisa = forms.IntegerField(
        label="Sisa kejadian (kosongkan untuk tanpa batas)", min_value=1, max_value=100000, required=False
    )


class SkpManualForm(forms.Form):
    periode = forms.ChoiceField(label="Periode")
    peran = forms.ChoiceField(label="Peran", choices=Peran.choices)
    uraian = forms.CharField(
        label="Uraian RHK",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Uraian RHK wajib diisi."},
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(f"{p.tahun}-{p.semester}", str(p)) for p in periods]

    def clean_periode(self):
        tahun, semester = self.cleaned_data["periode"].split("-")
        return int(tahun), int(semester)
