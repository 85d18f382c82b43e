"""The performance cycle: periods, catalogues, plans (SKP), observations, evidence, ratings, history.

Status fields follow the machines of ``kinerja.transitions``; rows change only through
``kinerja.services``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .predikat import Predikat, PredikatOrganisasi, Rating
from .transitions import StatusObservasi, StatusPenilaian, StatusPenilaianSekolah, StatusRencana


class Semester(models.IntegerChoices):
    JAN_JUN = 1, "Januari–Juni"
    JUL_DES = 2, "Juli–Desember"


class Periode(models.Model):
    """One semester of Pengelolaan Kinerja with its stage windows (defaults: ``kinerja.periods``).

    The ``*_selesai`` of the stage windows are the recommended ends shown on the timeline; what is
    enforced is described in ``kinerja.periods``.
    """

    tahun = models.PositiveSmallIntegerField("tahun")
    semester = models.PositiveSmallIntegerField("semester", choices=Semester.choices)
    tanggal_mulai = models.DateField("mulai periode")
    tanggal_selesai = models.DateField("akhir periode")
    perencanaan_mulai = models.DateField("perencanaan mulai")
    perencanaan_selesai = models.DateField("perencanaan selesai")
    persiapan_mulai = models.DateField("persiapan observasi mulai")
    persiapan_selesai = models.DateField("persiapan observasi selesai")
    observasi_mulai = models.DateField("observasi & tindak lanjut mulai")
    observasi_selesai = models.DateField("observasi & tindak lanjut selesai")
    tindak_lanjut_mulai = models.DateField("pelaksanaan tindak lanjut mulai")
    tindak_lanjut_selesai = models.DateField("pelaksanaan tindak lanjut selesai")
    refleksi_mulai = models.DateField("refleksi mulai")
    refleksi_selesai = models.DateField("refleksi selesai")
    penilaian_mulai = models.DateField("penilaian & predikat mulai")
    penilaian_selesai = models.DateField("penilaian & predikat selesai")
    batas_akhir = models.DateField("batas akhir perencanaan & pelaksanaan")

    class Meta:
        ordering = ["-tahun", "-semester"]
        verbose_name = "periode"
        verbose_name_plural = "periode"
        constraints = [
            models.UniqueConstraint(fields=["tahun", "semester"], name="one_periode_per_semester"),
            models.CheckConstraint(
                condition=Q(tanggal_mulai__lte=F("tanggal_selesai"))
                & Q(perencanaan_mulai__lte=F("perencanaan_selesai"))
                & Q(persiapan_mulai__lte=F("persiapan_selesai"))
                & Q(observasi_mulai__lte=F("observasi_selesai"))
                & Q(tindak_lanjut_mulai__lte=F("tindak_lanjut_selesai"))
                & Q(refleksi_mulai__lte=F("refleksi_selesai"))
                & Q(penilaian_mulai__lte=F("penilaian_selesai"))
                & Q(perencanaan_mulai__lte=F("persiapan_mulai"))
                & Q(persiapan_mulai__lte=F("penilaian_mulai")),
                name="periode_windows_in_order",
            ),
        ]

    def __str__(self):
        return self.nama

    @property
    def nama(self) -> str:
        return f"{Semester(self.semester).label} {self.tahun}"

    @property
    def kode(self) -> str:
        return f"{self.tahun}-{self.semester}"


# ---------------------------------------------------------------------------------------------
# Catalogues (kinerja/fixtures/katalog.yaml, editable in the admin). ``terkonfirmasi`` is False for
# an entry no public source confirms (REFERENCE.md §7); ``sumber`` says where it comes from.


class Sasaran(models.TextChoices):
    GURU = "guru", "Guru"
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah"


class KodeManager(models.Manager):
    def get_by_natural_key(self, kode):
        return self.get(kode=kode)


class Indikator(models.Model):
    """Praktik Kinerja: Rapor Pendidikan D.1 sub-indicators (guru) and D.3 indicators (principal)."""

    kode = models.CharField("kode", max_length=32, unique=True)
    nama = models.CharField("nama", max_length=200)
    untuk = models.CharField("untuk", max_length=16, choices=Sasaran.choices)
    komponen = models.CharField("komponen", max_length=100, blank=True)
    deskripsi = models.TextField("deskripsi", blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    terkonfirmasi = models.BooleanField("dikonfirmasi sumber publik", default=False)
    sumber = models.CharField("sumber", max_length=500, blank=True)
    aktif = models.BooleanField("aktif", default=True)

    objects = KodeManager()

    class Meta:
        ordering = ["untuk", "urutan", "kode"]
        verbose_name = "indikator Praktik Kinerja"
        verbose_name_plural = "indikator Praktik Kinerja"

    def __str__(self):
        return f"{self.kode} {self.nama}"

    def natural_key(self):
        return (self.kode,)


class _ButirManager(models.Manager):
    """Natural key of an item: (its parent's kode, its urutan)."""

    def get_by_natural_key(self, induk_kode, urutan):
        return self.get(**{f"{self.model.INDUK}__kode": induk_kode, "urutan": urutan})


class _ButirBersumber(models.Model):
    """An ordered, source-marked item of a coded catalogue entry (``INDUK`` names the foreign key to
    that entry): a focus behaviour of an indicator, a behaviour of a BerAKHLAK value."""

    INDUK = ""

    urutan = models.PositiveSmallIntegerField("urutan")
    terkonfirmasi = models.BooleanField("dikonfirmasi sumber publik", default=False)
    sumber = models.CharField("sumber", max_length=500, blank=True)

    objects = _ButirManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.teks

    def natural_key(self):
        return (getattr(self, self.INDUK).kode, self.urutan)


class FokusPerilaku(_ButirBersumber):
    """A target behaviour of an indicator, chosen in the Diskusi Persiapan."""

    INDUK = "indikator"

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="fokus_perilaku")
    teks = models.CharField("perilaku", max_length=300)

    class Meta:
        ordering = ["indikator", "urutan"]
        verbose_name = "fokus perilaku"
        verbose_name_plural = "fokus perilaku"
        constraints = [models.UniqueConstraint(fields=["indikator", "urutan"], name="fokus_urutan_unik")]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["kinerja.indikator"]


