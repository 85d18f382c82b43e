from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import (
    JenisKelamin,
    JenisPenugasan,
    JenisPTK,
    Jenjang,
    StatusKepegawaian,
    StatusSekolah,
    StatusVerval,
)


class Sekolah(models.Model):
    npsn = models.CharField("NPSN", max_length=8, unique=True)
    nama = models.CharField("nama sekolah", max_length=150)
    jenjang = models.CharField("jenjang", max_length=4, choices=Jenjang.choices)
    status = models.CharField("status", max_length=8, choices=StatusSekolah.choices)
    kabupaten = models.ForeignKey("pmm.KabupatenKota", on_delete=models.PROTECT, related_name="sekolah")
    # The Pemda that runs a negeri school (kab/kota for PAUD–SMP, provinsi for SMA/SMK/SLB);
    # empty for a swasta school, which is under a yayasan.
    instansi = models.ForeignKey(
        "pmm.Instansi", on_delete=models.PROTECT, null=True, blank=True, related_name="sekolah"
    )
    alamat = models.CharField("alamat", max_length=255, blank=True)

    class Meta:
        ordering = ["nama"]
        verbose_name_plural = "sekolah"

    def __str__(self):
        return f"{self.nama} ({self.npsn})"


class PTK(models.Model):
    """Pendidik dan Tenaga Kependidikan as recorded in Dapodik."""

    # Uniqueness of the identifiers is declared in Meta.constraints rather than with unique=True:
    # on PostgreSQL unique=True adds a second ``varchar_pattern_ops`` index per column for LIKE
    # prefix searches, which nothing runs on these columns, and every index is paid on each row of
    # a roster import (``bench import``).
    nik = models.CharField("NIK", max_length=16)
    nuptk = models.CharField("NUPTK", max_length=16, null=True, blank=True)
    nip = models.CharField("NIP", max_length=18, null=True, blank=True)
    nama = models.CharField("nama", max_length=150)
    tanggal_lahir = models.DateField("tanggal lahir")
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin.choices)
    jenis_ptk = models.CharField("jenis PTK", max_length=32, choices=JenisPTK.choices)
    status_kepegawaian = models.CharField(
        "status kepegawaian", max_length=32, choices=StatusKepegawaian.choices
    )
    # No index of its own: the (sekolah, nama) index below serves every lookup by school.
    sekolah = models.ForeignKey(Sekolah, on_delete=models.PROTECT, related_name="ptk", db_index=False)
    email = models.EmailField("e-mail belajar.id", null=True, blank=True)
    tmt_tugas = models.DateField("TMT penugasan di sekolah ini")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ptk"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = "PTK"
        verbose_name_plural = "PTK"
        indexes = [models.Index(fields=["sekolah", "nama"])]
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="dapodik_ptk_nik_unik"),
            models.UniqueConstraint(fields=["nuptk"], name="dapodik_ptk_nuptk_unik"),
            models.UniqueConstraint(fields=["nip"], name="dapodik_ptk_nip_unik"),
            models.UniqueConstraint(fields=["email"], name="dapodik_ptk_email_unik"),
        ]

    def __str__(self):
        return self.nama


class PenugasanKepalaSekolah(models.Model):
    """A principal assignment. A school has at most one open definitif and one open Plt assignment;
    one Plt may cover several schools."""

    sekolah = models.ForeignKey(Sekolah, on_delete=models.PROTECT, related_name="penugasan_kepala")
    ptk = models.ForeignKey(PTK, on_delete=models.PROTECT, related_name="penugasan_kepala")
    jenis = models.CharField("jenis", max_length=10, choices=JenisPenugasan.choices)
    tanggal_mulai = models.DateField("mulai")
    tanggal_selesai = models.DateField("selesai", null=True, blank=True)
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)

    class Meta:
        ordering = ["sekolah", "-tanggal_mulai"]
        verbose_name = "penugasan kepala sekolah"
        verbose_name_plural = "penugasan kepala sekolah"
        constraints = [
            models.UniqueConstraint(
                fields=["sekolah", "jenis"],
                condition=Q(tanggal_selesai__isnull=True),
                name="one_open_assignment_per_school_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__isnull=True) | Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.sekolah.nama}: {self.ptk.nama}"


class Mutasi(models.Model):
    """A transfer of a PTK to another school, with its effective date."""

    ptk = models.ForeignKey(PTK, on_delete=models.PROTECT, related_name="mutasi")
    sekolah_asal = models.ForeignKey(Sekolah, on_delete=models.PROTECT, related_name="+")
    sekolah_tujuan = models.ForeignKey(Sekolah, on_delete=models.PROTECT, related_name="+")
    tanggal_efektif = models.DateField("tanggal efektif")
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dicatat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tanggal_efektif", "-id"]
        verbose_name_plural = "mutasi"

    def __str__(self):
        return f"Mutasi {self.ptk_id}: {self.sekolah_asal_id} → {self.sekolah_tujuan_id} ({self.tanggal_efektif})"


class DukcapilPenduduk(models.Model):
    """The simulator's Dukcapil registry (NIK + name + birth date), read by Verval PTK."""

    nik = models.CharField("NIK", max_length=16, primary_key=True)
    nama = models.CharField("nama", max_length=150)
    tanggal_lahir = models.DateField("tanggal lahir")
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin.choices)

    class Meta:
        verbose_name = "penduduk (Dukcapil)"
        verbose_name_plural = "penduduk (Dukcapil)"

    def __str__(self):
        return f"{self.nama} ({self.nik})"


class VervalPtk(models.Model):
    """An operator's request to change a PTK's NIP, decided against Dukcapil."""

    ptk = models.ForeignKey(PTK, on_delete=models.CASCADE, related_name="verval")
    nip_lama = models.CharField(max_length=18, blank=True)
    nip_baru = models.CharField(max_length=18)
    status = models.CharField(max_length=10, choices=StatusVerval.choices)
    alasan = models.CharField(max_length=255, blank=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diajukan_pada = models.DateTimeField()

    class Meta:
        ordering = ["-diajukan_pada", "-id"]
        verbose_name = "Verval PTK"
        verbose_name_plural = "Verval PTK"

    def __str__(self):
        return f"Verval {self.nip_lama or '-'} → {self.nip_baru} ({self.status})"


class RosterImport(models.Model):
    """One roster upload: all or nothing; its rejected rows are kept in RosterImportError."""

    class Status(models.TextChoices):
        BERHASIL = "berhasil", "Berhasil"
        DITOLAK = "ditolak", "Ditolak"

    sekolah = models.ForeignKey(Sekolah, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    nama_berkas = models.CharField(max_length=255)
    format = models.CharField(max_length=4)
    status = models.CharField(max_length=10, choices=Status.choices)
    jumlah_baris = models.PositiveIntegerField(default=0)
    jumlah_baru = models.PositiveIntegerField(default=0)
    jumlah_diperbarui = models.PositiveIntegerField(default=0)
    jumlah_galat = models.PositiveIntegerField(default=0)
    pesan = models.CharField(max_length=500, blank=True)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-diunggah_pada", "-id"]

    def __str__(self):
        return f"{self.nama_berkas} ({self.status})"


class RosterImportError(models.Model):
    roster_import = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="galat")
    baris = models.PositiveIntegerField()
    kolom = models.CharField(max_length=40, blank=True)
    pesan = models.CharField(max_length=300)

    class Meta:
        ordering = ["baris", "id"]

    def __str__(self):
        return f"Baris {self.baris}: {self.pesan}"
