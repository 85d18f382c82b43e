"""The Dinas side: PIC access requests and referral codes (seed 004), and the pre-aggregated
monitoring figures the dashboard reads (``Rekap*``), rebuilt by ``kinerja.dinas.rekap``.

The ``Rekap*`` tables are a derived cache: a refresh rebuilds a period's rows from Dapodik and the
cycle tables in one set-based job, so their foreign keys carry no database constraint (the job
inserts hundreds of thousands of rows at once and a deleted school simply disappears at the next
refresh).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from kinerja.models import Periode


class Jabatan(models.TextChoices):
    """The applicant's position in the Dinas (seed 004)."""

    KEPALA_DINAS = "kepala_dinas", "Kepala Dinas"
    KEPALA_BIDANG = "kepala_bidang", "Kepala Bidang"
    KEPALA_SEKSI = "kepala_seksi", "Kepala Seksi"
    SEKRETARIS = "sekretaris", "Sekretaris Dinas"
    OPERATOR = "operator", "Operator / staf Dinas (jabatan lain)"
    PENGAWAS = "pengawas", "Pengawas Sekolah"


# Seed 004: these positions use the referral code and are granted at once.
JABATAN_STRUKTURAL = frozenset(
    {Jabatan.KEPALA_DINAS, Jabatan.KEPALA_BIDANG, Jabatan.KEPALA_SEKSI, Jabatan.SEKRETARIS}
)