class RhkKompetensi(models.Model):
    """A Pengembangan Kompetensi RHK; its points are static and multiplied by the quantity."""

    kode = models.CharField("kode", max_length=32, unique=True)
    nama = models.CharField("rencana hasil kerja", max_length=300)
    satuan = models.CharField("satuan", max_length=150)
    poin = models.PositiveSmallIntegerField("poin per satuan")
    bukti = models.CharField("bukti dukung", max_length=200, blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    terkonfirmasi = models.BooleanField("dikonfirmasi sumber publik", default=False)
    sumber = models.CharField("sumber", max_length=500, blank=True)
    aktif = models.BooleanField("aktif", default=True)

    objects = KodeManager()

    class Meta:
        ordering = ["urutan", "kode"]
        verbose_name = "RHK Pengembangan Kompetensi"
        verbose_name_plural = "RHK Pengembangan Kompetensi"

    def __str__(self):
        return f"{self.nama} ({self.poin} poin)"

    def natural_key(self):
        return (self.kode,)


class TugasTambahan(models.Model):
    """A Tugas Tambahan (guru only, needs an SK/Surat Tugas). ``jenjang`` empty = every jenjang."""

    kode = models.CharField("kode", max_length=32, unique=True)
    nama = models.CharField("nama", max_length=200)
    jenjang = models.CharField("jenjang (dipisah koma, kosong = semua)", max_length=100, blank=True)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    terkonfirmasi = models.BooleanField("dikonfirmasi sumber publik", default=False)
    sumber = models.CharField("sumber", max_length=500, blank=True)
    aktif = models.BooleanField("aktif", default=True)

    objects = KodeManager()

    class Meta:
        ordering = ["urutan", "kode"]
        verbose_name = "tugas tambahan"
        verbose_name_plural = "tugas tambahan"

    def __str__(self):
        return self.nama

    def natural_key(self):
        return (self.kode,)

    def berlaku_untuk(self, jenjang: str) -> bool:
        daftar = {j.strip().upper() for j in self.jenjang.split(",") if j.strip()}
        return not daftar or (jenjang or "").upper() in daftar


class NilaiBerakhlak(models.Model):
    """One of the seven BerAKHLAK core values (SE MenPANRB 20/2021)."""

    kode = models.CharField("kode", max_length=32, unique=True)
    nama = models.CharField("nilai", max_length=100)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    terkonfirmasi = models.BooleanField("dikonfirmasi sumber publik", default=False)
    sumber = models.CharField("sumber", max_length=500, blank=True)

    objects = KodeManager()

    class Meta:
        ordering = ["urutan"]
        verbose_name = "nilai BerAKHLAK"
        verbose_name_plural = "nilai BerAKHLAK"

    def __str__(self):
        return self.nama

    def natural_key(self):
        return (self.kode,)


class PerilakuBerakhlak(_ButirBersumber):
    INDUK = "nilai"

    nilai = models.ForeignKey(NilaiBerakhlak, on_delete=models.CASCADE, related_name="perilaku")
    teks = models.CharField("panduan perilaku", max_length=300)

    class Meta:
        ordering = ["nilai", "urutan"]
        verbose_name = "panduan perilaku BerAKHLAK"
        verbose_name_plural = "panduan perilaku BerAKHLAK"
        constraints = [models.UniqueConstraint(fields=["nilai", "urutan"], name="perilaku_urutan_unik")]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["kinerja.nilaiberakhlak"]


class RekomendasiIndikator(models.Model):
    """The indicator Rapor Pendidikan recommends to a school (one for teachers, one for the principal)."""

    sekolah = models.ForeignKey("dapodik.Sekolah", on_delete=models.CASCADE, related_name="+")
    untuk = models.CharField("untuk", max_length=16, choices=Sasaran.choices)
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="+")
    sumber = models.CharField("sumber", max_length=200, default="Rapor Pendidikan (simulasi)")

    class Meta:
        verbose_name = "rekomendasi indikator sekolah"
        verbose_name_plural = "rekomendasi indikator sekolah"
        constraints = [
            models.UniqueConstraint(
                fields=["sekolah", "untuk"], name="one_recommendation_per_school_and_role"
            )
        ]

    def __str__(self):
        return f"{self.sekolah_id}: {self.indikator}"


