from django.contrib import admin

from .models import Balasan, RiwayatStatus, Tiket


class BalasanInline(admin.TabularInline):
    model = Balasan
    extra = 0
    fields = ("dibuat_at", "penulis", "dari_petugas", "internal", "teks")
    readonly_fields = fields
    can_delete = False


class RiwayatInline(admin.TabularInline):
    model = RiwayatStatus
    extra = 0
    fields = ("waktu", "oleh", "dari", "ke", "catatan")
    readonly_fields = fields
    can_delete = False


@admin.register(Tiket)
class TiketAdmin(admin.ModelAdmin):
    """Read-only: tickets change through the Pusat Bantuan pages, which keep the history."""

    list_display = ("nomor", "kategori", "email", "status", "received_at", "due_at", "first_response_at")
    list_filter = ("status", "kategori")
    search_fields = ("email", "pelapor__email", "deskripsi")
    list_select_related = ("pelapor",)
    date_hierarchy = "received_at"
    inlines = [BalasanInline, RiwayatInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