class KodeReferral(models.Model):
    """A referral code issued by Admin Pusat to one Dinas (an ``Instansi``) for its structural PIC."""

    kode = models.CharField("kode referral", max_length=32, unique=True)
    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="kode_referral_pic")
    berlaku_sampai = models.DateField("berlaku sampai")
    batas_pemakaian = models.PositiveIntegerField("batas pemakaian", default=10)
    jumlah_dipakai = models.PositiveIntegerField("sudah dipakai", default=0)
    dicabut_pada = models.DateTimeField("dicabut", null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dibuat_pada = models.DateTimeField("dibuat")

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = "kode referral PIC Dinas"
        verbose_name_plural = "kode referral PIC Dinas"
        constraints = [
            models.CheckConstraint(
                condition=Q(jumlah_dipakai__lte=models.F("batas_pemakaian")), name="referral_within_limit"
            )
        ]

    def __str__(self):
        return f"{self.kode} ({self.instansi_id})"


class StatusPengajuan(models.TextChoices):
    DIAJUKAN = "diajukan", "Menunggu tinjauan Admin Pusat"
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"


class JalurPengajuan(models.TextChoices):
    REFERRAL = "referral", "Dengan kode referral (struktural)"
    TINJAUAN = "tinjauan", "Tanpa kode referral (ditinjau Admin Pusat)"


class PengajuanAksesPic(models.Model):
    """One request for access to the Dashboard Pemantauan Pengelolaan Kinerja (seed 004)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pengajuan_pic")
    instansi = models.ForeignKey("pmm.Instansi", on_delete=models.CASCADE, related_name="pengajuan_pic")
    jabatan = models.CharField("jabatan", max_length=16, choices=Jabatan.choices)
    jalur = models.CharField("jalur", max_length=10, choices=JalurPengajuan.choices)
    status = models.CharField("status", max_length=10, choices=StatusPengajuan.choices)
    kode_referral = models.ForeignKey(
        KodeReferral, on_delete=models.SET_NULL, null=True, blank=True, related_name="pengajuan"
    )
    perihal = models.CharField("perihal", max_length=200, blank=True)
    keterangan = models.TextField("keterangan pemohon", blank=True)
    alasan_penolakan = models.TextField("alasan penolakan", blank=True)
    diajukan_pada = models.DateTimeField("diajukan")
    ditinjau_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditinjau_pada = models.DateTimeField("ditinjau", null=True, blank=True)

    class Meta:
        ordering = ["-diajukan_pada", "-id"]
        verbose_name = "pengajuan akses PIC Dinas"
        verbose_name_plural = "pengajuan akses PIC Dinas"
        constraints = [
            # Two quick clicks on "Ajukan" leave one pending request.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="diajukan"), name="one_pending_pic_request_per_user"
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(alasan_penolakan=""), name="refusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"Pengajuan PIC {self.user_id} → {self.instansi_id} ({self.status})"


# ---------------------------------------------------------------------------------------------
# Pre-aggregated figures. The list of counters is declared once (``METRIK``) and shared by the
# models, the refresh SQL, the selectors, the exports and the tests.

METRIK: list[tuple[str, str]] = [
    ("pegawai", "PTK tercatat"),
    ("sasaran", "Sasaran (dapat memakai Pengelolaan Kinerja)"),
    ("rencana_belum", "Perencanaan: belum membuat"),
    ("rencana_draft", "Perencanaan: draf"),
    ("rencana_dikembalikan", "Perencanaan: dikembalikan"),
    ("rencana_diajukan", "Perencanaan: diajukan"),
    ("rencana_disetujui", "Perencanaan: disetujui"),
    ("rencana_disepakati", "Perencanaan: disepakati"),
    ("observasi_belum", "Pelaksanaan: belum dimulai"),
    ("observasi_terjadwal", "Pelaksanaan: observasi terjadwal"),
    ("observasi_diobservasi", "Pelaksanaan: observasi selesai"),
    ("observasi_tindak_lanjut", "Pelaksanaan: diskusi tindak lanjut"),
    ("observasi_selesai", "Pelaksanaan: refleksi selesai"),
    ("penilaian_belum", "Penilaian: belum dinilai"),
    ("penilaian_draft", "Penilaian: dinilai (draf)"),
    ("penilaian_dikirim", "Penilaian: dikirim ke Dinas"),
    ("penilaian_ditetapkan", "Penilaian: ditetapkan"),
    ("predikat_sangat_baik", "Predikat Sangat Baik"),
    ("predikat_baik", "Predikat Baik"),
    ("predikat_butuh_perbaikan", "Predikat Butuh Perbaikan"),
    ("predikat_kurang", "Predikat Kurang/Misconduct"),
    ("predikat_sangat_kurang", "Predikat Sangat Kurang"),
    ("masalah_tidak_layak", "Tidak memenuhi syarat Pengelolaan Kinerja"),
    ("masalah_non_asn", "Non-ASN (tidak dapat sinkron)"),
    ("masalah_tanpa_atasan", "Tanpa atasan"),
    ("masalah_nip", "NIP tidak sesuai"),
    ("sinkro_gagal", "Sinkronisasi gagal"),
]
METRIK_NAMA = [name for name, _ in METRIK]


class RekapAngka(models.Model):
    """The counters of one school or one region in one period."""

    class Meta:
        abstract = True


for _name, _label in METRIK:
    RekapAngka.add_to_class(_name, models.PositiveIntegerField(_label, default=0))


class TingkatWilayah(models.TextChoices):
    NASIONAL = "nasional", "Nasional"
    PROVINSI = "provinsi", "Provinsi"
    KABUPATEN = "kabupaten", "Kabupaten/Kota"


class RekapWilayah(RekapAngka):
    """National, provinsi and kabupaten/kota totals of a period."""

    periode = models.ForeignKey(
        Periode, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    tingkat = models.CharField(max_length=10, choices=TingkatWilayah.choices)
    provinsi = models.ForeignKey(
        "pmm.Provinsi",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    kabupaten = models.ForeignKey(
        "pmm.KabupatenKota",
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    kode = models.CharField(max_length=8, blank=True)
    nama = models.CharField(max_length=150)
    jumlah_sekolah = models.PositiveIntegerField(default=0)
    sinkro_per_kode = models.JSONField(default=dict)
    sinkro_per_pihak = models.JSONField(default=dict)

    class Meta:
        verbose_name = "rekap wilayah"
        verbose_name_plural = "rekap wilayah"
        indexes = [
            models.Index(fields=["periode", "tingkat", "provinsi", "kabupaten"], name="rekapwil_lookup"),
        ]

    def __str__(self):
        return f"{self.get_tingkat_display()} {self.nama} ({self.periode_id})"


class RekapSekolah(RekapAngka):
    periode = models.ForeignKey(
        Periode, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    sekolah = models.ForeignKey(
        "dapodik.Sekolah", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    provinsi = models.ForeignKey(
        "pmm.Provinsi", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    kabupaten = models.ForeignKey(
        "pmm.KabupatenKota",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    npsn = models.CharField(max_length=8)
    nama = models.CharField(max_length=150)
    jenjang = models.CharField(max_length=4)
    status_sekolah = models.CharField(max_length=8)
    penilaian_sekolah = models.CharField(max_length=16, blank=True)
    predikat_organisasi = models.CharField(max_length=16, blank=True)
    sinkro_per_kode = models.JSONField(default=dict)
    sinkro_per_pihak = models.JSONField(default=dict)

    class Meta:
        verbose_name = "rekap sekolah"
        verbose_name_plural = "rekap sekolah"
        constraints = [models.UniqueConstraint(fields=["periode", "sekolah"], name="rekapsekolah_unik")]
        indexes = [
            # Keyset pagination of a kabupaten's and a provinsi's schools by name.
            models.Index(fields=["periode", "kabupaten", "nama", "sekolah"], name="rekapsek_kab_nama"),
            models.Index(fields=["periode", "provinsi", "nama", "sekolah"], name="rekapsek_prov_nama"),
            models.Index(fields=["periode", "nama", "sekolah"], name="rekapsek_nama"),
        ]

    def __str__(self):
        return f"{self.nama} ({self.periode_id})"


class RekapPegawai(models.Model):
    """One PTK's state in a period: the stage statuses of their main plan and their data problems.

    ``sinkro_kode``/``sinkro_pihak`` are the last sync error and the actor who must fix it, filled
    by the provider of ``kinerja.dinas.sinkro`` once Sinkro PMM exists (empty until then).
    """

    periode = models.ForeignKey(
        Periode, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    ptk = models.ForeignKey(
        "dapodik.PTK", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    sekolah = models.ForeignKey(
        "dapodik.Sekolah", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    kabupaten = models.ForeignKey(
        "pmm.KabupatenKota",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    provinsi = models.ForeignKey(
        "pmm.Provinsi", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    nama = models.CharField(max_length=150)
    nip = models.CharField(max_length=18, blank=True)
    jenis_ptk = models.CharField(max_length=32)
    status_kepegawaian = models.CharField(max_length=32)
    peran = models.CharField(max_length=20)
    rencana_status = models.CharField(max_length=16, blank=True)
    observasi_status = models.CharField(max_length=16, blank=True)
    penilaian_status = models.CharField(max_length=16, blank=True)
    predikat = models.CharField(max_length=16, blank=True)
    layak = models.BooleanField(default=False)
    akses_kode = models.CharField(max_length=32, blank=True)
    non_asn = models.BooleanField(default=False)
    tanpa_atasan = models.BooleanField(default=False)
    nip_bermasalah = models.BooleanField(default=False)
    sinkro_kode = models.CharField(max_length=16, null=True, blank=True)
    sinkro_pihak = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        verbose_name = "rekap pegawai"
        verbose_name_plural = "rekap pegawai"
        constraints = [models.UniqueConstraint(fields=["periode", "ptk"], name="rekappegawai_unik")]
        indexes = [
            models.Index(fields=["periode", "sekolah", "nama", "ptk"], name="rekappeg_sek_nama"),
            models.Index(fields=["periode", "kabupaten", "nama", "ptk"], name="rekappeg_kab_nama"),
        ]

    def __str__(self):
        return f"{self.nama} ({self.periode_id})"


class RekapStatus(models.Model):
    """When a period's figures were last rebuilt, and whether a rebuild is queued (the debounce)."""

    periode = models.OneToOneField(
        Periode, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    diperbarui_pada = models.DateTimeField("diperbarui pada", null=True, blank=True)
    durasi_detik = models.FloatField("durasi", null=True, blank=True)
    tanggal_acuan = models.DateField("tanggal acuan (jam simulasi)", null=True, blank=True)
    diminta_pada = models.DateTimeField("pembaruan diminta", null=True, blank=True)
    sinkro_tersedia = models.BooleanField(default=False)

    class Meta:
        verbose_name = "status rekap"
        verbose_name_plural = "status rekap"

    def __str__(self):
        return f"Rekap {self.periode_id}: {self.diperbarui_pada}"


class SeedSkala(models.Model):
    """What ``seed_scale`` last loaded, so a second run with the same size does nothing."""

    jumlah_pegawai = models.PositiveIntegerField()
    jumlah_sekolah = models.PositiveIntegerField()
    selesai_pada = models.DateTimeField()
    durasi_detik = models.FloatField()

    class Meta:
        verbose_name = "seed skala nasional"
        verbose_name_plural = "seed skala nasional"

    def __str__(self):
        return f"{self.jumlah_pegawai} pegawai, {self.jumlah_sekolah} sekolah"
