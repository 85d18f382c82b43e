from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Instansi, KabupatenKota, Provinsi, SimulatedClock, User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0
    autocomplete_fields = ["sekolah"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "nama", "is_active", "is_staff"]
    search_fields = ["email", "nama"]
    inlines = [UserRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "nama")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "nama", "password1", "password2")}),)


@admin.register(Provinsi)
class ProvinsiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama"]
    search_fields = ["nama", "kode"]


@admin.register(KabupatenKota)
class KabupatenKotaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "provinsi"]
    search_fields = ["nama", "kode"]


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "provinsi", "kabupaten"]
    search_fields = ["nama", "kode"]


@admin.register(SimulatedClock)
class SimulatedClockAdmin(admin.ModelAdmin):
    list_display = ["offset", "updated_at", "updated_by"]
