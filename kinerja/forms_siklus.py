"""Forms of the cycle pages. They only parse types (ids, dates, choices); every rule is the services'.

``parse(form)`` turns an invalid form into an ``ApplicationError`` whose message the middleware shows
on the page the form came from, so a bad POST changes nothing and never becomes a 500.
"""

from datetime import datetime

from django import forms
from django.utils import timezone

from pmm.errors import ApplicationError

from .models import JenisDokumenSekolah, Peran
from .predikat import PredikatOrganisasi, Rating

_WAJIB = {"required": "Isian ini wajib diisi."}
_ANGKA = {"required": "Isian ini wajib diisi.", "invalid": "Isian harus berupa angka."}


def parse(form: forms.Form) -> dict:
    """The cleaned data, or the first error as an ApplicationError (code ``isian_tidak_valid``)."""
    if form.is_valid():
        return form.cleaned_data
    pesan = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for e in errors:
            pesan.append(f"{label}: {e}" if label else str(e))
    raise ApplicationError(
        " ".join(pesan) or "Isian tidak valid.",
        code="isian_tidak_valid",
        detail={k: [str(e) for e in v] for k, v in form.errors.items()},
    )


def _tanggal_jam(tanggal, jam) -> datetime:
    return timezone.make_aware(datetime.combine(tanggal, jam))


class MulaiForm(forms.Form):
    peran = forms.ChoiceField(label="Peran", choices=Peran.choices, error_messages=_WAJIB)
    sekolah = forms.IntegerField(label="Sekolah", required=False, min_value=1, error_messages=_ANGKA)


class IndikatorForm(forms.Form):
    indikator = forms.IntegerField(
        label="Praktik Kinerja",
        min_value=1,
        error_messages={
            "required": "Pilih satu indikator Praktik Kinerja.",
            "invalid": "Pilihan tidak valid.",
        },
    )


class CatatanForm(forms.Form):
    catatan = forms.CharField(label="Catatan", required=False, strip=True)


class DelegasiForm(forms.Form):
    pengawas = forms.IntegerField(
        label="Pengawas",
        min_value=1,
        error_messages={"required": "Pilih pengawas.", "invalid": "Pilihan tidak valid."},
    )


class JadwalForm(forms.Form):
    tanggal = forms.DateField(
        label="Tanggal observasi",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Tanggal observasi wajib diisi.", "invalid": "Tanggal tidak valid."},
    )
    jam = forms.TimeField(
        label="Jam (WIB)",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Jam observasi wajib diisi.", "invalid": "Jam tidak valid."},
    )
    alasan = forms.CharField(label="Alasan", required=False)

    @property
    def jadwal(self) -> datetime:
        return _tanggal_jam(self.cleaned_data["tanggal"], self.cleaned_data["jam"])


class IdListField(forms.Field):
    """Several ids of one name (checkboxes). Whether they belong to the plan is the service's rule."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError("Pilihan tidak valid.") from None


class PersiapanForm(JadwalForm):
    fokus = IdListField(label="Fokus perilaku", required=False)
    dokumen_persiapan = forms.CharField(label="Dokumen persiapan observasi", required=False)


class TeksForm(forms.Form):
    teks = forms.CharField(label="Isian", required=False)


class PenilaianForm(forms.Form):
    rating_hasil_kerja = forms.ChoiceField(
        label="Rating Hasil Kerja", required=False, choices=[("", "—")] + list(Rating.choices)
    )
    rating_perilaku = forms.ChoiceField(
        label="Rating Perilaku Kerja", required=False, choices=[("", "—")] + list(Rating.choices)
    )
    catatan = forms.CharField(label="Catatan penilai", required=False)


class KirimForm(forms.Form):
    konfirmasi = forms.BooleanField(label="Konfirmasi", required=False)
    penjelasan = forms.CharField(label="Penjelasan", required=False)


class PredikatOrganisasiForm(forms.Form):
    sekolah = forms.IntegerField(label="Sekolah", min_value=1, error_messages=_ANGKA)
    predikat_organisasi = forms.ChoiceField(
        label="Predikat Kinerja Organisasi",
        choices=PredikatOrganisasi.choices,
        error_messages={
            "required": "Pilih Predikat Kinerja Organisasi.",
            "invalid_choice": "Predikat Kinerja Organisasi tidak dikenal.",
        },
    )


class BuktiForm(forms.Form):
    # "rhk-<id>" or "tugas-<id>": one chosen RHK or Tugas Tambahan of the plan.
    target = forms.RegexField(
        label="Untuk",
        regex=r"^(rhk|tugas)-[0-9]{1,12}$",
        error_messages={"required": "Pilih RHK atau Tugas Tambahan.", "invalid": "Pilihan tidak valid."},
    )
    berkas = forms.FileField(
        label="Berkas",
        required=False,
        allow_empty_file=True,
    )

    @property
    def sasaran(self) -> tuple[str, int]:
        jenis, pk = self.cleaned_data["target"].split("-")
        return jenis, int(pk)


class DokumenForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Dokumen",
        choices=JenisDokumenSekolah.choices,
        error_messages={"required": "Pilih jenis dokumen.", "invalid_choice": "Jenis dokumen tidak dikenal."},
    )
    berkas = forms.FileField(label="Berkas", required=False, allow_empty_file=True)


class IdForm(forms.Form):
    id = forms.IntegerField(label="Pilihan", min_value=1, error_messages=_ANGKA)
