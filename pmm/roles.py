"""Roles of DESIGN.md §1.

Guru, Kepala Sekolah and Plt. Kepala Sekolah are *derived* from Dapodik (the PTK record linked to the
belajar.id account and its principal assignments), as in the real PMM; every other role is granted
explicitly (UserRole) with its scope (a school, an instansi, a region).
"""

from django.db import models


class Role(models.TextChoices):
    GURU = "guru", "Guru"
    KEPALA_SEKOLAH = "kepala_sekolah", "Kepala Sekolah"
    PLT_KEPALA_SEKOLAH = "plt_kepala_sekolah", "Plt. Kepala Sekolah"
    OPERATOR_SEKOLAH = "operator_sekolah", "Operator Sekolah"
    ADMIN_INSTANSI = "admin_instansi", "Admin Instansi (BKD)"
    KEPALA_DINAS = "kepala_dinas", "Kepala Dinas"
    PIC_DINAS = "pic_dinas", "PIC Dinas"
    PENGAWAS = "pengawas", "Pengawas Sekolah"
    HELPDESK = "helpdesk", "Helpdesk Pusat Bantuan"
    ADMIN_PUSAT = "admin_pusat", "Admin Pusat / Pelatih"


# Roles that come from Dapodik and may not be granted by hand.
DAPODIK_ROLES = frozenset({Role.GURU, Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH})
GRANTED_ROLE_CHOICES = [(r.value, r.label) for r in Role if r not in DAPODIK_ROLES]
