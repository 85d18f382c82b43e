"""Pusat Bantuan tickets (seed 000, DESIGN.md §6).

Times (received, due, answered, every reply and status change) come from the simulated clock, so a
Bimtek can show the SLA at work; they are stored in UTC and shown in WIB.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from dapodik.choices import JenisPTK, StatusKepegawaian


class Kategori(models.TextChoices):
    AKSES = "akses_pengelolaan_kinerja", "Akses Pengelolaan Kinerja"
    SINKRO = "sinkro_ekinerja", "Sinkronisasi ke e-Kinerja"
    AKUN_DINAS = "akun_pic_dinas", "Akun / PIC Dinas"
    LAINNYA = "lainnya", "Lainnya"


class Status(models.TextChoices):
    BARU = "baru", "Baru"
    DIPROSES = "diproses", "Diproses"
    MENUNGGU_PELAPOR = "menunggu_pelapor", "Menunggu pelapor"
    SELESAI = "selesai", "Selesai"


class JenisKlien(models.TextChoices):
    ANDROID = "android", "Aplikasi Android PMM"
    BROWSER = "browser", "Browser"


def _lampiran_path(instance, filename):
    # The stored name never comes from the user: services.py names the file after its checked type.
    received = instance.received_at
    return f"bantuan/{received:%Y/%m}/{filename}"


class Tiket(models.Model):
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tiket_bantuan"
    )
    email = models.EmailField("e-mail belajar.id")
    kategori = models.CharField("kategori", max_length=32, choices=Kategori.choices)
    klien_jenis = models.CharField("aplikasi atau browser", max_length=8, choices=JenisKlien.choices)
    klien_versi = models.CharField("versi aplikasi / nama browser", max_length=120)
    deskripsi = models.TextField("uraian kendala", max_length=5000)
    screenshot_error = models.FileField(
        "tangkapan layar pesan galat", upload_to=_lampiran_path, max_length=200, blank=True
    )
    screenshot_jenis_ptk = models.FileField(
        "tangkapan layar Dapodik: Jenis PTK", upload_to=_lampiran_path, max_length=200, blank=True
    )
    screenshot_status_kepegawaian = models.FileField(
        "tangkapan layar Dapodik: Status Kepegawaian", upload_to=_lampiran_path, max_length=200, blank=True
    )
    # Pre-filled context from the page that opened the ticket: error code, jenis PTK, status, NIP, …
    konteks = models.JSONField("konteks", default=dict, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.BARU)
    received_at = models.DateTimeField("diterima")
    due_at = models.DateTimeField("batas respons")
    first_response_at = models.DateTimeField("respons pertama", null=True, blank=True)
    selesai_at = models.DateTimeField("selesai", null=True, blank=True)
    updated_at = models.DateTimeField("diperbarui")
    email_terkirim_at = models.DateTimeField("tanda terima dikirim", null=True, blank=True)

    class Meta:
        verbose_name = "tiket bantuan"
        verbose_name_plural = "tiket bantuan"
        indexes = [
            models.Index(fields=["due_at", "id"], name="bantuan_tiket_due"),
            models.Index(fields=["status", "due_at", "id"], name="bantuan_tiket_status_due"),
            models.Index(fields=["pelapor", "-received_at", "-id"], name="bantuan_tiket_pelapor"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="bantuan_tiket_status_valid"),
            models.CheckConstraint(
                condition=Q(kategori__in=Kategori.values), name="bantuan_tiket_kategori_valid"
            ),
            models.CheckConstraint(condition=Q(due_at__gt=models.F("received_at")), name="bantuan_due_after"),
        ]

    def __str__(self):
        return f"{self.nomor} · {self.get_kategori_display()}"

    @property
    def nomor(self) -> str:
        return f"PB-{self.pk:06d}" if self.pk else "PB-baru"

    @property
    def kode(self) -> str:
        return str((self.konteks or {}).get("kode", ""))

    @property
    def konteks_rows(self) -> list[tuple[str, str]]:
        """(label, value) of the pre-filled context, choice codes shown by their Dapodik label."""
        rows = []
        for key, label in KONTEKS_LABELS.items():
            value = (self.konteks or {}).get(key)
            if not value:
                continue
            choices = KONTEKS_CHOICES.get(key)
            if choices is not None and value in choices.values:
                value = choices(value).label
            rows.append((label, str(value)))
        return rows

    @property
    def lampiran(self) -> list[tuple[str, str, models.fields.files.FieldFile]]:
        """(slug, label, file) of the screenshots present."""
        out = []
        for slug, name in LAMPIRAN_FIELDS.items():
            value = getattr(self, name)
            if value:
                out.append((slug, self._meta.get_field(name).verbose_name, value))
        return out


KONTEKS_LABELS = {
    "kode": "Kode galat / alasan",
    "jenis_ptk": "Jenis PTK (Dapodik)",
    "status_kepegawaian": "Status kepegawaian (Dapodik)",
    "nip": "NIP / NI PPPK",
    "npsn": "NPSN sekolah",
}
KONTEKS_CHOICES = {"jenis_ptk": JenisPTK, "status_kepegawaian": StatusKepegawaian}

# URL slug → field of each screenshot.
LAMPIRAN_FIELDS = {
    "error": "screenshot_error",
    "jenis-ptk": "screenshot_jenis_ptk",
    "status-kepegawaian": "screenshot_status_kepegawaian",
}


class Balasan(models.Model):
    tiket = models.ForeignKey(Tiket, on_delete=models.CASCADE, related_name="balasan")
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField("balasan", max_length=5000)
    dari_petugas = models.BooleanField("dari petugas", default=False)
    # An internal note is between helpdesk staff: never shown or sent to the reporter.
    internal = models.BooleanField("catatan internal", default=False)
    dibuat_at = models.DateTimeField("waktu")
    email_terkirim_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dibuat_at", "id"]
        verbose_name = "balasan tiket"
        verbose_name_plural = "balasan tiket"
        constraints = [
            models.CheckConstraint(
                condition=Q(internal=False) | Q(dari_petugas=True), name="bantuan_internal_by_staff"
            )
        ]

    def __str__(self):
        return f"Balasan {self.pk} pada {self.tiket_id}"


class RiwayatStatus(models.Model):
    tiket = models.ForeignKey(Tiket, on_delete=models.CASCADE, related_name="riwayat")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dari = models.CharField("dari", max_length=20, choices=Status.choices, blank=True)
    ke = models.CharField("ke", max_length=20, choices=Status.choices)
    catatan = models.CharField("catatan", max_length=500, blank=True)
    waktu = models.DateTimeField("waktu")

    class Meta:
        ordering = ["waktu", "id"]
        verbose_name = "riwayat status tiket"
        verbose_name_plural = "riwayat status tiket"

    def __str__(self):
        return f"{self.tiket_id}: {self.dari or '—'} → {self.ke}"