# ---------------------------------------------------------------------------------------------
# Perencanaan


class Peran(models.TextChoices):
    GURU = "guru", "Guru"
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah"
    PLT_KEPALA_SEKOLAH = "plt_kepala_sekolah", "Plt. Kepala Sekolah"


class JalurAtasan(models.TextChoices):
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah definitif"
    PLT_OTOMATIS = "plt_otomatis", "Plt. Kepala Sekolah (disetujui otomatis)"
    KEPALA_DINAS = "kepala_dinas", "Kepala Dinas Pendidikan"


class Rencana(models.Model):
    """A pegawai's plan (SKP) for one period, in one role, at one school.

    A Plt fills one plan as Guru and one per school as Plt. Kepala Sekolah (REFERENCE.md §3i).
    """

    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="rencana")
    ptk = models.ForeignKey("dapodik.PTK", on_delete=models.PROTECT, related_name="rencana_kinerja")
    sekolah = models.ForeignKey("dapodik.Sekolah", on_delete=models.PROTECT, related_name="rencana_kinerja")
    peran = models.CharField("peran", max_length=20, choices=Peran.choices, default=Peran.GURU)
    status = models.CharField(
        "status", max_length=16, choices=StatusRencana.choices, default=StatusRencana.DRAFT
    )
    indikator = models.ForeignKey(
        Indikator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    perilaku_dikonfirmasi = models.BooleanField("perilaku kerja sudah dibaca", default=False)
    jalur_atasan = models.CharField("jalur atasan", max_length=16, choices=JalurAtasan.choices, blank=True)
    atasan_ptk = models.ForeignKey(
        "dapodik.PTK", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pengawas = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pengawas yang diberi delegasi observasi",
    )
    catatan_atasan = models.TextField("catatan atasan", blank=True)
    dibuat_pada = models.DateTimeField("dibuat")
    diajukan_pada = models.DateTimeField("diajukan", null=True, blank=True)
    disetujui_pada = models.DateTimeField("disetujui", null=True, blank=True)
    disepakati_pada = models.DateTimeField("disepakati", null=True, blank=True)

    class Meta:
        ordering = ["-periode", "ptk"]
        verbose_name = "rencana kinerja"
        verbose_name_plural = "rencana kinerja"
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "ptk", "peran", "sekolah"], name="one_plan_per_period_role_school"
            )
        ]
        indexes = [models.Index(fields=["sekolah", "periode", "peran"])]

    def __str__(self):
        return f"Rencana {self.get_peran_display()} {self.ptk_id} ({self.periode_id})"


