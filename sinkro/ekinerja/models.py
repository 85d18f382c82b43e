"""The mock BKN side: SIASN records and e-Kinerja's own tables (DESIGN.md §2, §4).

PMM never reads these tables; it talks to them through the HTTP API of ``apis.py`` (see API.md).
SIASN identifiers (PNS ID, unor id) are 32-character uppercase hexadecimal GUIDs without dashes,
as in the real SIASN (REFERENCE.md §5).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

hex32 = RegexValidator(r"^[0-9A-F]{32}$", "Harus 32 karakter heksadesimal huruf besar.")


class Peran(models.TextChoices):
    """The role an SKP is held in (the values of pmm.roles.Role for the three PTK roles)."""

    GURU = "guru", "Guru"
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah"
    PLT_KEPALA_SEKOLAH = "plt_kepala_sekolah", "Plt. Kepala Sekolah"


class Semester(models.IntegerChoices):
    JAN_JUN = 1, "Januari–Juni"
    JUL_DES = 2, "Juli–Desember"


# --- SIASN ----------------------------------------------------------------------------------------


class Unor(models.Model):
    """A unit organisasi of SIASN / e-Kinerja (a school, a Dinas, a Pemda)."""

    id = models.CharField("ID unor", max_length=32, primary_key=True, validators=[hex32])
    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.PROTECT, related_name="+")
    nama = models.CharField("nama unor", max_length=200)
    npsn = models.CharField("NPSN", max_length=8, blank=True)
    aktif_ekinerja = models.BooleanField("aktif di e-Kinerja", default=True)
    aktif_siasn = models.BooleanField("aktif di SIASN", default=True)
    diatasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bawahan",
        verbose_name="unit kerja atasan (DiatasanId)",
    )
    pemimpin = models.ForeignKey(
        "PnsSiasn",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unor_dipimpin",
        verbose_name="pemimpin (PemimpinPnsId)",
    )

    class Meta:
        ordering = ["nama", "id"]
        verbose_name = "unor"
        verbose_name_plural = "unor"
        constraints = [
            models.UniqueConstraint(fields=["npsn"], condition=~Q(npsn=""), name="ekinerja_unor_npsn_unique"),
            models.CheckConstraint(condition=~Q(diatasan=F("id")), name="ekinerja_unor_not_own_parent"),
        ]
        indexes = [models.Index(fields=["instansi", "nama"])]

    def __str__(self):
        return self.nama

    @property
    def aktif(self) -> bool:
        return self.aktif_ekinerja and self.aktif_siasn


class PnsSiasn(models.Model):
    """A PNS/PPPK record of SIASN. ``id`` is the PNS ID."""

    id = models.CharField("PNS ID", max_length=32, primary_key=True, validators=[hex32])
    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.PROTECT, related_name="+")
    nip = models.CharField("NIP", max_length=18, unique=True)
    nik = models.CharField("NIK", max_length=16, unique=True)
    nama = models.CharField("nama", max_length=150)
    tanggal_lahir = models.DateField("tanggal lahir")
    # The account e-mail SIASN knows (the belajar.id / SSO ASN e-mail): it identifies the pegawai on
    # their own e-Kinerja page, as the real e-Kinerja identifies its user through SSO.
    email = models.EmailField("e-mail", blank=True, db_index=True)
    unor = models.ForeignKey(
        Unor, on_delete=models.SET_NULL, null=True, blank=True, related_name="pns", verbose_name="unor SIASN"
    )
    tanggal_unor = models.DateField("tanggal perubahan unor terakhir", null=True, blank=True)

    class Meta:
        ordering = ["nama", "nip"]
        verbose_name = "PNS (SIASN)"
        verbose_name_plural = "PNS (SIASN)"

    def __str__(self):
        return f"{self.nama} ({self.nip})"


# --- e-Kinerja ------------------------------------------------------------------------------------


class Pegawai(models.Model):
    """A SIASN PNS added as pegawai to e-Kinerja by the Admin Instansi, with its unor in e-Kinerja."""

    pns = models.OneToOneField(PnsSiasn, on_delete=models.CASCADE, related_name="pegawai")
    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.PROTECT, related_name="+")
    unor = models.ForeignKey(Unor, on_delete=models.PROTECT, related_name="pegawai")
    ditambahkan_pada = models.DateTimeField("ditambahkan")

    class Meta:
        ordering = ["pns__nama"]
        verbose_name = "pegawai e-Kinerja"
        verbose_name_plural = "pegawai e-Kinerja"
        indexes = [models.Index(fields=["instansi", "unor"])]

    def __str__(self):
        return str(self.pns)


class UserPmm(models.Model):
    """A NIP allowed to sync from PMM (menu "User PMM")."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="+")
    nip = models.CharField("NIP", max_length=18)
    ditambahkan_pada = models.DateTimeField("ditambahkan")

    class Meta:
        ordering = ["nip"]
        verbose_name = "User PMM"
        verbose_name_plural = "User PMM"
        constraints = [models.UniqueConstraint(fields=["instansi", "nip"], name="ekinerja_user_pmm_once")]

    def __str__(self):
        return self.nip


