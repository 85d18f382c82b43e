from django.contrib import admin

from .models import (
    ApiKey,
    Gangguan,
    KunciIdempotensi,
    LogSinkron,
    Pegawai,
    Periode,
    PltRegistrasi,
    PnsSiasn,
    Rhk,
    Skp,
    Unor,
    UserPmm,
)


@admin.register(Unor)
class UnorAdmin(admin.ModelAdmin):
    list_display = ("nama", "npsn", "instansi", "aktif_ekinerja", "aktif_siasn", "diatasan", "pemimpin")
    list_filter = ("instansi", "aktif_ekinerja", "aktif_siasn")
    search_fields = ("nama", "npsn", "id")
    raw_id_fields = ("diatasan", "pemimpin")


@admin.register(PnsSiasn)
class PnsSiasnAdmin(admin.ModelAdmin):
    list_display = ("nama", "nip", "nik", "instansi", "unor", "tanggal_unor")
    list_filter = ("instansi",)
    search_fields = ("nama", "nip", "nik", "id", "email")
    raw_id_fields = ("unor",)


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ("pns", "instansi", "unor")
    list_filter = ("instansi",)
    search_fields = ("pns__nama", "pns__nip")
    raw_id_fields = ("pns", "unor")


@admin.register(UserPmm)
class UserPmmAdmin(admin.ModelAdmin):
    list_display = ("nip", "instansi", "ditambahkan_pada")
    list_filter = ("instansi",)
    search_fields = ("nip",)


@admin.register(PltRegistrasi)
class PltRegistrasiAdmin(admin.ModelAdmin):
    list_display = ("pns", "unor", "instansi")
    raw_id_fields = ("pns", "unor")


@admin.register(Periode)
class PeriodeAdmin(admin.ModelAdmin):
    list_display = ("instansi", "tahun", "semester", "dibuka")
    list_filter = ("instansi", "dibuka")


class RhkInline(admin.TabularInline):
    model = Rhk
    extra = 0
    raw_id_fields = ("rhk_atasan",)


@admin.register(Skp)
class SkpAdmin(admin.ModelAdmin):
    list_display = ("pegawai", "periode", "peran", "unor", "is_organisasi", "sumber", "diperbarui_pada")
    list_filter = ("peran", "is_organisasi", "sumber")
    search_fields = ("pegawai__pns__nama", "pegawai__pns__nip")
    raw_id_fields = ("pegawai", "unor", "periode")
    filter_horizontal = ("unor_plt",)
    inlines = [RhkInline]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("prefix", "nama", "instansi", "aktif", "dibuat_pada")
    list_filter = ("aktif", "instansi")
    readonly_fields = ("key_hash", "prefix")


@admin.register(Gangguan)
class GangguanAdmin(admin.ModelAdmin):
    list_display = ("mode", "persen", "nip", "sisa", "diubah_pada")


@admin.register(LogSinkron)
class LogSinkronAdmin(admin.ModelAdmin):
    list_display = ("waktu", "nip", "peran", "hasil", "kode", "aktor", "instansi")
    list_filter = ("hasil", "kode", "instansi")
    search_fields = ("nip", "nama", "idempotency_key", "request_id")
    raw_id_fields = ("skp", "api_key")


@admin.register(KunciIdempotensi)
class KunciIdempotensiAdmin(admin.ModelAdmin):
    list_display = ("key", "instansi", "http_status", "dibuat_pada")
    search_fields = ("key",)
    raw_id_fields = ("log",)