class RencanaRhk(models.Model):
    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="rhk")
    rhk = models.ForeignKey(RhkKompetensi, on_delete=models.PROTECT, related_name="+")
    jumlah = models.PositiveSmallIntegerField("jumlah", default=1)
    poin = models.PositiveSmallIntegerField("poin per satuan (saat dipilih)")

    class Meta:
        ordering = ["id"]
        verbose_name = "RHK rencana"
        verbose_name_plural = "RHK rencana"
        constraints = [
            models.UniqueConstraint(fields=["rencana", "rhk"], name="rhk_once_per_plan"),
            models.CheckConstraint(condition=Q(jumlah__gte=1), name="rhk_jumlah_positive"),
        ]

    def __str__(self):
        return f"{self.rhk} × {self.jumlah}"

    @property
    def total_poin(self) -> int:
        return self.poin * self.jumlah


class RencanaTugasTambahan(models.Model):
    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="tugas_tambahan")
    tugas = models.ForeignKey(TugasTambahan, on_delete=models.PROTECT, related_name="+")
    nomor_sk = models.CharField("nomor SK/Surat Tugas", max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "tugas tambahan rencana"
        verbose_name_plural = "tugas tambahan rencana"
        constraints = [models.UniqueConstraint(fields=["rencana", "tugas"], name="tugas_once_per_plan")]

    def __str__(self):
        return str(self.tugas)


class EkspektasiKhusus(models.Model):
    """The atasan's specific expectation for one BerAKHLAK value of one plan (PermenPANRB 6/2022:
    the leader may add an "ekspektasi khusus" to each behaviour). Written by the plan's atasan while
    reviewing the submitted plan (``services.perencanaan.rencana_ekspektasi_set``)."""

    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="ekspektasi_khusus")
    nilai = models.ForeignKey(NilaiBerakhlak, on_delete=models.PROTECT, related_name="+")
    teks = models.TextField("ekspektasi khusus")
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField("diubah (jam simulasi)")

    class Meta:
        ordering = ["nilai__urutan", "nilai_id"]
        verbose_name = "ekspektasi khusus"
        verbose_name_plural = "ekspektasi khusus"
        constraints = [
            models.UniqueConstraint(fields=["rencana", "nilai"], name="ekspektasi_once_per_value_and_plan")
        ]

    def __str__(self):
        return f"{self.nilai}: {self.teks[:50]}"


# ---------------------------------------------------------------------------------------------
# Pelaksanaan


