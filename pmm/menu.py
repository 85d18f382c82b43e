"""The role-aware menu of the home page. Each app adds its entries here by URL name; an entry whose
URL does not exist (yet) is left out rather than breaking the page."""

from django.urls import NoReverseMatch, reverse

from .roles import Role

MENU: dict[str, list[tuple[str, str]]] = {
    Role.GURU: [
        ("Pengelolaan Kinerja", "kinerja:beranda"),
        ("Sinkro PMM", "sinkro:beranda"),
        ("Cek akses Pengelolaan Kinerja", "kinerja:akses"),
        ("e-Kinerja saya (simulasi BKN)", "ekinerja:saya"),
    ],
    Role.KEPALA_SEKOLAH: [
        ("Pengelolaan Kinerja", "kinerja:beranda"),
        ("Sinkro PMM", "sinkro:beranda"),
        ("Cek akses Pengelolaan Kinerja", "kinerja:akses"),
        ("e-Kinerja saya (simulasi BKN)", "ekinerja:saya"),
    ],
    Role.PLT_KEPALA_SEKOLAH: [
        ("Pengelolaan Kinerja", "kinerja:beranda"),
        ("Sinkro PMM (Sinkro data PLT PMM)", "sinkro:beranda"),
        ("e-Kinerja saya (simulasi BKN)", "ekinerja:saya"),
    ],
    Role.OPERATOR_SEKOLAH: [
        ("Data PTK sekolah", "dapodik:ptk_list"),
        ("Impor roster PTK", "roster:import"),
        ("Verval PTK", "dapodik:verval_list"),
        ("Sekolah dan kepala sekolah", "dapodik:sekolah_list"),
    ],
    Role.ADMIN_INSTANSI: [
        ("e-Kinerja: menu Admin Instansi", "ekinerja:beranda"),
        ("Sinkro massal", "sinkro:menu_massal"),
        ("Diagnosis Sinkro PMM", "sinkro:menu_diagnosis"),
        ("Sinkro PMM: permintaan dan kunci API", "sinkro:instansi_list"),
        ("Lembar skenario Sinkro (Bimtek)", "sinkro:skenario"),
        ("Bantuan pesan error Sinkro PMM", "sinkro:bantuan"),
        ("Sekolah (Dapodik)", "dapodik:sekolah_list"),
        ("Data PTK (Dapodik)", "dapodik:ptk_list"),
    ],
    Role.KEPALA_DINAS: [
        ("Predikat Kinerja Organisasi sekolah", "kinerja:dinas_sekolah"),
        ("Rencana dan penilaian Kepala Sekolah", "kinerja:dinas_rencana"),
        ("Sekolah (Dapodik)", "dapodik:sekolah_list"),
        ("Ajukan akses Dashboard Pemantauan", "dinas:akses"),
    ],
    Role.PIC_DINAS: [
        ("Dashboard Pemantauan Pengelolaan Kinerja", "dinas:beranda"),
    ],
    Role.PENGAWAS: [
        ("Observasi Kepala Sekolah yang didelegasikan", "kinerja:pengawas"),
    ],
    Role.HELPDESK: [
        ("Antrean tiket Pusat Bantuan", "bantuan:antrean"),
    ],
    Role.ADMIN_PUSAT: [
        ("Jam simulasi", "clock"),
        ("Dashboard Pemantauan Pengelolaan Kinerja", "dinas:beranda"),
        ("Tinjauan akses PIC Dinas", "dinas:tinjauan"),
        ("Kode referral PIC Dinas", "dinas:referral"),
        ("Gangguan e-Kinerja", "ekinerja:gangguan"),
        ("Lembar skenario Sinkro (Bimtek)", "sinkro:skenario"),
        ("Sinkro PMM (semua instansi)", "sinkro:instansi_list"),
        ("e-Kinerja (semua instansi)", "ekinerja:beranda"),
        ("Admin Django", "admin:index"),
        ("Dokumentasi API", "api_docs"),
        ("Sekolah dan PTK (Dapodik)", "dapodik:sekolah_list"),
    ],
}


# Seed 000: every user can reach Pusat Bantuan; trainers also watch the helpdesk queue.
MENU[Role.ADMIN_PUSAT].append(("Antrean tiket Pusat Bantuan", "bantuan:antrean"))
for _links in MENU.values():
    _links.append(("Pusat Bantuan", "bantuan:tiket_saya"))


# An account with no role yet (e.g. a new Dinas account, or a PTK not yet linked in Dapodik) still
# needs the ways in: check access, ask for dashboard access (seed 004), or ask for help.
WITHOUT_ROLE = [
    ("Cek akses Pengelolaan Kinerja", "kinerja:akses"),
    ("Ajukan akses Dashboard Pemantauan (akun @dinas)", "dinas:akses"),
    ("Pusat Bantuan", "bantuan:tiket_saya"),
]


def _resolve(entries):
    links = []
    for label, name in entries:
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return links


def menu_for(actor) -> list[tuple[str, list[tuple[str, str]]]]:
    if actor.user is not None and not actor.roles and not actor.is_trainer:
        return [("Akun", _resolve(WITHOUT_ROLE))]
    sections = []
    roles = set(actor.roles)
    if actor.is_trainer:
        roles.add(Role.ADMIN_PUSAT)
    # The Django admin opens only for staff accounts; anyone else would land on its login page.
    staff = bool(getattr(actor.user, "is_staff", False) and getattr(actor.user, "is_active", False))
    for role in Role:
        if role not in roles:
            continue
        entries = [(label, name) for label, name in MENU.get(role, []) if staff or name != "admin:index"]
        sections.append((role.label, _resolve(entries)))
    return sections