class PltRegistrasi(models.Model):
    """A PNS registered in e-Kinerja as Plt. Kepala Sekolah of a school unor."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="+")
    pns = models.ForeignKey(PnsSiasn, on_delete=models.CASCADE, related_name="plt")
    unor = models.ForeignKey(Unor, on_delete=models.CASCADE, related_name="plt")
    ditambahkan_pada = models.DateTimeField("ditambahkan")

    class Meta:
        ordering = ["pns__nama", "unor__nama"]
        verbose_name = "registrasi Plt. Kepala Sekolah"
        verbose_name_plural = "registrasi Plt. Kepala Sekolah"
        constraints = [models.UniqueConstraint(fields=["pns", "unor"], name="ekinerja_plt_once_per_unor")]

    def __str__(self):
        return f"Plt {self.unor}: {self.pns}"


class Periode(models.Model):
    """A period of e-Kinerja's Manajemen Periode, per instansi."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun")
    semester = models.PositiveSmallIntegerField("semester", choices=Semester.choices)
    dibuka = models.BooleanField("dibuka", default=True)

    class Meta:
        ordering = ["-tahun", "-semester"]
        verbose_name = "periode"
        verbose_name_plural = "periode"
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun", "semester"], name="ekinerja_periode_once"),
        ]

    def __str__(self):
        return f"{self.tahun} {self.get_semester_display()}"


class Sumber(models.TextChoices):
    PMM = "pmm", "Sinkron PMM"
    MANUAL = "manual", "Dibuat manual di e-Kinerja"


class Skp(models.Model):
    """An SKP in e-Kinerja: exactly one per pegawai, period and role.

    The principal's SKP (and the Plt's) is the *SKP Organisasi* of its unor(s): the guru's RHK are
    linked to its RHK (REFERENCE.md §6).
    """

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="skp")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="skp")
    peran = models.CharField("peran", max_length=20, choices=Peran.choices)
    unor = models.ForeignKey(
        Unor, on_delete=models.PROTECT, related_name="skp", verbose_name="unor saat sinkron"
    )
    # The schools a Plt leads (a Plt SKP is the SKP Organisasi of each of them).
    unor_plt = models.ManyToManyField(Unor, blank=True, related_name="skp_plt", verbose_name="unor Plt")
    atasan_nip = models.CharField("NIP atasan saat sinkron", max_length=18, blank=True)
    atasan_nama = models.CharField("nama atasan saat sinkron", max_length=150, blank=True)
    is_organisasi = models.BooleanField("SKP Organisasi", default=False)
    sumber = models.CharField("sumber", max_length=8, choices=Sumber.choices, default=Sumber.PMM)
    disepakati = models.BooleanField("disepakati di PMM", default=False)
    idempotency_key = models.CharField("kunci idempotensi terakhir", max_length=100, blank=True)
    dibuat_pada = models.DateTimeField("dibuat")
    diperbarui_pada = models.DateTimeField("diperbarui")

    class Meta:
        ordering = ["-periode__tahun", "-periode__semester", "peran"]
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "periode", "peran"], name="ekinerja_one_skp_per_role"),
        ]
        indexes = [models.Index(fields=["periode", "unor", "is_organisasi"])]

    def __str__(self):
        return f"SKP {self.get_peran_display()} {self.pegawai} ({self.periode})"