class Observasi(models.Model):
    """The observation cycle of a plan: Diskusi Persiapan → Observasi Kelas → Diskusi Tindak Lanjut →
    Refleksi Tindak Lanjut. The observer records facts only: no score (REFERENCE.md §3f)."""

    rencana = models.OneToOneField(Rencana, on_delete=models.CASCADE, related_name="observasi")
    status = models.CharField(
        "status", max_length=16, choices=StatusObservasi.choices, default=StatusObservasi.BELUM
    )
    fokus = models.ManyToManyField(FokusPerilaku, related_name="+", blank=True)
    dokumen_persiapan = models.TextField("dokumen persiapan observasi", blank=True)
    jadwal = models.DateTimeField("jadwal observasi", null=True, blank=True)
    jadwal_diubah = models.PositiveSmallIntegerField("berapa kali jadwal diubah", default=0)
    catatan_observasi = models.TextField("catatan observasi (fakta)", blank=True)
    diobservasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diobservasi_pada = models.DateTimeField(null=True, blank=True)
    catatan_tindak_lanjut = models.TextField("catatan tindak lanjut", blank=True)
    tindak_lanjut_pada = models.DateTimeField(null=True, blank=True)
    refleksi = models.TextField("refleksi tindak lanjut", blank=True)
    refleksi_pada = models.DateTimeField(null=True, blank=True)
    rekomendasi = models.TextField("rekomendasi pengawas untuk Kepala Dinas", blank=True)
    rekomendasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "observasi"
        verbose_name_plural = "observasi"

    def __str__(self):
        return f"Observasi rencana {self.rencana_id} ({self.status})"


