from django.contrib import admin

from .models import KodeReferral, PengajuanAksesPic, RekapStatus


@admin.register(KodeReferral)
class KodeReferralAdmin(admin.ModelAdmin):
    list_display = ["kode", "instansi", "berlaku_sampai", "jumlah_dipakai", "batas_pemakaian", "dicabut_pada"]
    search_fields = ["kode", "instansi__nama"]
    raw_id_fields = ["instansi", "dibuat_oleh"]


@admin.register(PengajuanAksesPic)
class PengajuanAksesPicAdmin(admin.ModelAdmin):
    list_display = ["user", "instansi", "jabatan", "jalur", "status", "diajukan_pada", "ditinjau_oleh"]
    list_filter = ["status", "jalur", "jabatan"]
    search_fields = ["user__email", "instansi__nama"]
    raw_id_fields = ["user", "instansi", "kode_referral", "ditinjau_oleh"]


@admin.register(RekapStatus)
class RekapStatusAdmin(admin.ModelAdmin):
    list_display = [
        "periode",
        "diperbarui_pada",
        "durasi_detik",
        "tanggal_acuan",
        "diminta_pada",
        "sinkro_tersedia",
    ]
