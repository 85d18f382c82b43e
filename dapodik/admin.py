from django.contrib import admin

from .models import PTK, DukcapilPenduduk, Mutasi, PenugasanKepalaSekolah, RosterImport, Sekolah, VervalPtk


@admin.register(Sekolah)
class SekolahAdmin(admin.ModelAdmin):
    list_display = ["npsn", "nama", "jenjang", "status", "kabupaten"]
    list_filter = ["jenjang", "status"]
    search_fields = ["npsn", "nama"]


@admin.register(PTK)
class PTKAdmin(admin.ModelAdmin):
    list_display = ["nama", "nip", "jenis_ptk", "status_kepegawaian", "sekolah"]
    list_filter = ["jenis_ptk", "status_kepegawaian"]
    search_fields = ["nama", "nik", "nip", "nuptk", "email"]
    raw_id_fields = ["sekolah", "user"]


@admin.register(PenugasanKepalaSekolah)
class PenugasanAdmin(admin.ModelAdmin):
    list_display = ["sekolah", "ptk", "jenis", "tanggal_mulai", "tanggal_selesai"]
    raw_id_fields = ["sekolah", "ptk"]


@admin.register(Mutasi)
class MutasiAdmin(admin.ModelAdmin):
    list_display = ["ptk", "sekolah_asal", "sekolah_tujuan", "tanggal_efektif"]
    raw_id_fields = ["ptk", "sekolah_asal", "sekolah_tujuan"]


@admin.register(DukcapilPenduduk)
class DukcapilAdmin(admin.ModelAdmin):
    list_display = ["nik", "nama", "tanggal_lahir"]
    search_fields = ["nik", "nama"]


@admin.register(VervalPtk)
class VervalAdmin(admin.ModelAdmin):
    list_display = ["ptk", "nip_lama", "nip_baru", "status", "diajukan_pada"]
    raw_id_fields = ["ptk"]


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ["nama_berkas", "sekolah", "status", "jumlah_baris", "jumlah_galat", "diunggah_pada"]
