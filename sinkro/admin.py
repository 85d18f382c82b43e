from django.contrib import admin

from .models import SinkroConfig, SyncBatch, SyncIntent


@admin.register(SinkroConfig)
class SinkroConfigAdmin(admin.ModelAdmin):
    list_display = ("instansi", "api_key_masked", "diubah_pada", "diubah_oleh")
    raw_id_fields = ("instansi", "diubah_oleh")


@admin.register(SyncBatch)
class SyncBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "instansi", "periode", "jumlah", "tahap_guru_dikirim", "dibuat_pada")
    list_filter = ("instansi",)
    raw_id_fields = ("instansi", "periode", "dibuat_oleh")


@admin.register(SyncIntent)
class SyncIntentAdmin(admin.ModelAdmin):
    list_display = ("id", "ptk", "peran", "periode", "status", "kode", "aktor", "attempts", "dibuat_pada")
    list_filter = ("status", "peran", "kode")
    search_fields = ("ptk__nip", "ptk__nama", "idempotency_key")
    raw_id_fields = ("ptk", "instansi", "periode", "batch", "diminta_oleh")
    readonly_fields = ("idempotency_key", "payload", "detail", "peringatan", "skp", "lease_token")
