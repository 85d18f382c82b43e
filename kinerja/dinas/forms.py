from django import forms

from dapodik.choices import Jenjang, StatusSekolah
from kinerja.predikat import Predikat
from kinerja.transitions import StatusObservasi, StatusPenilaian, StatusRencana

from .models import Jabatan

_KOSONG = [("", "Semua")]


class PengajuanForm(forms.Form):
    instansi = forms.TypedChoiceField(label="Dinas Pendidikan", coerce=int, choices=())
    jabatan = forms.ChoiceField(label="Jabatan Anda di Dinas", choices=Jabatan.choices)
    kode_referral = forms.CharField(
        label="Kode referral (khusus jabatan struktural)", max_length=32, required=False
    )
    keterangan = forms.CharField(
        label="Keterangan (nama unit, nomor surat tugas, dsb.)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, instansi_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].choices = [("", "— pilih Dinas —"), *instansi_choices]


class TolakForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan penolakan", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class KodeReferralForm(forms.Form):
    instansi = forms.TypedChoiceField(label="Dinas Pendidikan", coerce=int, choices=())
    berlaku_sampai = forms.DateField(label="Berlaku sampai", widget=forms.DateInput(attrs={"type": "date"}))
    batas_pemakaian = forms.IntegerField(label="Batas pemakaian", min_value=1, max_value=1000, initial=10)

    def __init__(self, *args, instansi_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi"].choices = [("", "— pilih Dinas —"), *instansi_choices]


MASALAH_CHOICES = [
    ("tidak_layak", "Tidak memenuhi syarat"),
    ("non_asn", "Non-ASN"),
    ("tanpa_atasan", "Tanpa atasan"),
    ("nip", "NIP tidak sesuai"),
    ("sinkro", "Sinkronisasi gagal"),
]


class SekolahFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama/NPSN", max_length=100, required=False)
    jenjang = forms.ChoiceField(label="Jenjang", choices=_KOSONG + list(Jenjang.choices), required=False)
    status = forms.ChoiceField(label="Status", choices=_KOSONG + list(StatusSekolah.choices), required=False)
    masalah = forms.ChoiceField(label="Ada masalah", choices=_KOSONG + MASALAH_CHOICES, required=False)


class PegawaiFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama/NIP", max_length=100, required=False)
    rencana = forms.ChoiceField(
        label="Perencanaan",
        choices=_KOSONG + [("belum", "Belum membuat")] + list(StatusRencana.choices),
        required=False,
    )
    observasi = forms.ChoiceField(
        label="Pelaksanaan", choices=_KOSONG + list(StatusObservasi.choices), required=False
    )
    penilaian = forms.ChoiceField(
        label="Penilaian",
        choices=_KOSONG + [("belum", "Belum dinilai")] + list(StatusPenilaian.choices),
        required=False,
    )
    predikat = forms.ChoiceField(label="Predikat", choices=_KOSONG + list(Predikat.choices), required=False)
    masalah = forms.ChoiceField(label="Masalah data", choices=_KOSONG + MASALAH_CHOICES, required=False)


def filters_from(form_class, data) -> tuple[forms.Form, dict]:
    """The valid filters of a GET form; an invalid value is dropped (the list still renders)."""
    form = form_class(data or None)
    if form.is_bound and form.is_valid():
        return form, {k: v for k, v in form.cleaned_data.items() if v}
    if form.is_bound:
        cleaned = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
        return form, cleaned
    return form, {}