class Rhk(models.Model):
    """A Rencana Hasil Kerja of an SKP; a guru's RHK intervenes ("dikaitkan") one of its principal's."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    kode = models.CharField("kode (dari PMM)", max_length=64)
    jenis = models.CharField("jenis", max_length=32, blank=True)
    uraian = models.TextField("uraian")
    target = models.CharField("target", max_length=200, blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    rhk_atasan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intervensi",
        verbose_name="RHK atasan yang diintervensi",
    )

    class Meta:
        ordering = ["skp", "urutan", "id"]
        verbose_name = "RHK"
        verbose_name_plural = "RHK"
        constraints = [models.UniqueConstraint(fields=["skp", "kode"], name="ekinerja_rhk_kode_once_per_skp")]

    def __str__(self):
        return self.uraian[:60]


class ApiKey(models.Model):
    """A whitelisted x-api-key of one instansi. Only its SHA-256 is stored; the key is shown once."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="+")
    nama = models.CharField("keterangan", max_length=100)
    prefix = models.CharField("awalan", max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    aktif = models.BooleanField("aktif", default=True)
    dibuat_pada = models.DateTimeField("dibuat")
    dicabut_pada = models.DateTimeField("dicabut", null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = "API key"
        verbose_name_plural = "API key (whitelist)"

    def __str__(self):
        return f"{self.prefix}… ({self.nama})"


class ModeGangguan(models.TextChoices):
    NONE = "none", "Tidak ada gangguan"
    ERROR_500 = "500", "Error 500 (gagal memproses)"
    TIMEOUT = "timeout", "Timeout (respons terlambat)"
    OUTAGE = "outage", "Layanan mati (503)"


class Gangguan(models.Model):
    """The fault a trainer injects into the e-Kinerja API (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    mode = models.CharField("mode", max_length=8, choices=ModeGangguan.choices, default=ModeGangguan.NONE)
    persen = models.PositiveSmallIntegerField("peluang (%)", default=100, validators=[MaxValueValidator(100)])
    nip = models.CharField("hanya untuk NIP", max_length=18, blank=True)
    sisa = models.PositiveIntegerField("sisa kejadian", null=True, blank=True)
    diubah_pada = models.DateTimeField("diubah", null=True, blank=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "gangguan e-Kinerja"
        verbose_name_plural = "gangguan e-Kinerja"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="ekinerja_single_gangguan_row"),
            models.CheckConstraint(condition=Q(persen__lte=100), name="ekinerja_gangguan_persen_max_100"),
        ]

    def __str__(self):
        return self.get_mode_display()


class Hasil(models.TextChoices):
    BERHASIL = "berhasil", "Berhasil"
    PERINGATAN = "peringatan", "Berhasil dengan peringatan"
    GAGAL = "gagal", "Gagal"


class JenisLog(models.TextChoices):
    SINKRON = "sinkron", "Sinkron PMM"
    SKP_MANUAL = "skp_manual", "Tambah SKP manual"


class LogSinkron(models.Model):
    """Log Sinkronisasi PMM: one row per attempt, with what PMM sent beside what e-Kinerja holds."""

    waktu = models.DateTimeField("waktu", db_index=True)
    request_id = models.UUIDField("request id", default=uuid.uuid4, unique=True, editable=False)
    jenis = models.CharField("jenis", max_length=12, choices=JenisLog.choices, default=JenisLog.SINKRON)
    idempotency_key = models.CharField("kunci idempotensi", max_length=100, blank=True)
    instansi = models.ForeignKey(
        "pmm.Instansi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    nip = models.CharField("NIP", max_length=32, blank=True, db_index=True)
    nama = models.CharField("nama", max_length=150, blank=True)
    peran = models.CharField("peran", max_length=20, blank=True)
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    semester = models.PositiveSmallIntegerField("semester", null=True, blank=True)
    dikirim = models.JSONField("dikirim PMM", default=dict, blank=True)
    ekinerja = models.JSONField("data e-Kinerja", default=dict, blank=True)
    hasil = models.CharField("hasil", max_length=12, choices=Hasil.choices)
    kode = models.CharField("kode error", max_length=8, blank=True, db_index=True)
    kondisi = models.CharField("kondisi", max_length=20, blank=True)
    pesan = models.TextField("pesan", blank=True)
    aktor = models.CharField("aktor yang menindaklanjuti", max_length=40, blank=True)
    peringatan = models.JSONField("peringatan", default=list, blank=True)
    gangguan = models.CharField("gangguan disuntikkan", max_length=8, blank=True)
    http_status = models.PositiveSmallIntegerField("status HTTP")
    skp = models.ForeignKey(Skp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = "log sinkronisasi PMM"
        verbose_name_plural = "Log Sinkronisasi PMM"
        indexes = [
            models.Index(fields=["instansi", "-waktu"]),
            models.Index(fields=["instansi", "kode"]),
        ]

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.nip} {self.hasil} {self.kode}"


class KunciIdempotensi(models.Model):
    """A successful sync, kept by its idempotency key so that a repeated call replays it."""

    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("kunci", max_length=100)
    fingerprint = models.CharField(max_length=64)
    http_status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    log = models.ForeignKey(LogSinkron, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    dibuat_pada = models.DateTimeField()

    class Meta:
        verbose_name = "kunci idempotensi"
        verbose_name_plural = "kunci idempotensi"
        constraints = [models.UniqueConstraint(fields=["instansi", "key"], name="ekinerja_idempotency_once")]

    def __str__(self):
        return self.key