class JenisBerkas(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPG"
    PNG = "png", "PNG"


def _bukti_path(instance, filename):
    # The original name never reaches the file system (it is kept in ``nama_asli``).
    return f"kinerja/bukti/{instance.rencana.periode_id}/{instance.rencana.ptk_id}/{uuid.uuid4().hex}.{instance.jenis}"


def _dokumen_path(instance, filename):
    return f"kinerja/sekolah/{instance.periode_id}/{instance.sekolah_id}/{uuid.uuid4().hex}.{instance.jenis_berkas}"


class BuktiDukung(models.Model):
    """Evidence for one chosen Pengembangan Kompetensi RHK or Tugas Tambahan."""

    rencana = models.ForeignKey(Rencana, on_delete=models.CASCADE, related_name="bukti")
    rencana_rhk = models.ForeignKey(
        RencanaRhk, on_delete=models.CASCADE, null=True, blank=True, related_name="bukti"
    )
    rencana_tugas = models.ForeignKey(
        RencanaTugasTambahan, on_delete=models.CASCADE, null=True, blank=True, related_name="bukti"
    )
    berkas = models.FileField(upload_to=_bukti_path, max_length=255)
    nama_asli = models.CharField("nama berkas", max_length=255)
    jenis = models.CharField("jenis berkas", max_length=4, choices=JenisBerkas.choices)
    ukuran = models.PositiveIntegerField("ukuran (byte)")
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField()

    class Meta:
        ordering = ["diunggah_pada", "id"]
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        constraints = [
            models.CheckConstraint(
                condition=Q(rencana_rhk__isnull=False, rencana_tugas__isnull=True)
                | Q(rencana_rhk__isnull=True, rencana_tugas__isnull=False),
                name="bukti_for_one_rhk_or_tugas",
            )
        ]

    def __str__(self):
        return self.nama_asli


class JenisDokumenSekolah(models.TextChoices):
    KOSP = "kosp", "Kurikulum Operasional Satuan Pendidikan (KOSP)"
    KEHADIRAN = "kehadiran", "Rangkuman Kehadiran Guru"


class DokumenSekolah(models.Model):
    """KOSP and Rangkuman Kehadiran Guru uploaded by the principal; the school's teachers read them."""

    sekolah = models.ForeignKey("dapodik.Sekolah", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField("dokumen", max_length=16, choices=JenisDokumenSekolah.choices)
    berkas = models.FileField(upload_to=_dokumen_path, max_length=255)
    nama_asli = models.CharField("nama berkas", max_length=255)
    jenis_berkas = models.CharField("jenis berkas", max_length=4, choices=JenisBerkas.choices)
    ukuran = models.PositiveIntegerField("ukuran (byte)")
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diunggah_pada = models.DateTimeField()

    class Meta:
        ordering = ["jenis"]
        verbose_name = "dokumen sekolah"
        verbose_name_plural = "dokumen sekolah"
        constraints = [
            models.UniqueConstraint(fields=["sekolah", "periode", "jenis"], name="one_document_per_kind")
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.sekolah_id}"


# ---------------------------------------------------------------------------------------------
# Penilaian


class Penilaian(models.Model):
    rencana = models.OneToOneField(Rencana, on_delete=models.CASCADE, related_name="penilaian")
    status = models.CharField(
        "status", max_length=16, choices=StatusPenilaian.choices, default=StatusPenilaian.DRAFT
    )
    rating_hasil_kerja = models.CharField(
        "Rating Hasil Kerja", max_length=16, choices=Rating.choices, blank=True
    )
    rating_perilaku = models.CharField(
        "Rating Perilaku Kerja", max_length=16, choices=Rating.choices, blank=True
    )
    predikat = models.CharField("predikat", max_length=16, choices=Predikat.choices, blank=True)
    catatan = models.TextField("catatan penilai", blank=True)
    dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    diperbarui_pada = models.DateTimeField()
    dikirim_pada = models.DateTimeField(null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "penilaian"
        verbose_name_plural = "penilaian"
        constraints = [
            models.CheckConstraint(
                condition=Q(status=StatusPenilaian.DRAFT) | ~Q(predikat=""),
                name="sent_or_fixed_rating_has_predikat",
            )
        ]

    def __str__(self):
        return f"Penilaian rencana {self.rencana_id}: {self.predikat or '-'}"

    @property
    def lengkap(self) -> bool:
        return bool(self.rating_hasil_kerja and self.rating_perilaku)


class PenilaianSekolah(models.Model):
    """The school-level steps of Penilaian in a period: Kirim ke Dinas Pendidikan (once), the
    Predikat Kinerja Organisasi of the Kepala Dinas, and the principal's penetapan."""

    sekolah = models.ForeignKey("dapodik.Sekolah", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="penilaian_sekolah")
    status = models.CharField(
        "status", max_length=16, choices=StatusPenilaianSekolah.choices, default=StatusPenilaianSekolah.DRAFT
    )
    penjelasan_kirim = models.TextField("penjelasan dan persetujuan pengiriman", blank=True)
    dikirim_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dikirim_pada = models.DateTimeField(null=True, blank=True)
    predikat_organisasi = models.CharField(
        "Predikat Kinerja Organisasi", max_length=16, choices=PredikatOrganisasi.choices, blank=True
    )
    predikat_organisasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    predikat_organisasi_pada = models.DateTimeField(null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "penilaian sekolah"
        verbose_name_plural = "penilaian sekolah"
        constraints = [
            models.UniqueConstraint(fields=["sekolah", "periode"], name="one_school_rating_per_period"),
        ]

    def __str__(self):
        return f"Penilaian sekolah {self.sekolah_id} ({self.periode_id}): {self.status}"


class Riwayat(models.Model):
    """One row per transition: who, from, to, when, note (STYLE.md). ``oleh`` empty = the system."""

    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="+")
    rencana = models.ForeignKey(
        Rencana, on_delete=models.CASCADE, null=True, blank=True, related_name="riwayat"
    )
    sekolah = models.ForeignKey(
        "dapodik.Sekolah", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    mesin = models.CharField("objek", max_length=20)
    transisi = models.CharField("transisi", max_length=32)
    dari = models.CharField("dari status", max_length=16, blank=True)
    ke = models.CharField("ke status", max_length=16, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pada = models.DateTimeField("waktu (jam simulasi)")
    catatan = models.TextField("catatan", blank=True)
    notifikasi_pada = models.DateTimeField("notifikasi dikirim", null=True, blank=True)

    class Meta:
        ordering = ["pada", "id"]
        verbose_name = "riwayat"
        verbose_name_plural = "riwayat"
        indexes = [models.Index(fields=["sekolah", "periode"])]

    def __str__(self):
        return f"{self.mesin}.{self.transisi}: {self.dari or '-'} → {self.ke or '-'}"
