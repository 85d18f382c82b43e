"""Admin: the catalogues and the period windows are edited here; plans, ratings and history are
read-only (their changes go through the services so every transition leaves its history row)."""

from django.contrib import admin

from .models import (
    BuktiDukung,
    DokumenSekolah,
    EkspektasiKhusus,
    FokusPerilaku,
    Indikator,
    NilaiBerakhlak,
    Penilaian,
    PenilaianSekolah,
    PerilakuBerakhlak,
    Periode,
    RekomendasiIndikator,
    Rencana,
    RencanaRhk,
    RencanaTugasTambahan,
    RhkKompetensi,
    Riwayat,
    TugasTambahan,
)


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = [
        "nama",
        "perencanaan_mulai",
        "persiapan_mulai",
        "penilaian_mulai",
        "penilaian_selesai",
        "batas_akhir",
    ]
    fieldsets = (
        (None, {"fields": ("tahun", "semester", "tanggal_mulai", "tanggal_selesai", "batas_akhir")}),
        (
            "Linimasa tahap",
            {
                "description": "Awal setiap tahap membuka tindakan tahap itu; akhir tahap adalah anjuran "
                "(ditampilkan di linimasa). Penilaian hanya dapat dilakukan di dalam jendela penilaian.",
                "fields": (
                    ("perencanaan_mulai", "perencanaan_selesai"),
                    ("persiapan_mulai", "persiapan_selesai"),
                    ("observasi_mulai", "observasi_selesai"),
                    ("tindak_lanjut_mulai", "tindak_lanjut_selesai"),
                    ("refleksi_mulai", "refleksi_selesai"),
                    ("penilaian_mulai", "penilaian_selesai"),
                ),
            },
        ),
    )


class FokusInline(admin.TabularInline):
    model = FokusPerilaku
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "untuk", "komponen", "terkonfirmasi", "aktif"]
    list_filter = ["untuk", "terkonfirmasi", "aktif"]
    search_fields = ["kode", "nama"]
    inlines = [FokusInline]


@admin.register(RhkKompetensi)
class RhkKompetensiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "satuan", "poin", "terkonfirmasi", "aktif"]
    list_filter = ["terkonfirmasi", "aktif"]
    search_fields = ["kode", "nama"]


@admin.register(TugasTambahan)
class TugasTambahanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenjang", "terkonfirmasi", "aktif"]
    list_filter = ["terkonfirmasi", "aktif"]
    search_fields = ["kode", "nama"]


class PerilakuInline(admin.TabularInline):
    model = PerilakuBerakhlak
    extra = 0


@admin.register(NilaiBerakhlak)
class NilaiBerakhlakAdmin(admin.ModelAdmin):
    list_display = ["urutan", "nama", "terkonfirmasi"]
    inlines = [PerilakuInline]


@admin.register(RekomendasiIndikator)
class RekomendasiIndikatorAdmin(admin.ModelAdmin):
    list_display = ["sekolah", "untuk", "indikator", "sumber"]
    list_filter = ["untuk"]
    raw_id_fields = ["sekolah"]
    search_fields = ["sekolah__nama", "sekolah__npsn"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RhkInline(admin.TabularInline):
    model = RencanaRhk
    extra = 0
    can_delete = False
    readonly_fields = ["rhk", "jumlah", "poin"]

    def has_add_permission(self, request, obj=None):
        return False


class TugasInline(admin.TabularInline):
    model = RencanaTugasTambahan
    extra = 0
    can_delete = False
    readonly_fields = ["tugas", "nomor_sk"]

    def has_add_permission(self, request, obj=None):
        return False


class EkspektasiInline(admin.TabularInline):
    model = EkspektasiKhusus
    extra = 0
    can_delete = False
    readonly_fields = ["nilai", "teks", "diisi_oleh", "diubah_pada"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rencana)
class RencanaAdmin(ReadOnlyAdmin):
    list_display = ["ptk", "peran", "sekolah", "periode", "status", "jalur_atasan"]
    list_filter = ["periode", "peran", "status", "jalur_atasan"]
    search_fields = ["ptk__nama", "ptk__nip", "sekolah__nama", "sekolah__npsn"]
    raw_id_fields = ["ptk", "sekolah", "atasan_ptk", "pengawas"]
    inlines = [RhkInline, TugasInline, EkspektasiInline]


@admin.register(Penilaian)
class PenilaianAdmin(ReadOnlyAdmin):
    list_display = ["rencana", "rating_hasil_kerja", "rating_perilaku", "predikat", "status"]
    list_filter = ["status", "predikat"]


@admin.register(PenilaianSekolah)
class PenilaianSekolahAdmin(ReadOnlyAdmin):
    list_display = ["sekolah", "periode", "status", "predikat_organisasi"]
    list_filter = ["periode", "status", "predikat_organisasi"]
    search_fields = ["sekolah__nama", "sekolah__npsn"]


@admin.register(BuktiDukung)
class BuktiDukungAdmin(ReadOnlyAdmin):
    list_display = ["nama_asli", "rencana", "jenis", "ukuran", "diunggah_pada"]


@admin.register(DokumenSekolah)
class DokumenSekolahAdmin(ReadOnlyAdmin):
    list_display = ["sekolah", "periode", "jenis", "nama_asli", "diunggah_pada"]


@admin.register(Riwayat)
class RiwayatAdmin(ReadOnlyAdmin):
    list_display = ["pada", "mesin", "transisi", "dari", "ke", "oleh", "rencana", "sekolah"]
    list_filter = ["mesin", "transisi"]
    date_hierarchy = "pada"
