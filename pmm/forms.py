from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail belajar.id",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
        error_messages={
            "required": "E-mail belajar.id wajib diisi.",
            "invalid": "Format e-mail tidak valid.",
        },
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Kata sandi wajib diisi."},
    )
    error_messages = {
        "invalid_login": "E-mail belajar.id atau kata sandi salah. Setelah 5 kali gagal, akun dikunci sementara.",
        "inactive": "Akun ini tidak aktif. Hubungi Pusat Bantuan.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class ClockForm(forms.Form):
    tanggal = forms.DateField(
        label="Tanggal simulasi",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Tanggal wajib diisi.", "invalid": "Tanggal tidak valid."},
    )
    jam = forms.TimeField(
        label="Jam (WIB)",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Jam wajib diisi.", "invalid": "Jam tidak valid."},
    )

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if not 2020 <= tanggal.year <= 2100:
            raise forms.ValidationError("Tanggal simulasi harus antara tahun 2020 dan 2100.")
        return tanggal
