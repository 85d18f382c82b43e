import re

from django import forms

from kinerja.models import Peran

_NIP = re.compile(r"\d{18}")


class SinkronForm(forms.Form):
    peran = forms.ChoiceField(choices=Peran.choices)


class PegawaiSinkronForm(forms.Form):
    ptk = forms.IntegerField(min_value=1)
    peran = forms.ChoiceField(choices=Peran.choices)


class KunciForm(forms.Form):
    api_key = forms.CharField(
        label="x-api-key dari e-Kinerja",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Buat kunci di e-Kinerja (menu API key) lalu tempel di sini. Kunci hanya ditampilkan sekali di e-Kinerja.",
    )


class MassalForm(forms.Form):
    nip = forms.CharField(
        label="NIP (opsional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "inputmode": "numeric"}),
        help_text="Kosongkan untuk menyinkronkan semua pegawai instansi. Atau tempel NIP, satu per baris "
        "atau dipisah koma/spasi.",
    )
    keterangan = forms.CharField(label="Keterangan", required=False, max_length=200)

    def clean_nip(self):
        text = self.cleaned_data.get("nip") or ""
        if "\x00" in text:
            raise forms.ValidationError("Teks tidak valid.")
        tokens = [t for t in re.split(r"[\s,;]+", text) if t]
        if len(tokens) > 20_000:
            raise forms.ValidationError("Paling banyak 20.000 NIP sekaligus.")
        bad = [t for t in tokens if not _NIP.fullmatch(t)]
        if bad:
            raise forms.ValidationError(f"NIP harus 18 digit angka: {', '.join(bad[:5])}")
        return tokens or None


class NipForm(forms.Form):
    nip = forms.RegexField(
        regex=r"^\d{18}$", max_length=18, error_messages={"invalid": "NIP harus 18 digit."}
    )
    peran = forms.ChoiceField(choices=Peran.choices, required=False)
