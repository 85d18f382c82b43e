"""Who may ask for the Dashboard Pemantauan Pengelolaan Kinerja, and what a PIC may see (seed 004).

Decisions where seed 004 and REFERENCE.md §7 leave it open:

* **Dinas domain.** An Akun belajar.id "dengan domain @dinas" is an e-mail whose domain is
  ``dinas.belajar.id`` or a subdomain of it (``@kabmappi.dinas.belajar.id``). The real domain is not
  confirmed by a public source (REFERENCE.md §7); ``DOMAIN_DINAS`` is the one place to change it.
* **Activated.** belajar.id accounts are created for the user and activated by signing in for the
  first time with one's own password. In the simulator an account is activated when it is active,
  has a usable password and has signed in at least once (``last_login``). An account created with
  an unusable password (the Bimtek seed's "belum aktivasi" case) or used only through an API token
  issued by an admin has never signed in and is not activated.
* **Positions.** Kepala Dinas/Bidang, Kepala Seksi and Sekretaris Dinas enter the referral code of
  their Dinas and are granted at once; any other Dinas position ("operator") sends a request that
  Admin Pusat approves or refuses with a reason. Seed 004 excludes Pengawas from both routes: they
  are told so.
* **Scope.** A PIC of a kabupaten/kota Dinas sees that kabupaten/kota; a PIC of a provinsi Dinas
  sees the whole provinsi; Admin Pusat (and the trainer) sees the whole country.
"""

from dataclasses import dataclass, field

from pmm.roles import Role

from .models import JABATAN_STRUKTURAL, Jabatan, PengajuanAksesPic, StatusPengajuan

DOMAIN_DINAS = "dinas.belajar.id"

PANDUAN_AKUN = (
    "Ajukan pembuatan Akun belajar.id Dinas mengikuti Panduan Mendapatkan Akun belajar.id untuk Dinas "
    "Pendidikan. PIC struktural (Kepala Dinas/Bidang, Kepala Seksi, Sekretaris Dinas) memakai pengajuan "
    "dengan kode referral; operator Dinas memakai pengajuan tanpa kode referral melalui Pusat Bantuan dengan "
    "Perihal «Pengajuan Akun belajar.id untuk akses Alat Bantu Pengelolaan Kinerja» dan Kategori Masalah "
    "«Pertanyaan/Kendala Seputar Akun Dinas & Dikbud» → «Pengajuan Akun Dinas/Dikbud»."
)
PANDUAN_AKTIVASI = (
    "Lakukan aktivasi Akun belajar.id Anda mengikuti Panduan Aktivasi Akun belajar.id (masuk pertama kali "
    "dan mengganti kata sandi), lalu ajukan akses kembali. Jika lupa kata sandi, ikuti Panduan Mengganti "
    "(Reset) Password Akun belajar.id."
)
PERIHAL = "Pengajuan Akun belajar.id untuk akses Alat Bantu Pengelolaan Kinerja"


def is_dinas_email(email: str) -> bool:
    domain = (email or "").rsplit("@", 1)[-1].strip().lower() if "@" in (email or "") else ""
    return domain == DOMAIN_DINAS or domain.endswith("." + DOMAIN_DINAS)


def is_activated(user) -> bool:
    return bool(user.is_active and user.has_usable_password() and user.last_login is not None)


@dataclass(frozen=True)
class Kelayakan:
    """May this account ask for access now; if not, why and what to do."""

    kode: str  # "boleh" when it may ask
    pesan: str = ""
    langkah: str = ""

    @property
    def boleh(self) -> bool:
        return self.kode == "boleh"

    def as_dict(self) -> dict:
        return {
            "kode": self.kode,
            "boleh_mengajukan": self.boleh,
            "pesan": self.pesan,
            "langkah": self.langkah,
        }


BOLEH = Kelayakan("boleh")


def kelayakan_evaluate(user, *, actor=None, pending: PengajuanAksesPic | None = None) -> Kelayakan:
    """The first reason, in the order a user meets them, why ``user`` cannot ask for access."""
    if actor is not None and actor.is_trainer:
        return Kelayakan(
            "admin_pusat",
            "Anda Admin Pusat/pelatih: dashboard seluruh wilayah sudah terbuka untuk Anda.",
            "Buka Dashboard Pemantauan Pengelolaan Kinerja dari menu.",
        )
    if actor is not None and actor.has(Role.PIC_DINAS):
        return Kelayakan(
            "sudah_pic",
            "Anda sudah memiliki akses Dashboard Pemantauan Pengelolaan Kinerja.",
            "Buka dashboard dari menu; wilayah yang tampil adalah wilayah Dinas Anda.",
        )
    if not is_dinas_email(user.email):
        return Kelayakan(
            "bukan_domain_dinas",
            f"Akun {user.email} bukan Akun belajar.id Dinas. Hanya Akun belajar.id dengan domain "
            f"@{DOMAIN_DINAS} (atau subdomainnya, misalnya @kabupaten.{DOMAIN_DINAS}) milik PIC Pengelolaan "
            "Kinerja di Dinas Pendidikan yang dapat mengajukan akses dashboard. Akun guru, kepala sekolah, "
            "operator sekolah dan akun lain tidak dapat mengajukan.",
            PANDUAN_AKUN,
        )
    if not user.is_active:
        return Kelayakan(
            "akun_nonaktif",
            "Akun belajar.id Anda sedang dinonaktifkan.",
            "Hubungi Pusat Bantuan untuk mengaktifkan kembali akun Anda.",
        )
    if not is_activated(user):
        return Kelayakan("belum_aktivasi", "Akun belajar.id Dinas Anda belum diaktivasi.", PANDUAN_AKTIVASI)
    if pending is not None:
        return Kelayakan(
            "menunggu_tinjauan",
            f"Pengajuan Anda untuk {pending.instansi.nama} sedang menunggu tinjauan Admin Pusat.",
            "Tunggu hasil tinjauan; hasilnya tampil di halaman ini.",
        )
    return BOLEH


def kelayakan_jabatan(jabatan: str) -> Kelayakan:
    if jabatan == Jabatan.PENGAWAS:
        return Kelayakan(
            "jabatan_pengawas",
            "Pengawas Sekolah tidak termasuk PIC yang dapat mengajukan akses Dashboard Pemantauan melalui "
            "formulir ini (seed 004: formulir untuk PIC struktural dan operator Dinas).",
            "Pengawas menjalankan observasi kepala sekolah atas delegasi Kepala Dinas. Jika Anda juga "
            "ditugaskan sebagai PIC, ajukan dengan jabatan PIC Anda di Dinas.",
        )
    return BOLEH


def is_struktural(jabatan: str) -> bool:
    return jabatan in JABATAN_STRUKTURAL


def pending_for(user) -> PengajuanAksesPic | None:
    return (
        PengajuanAksesPic.objects.select_related("instansi")
        .filter(user=user, status=StatusPengajuan.DIAJUKAN)
        .first()
    )


# ---------------------------------------------------------------------------------------------
# What a PIC may see


@dataclass(frozen=True)
class Cakupan:
    """The regions an actor may see on the dashboard."""

    nasional: bool = False
    provinsi_ids: frozenset[int] = field(default_factory=frozenset)
    kabupaten_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def kosong(self) -> bool:
        return not (self.nasional or self.provinsi_ids or self.kabupaten_ids)

    def boleh_provinsi(self, provinsi_id) -> bool:
        return self.nasional or provinsi_id in self.provinsi_ids

    def boleh_kabupaten(self, kabupaten_id, provinsi_id) -> bool:
        return self.boleh_provinsi(provinsi_id) or kabupaten_id in self.kabupaten_ids


TIDAK_ADA = Cakupan()


def cakupan_for(actor) -> Cakupan:
    """From the actor's PIC grants (a grant scoped by instansi only takes the instansi's region:
    one query, only for such grants)."""
    if actor is None or actor.user is None:
        return TIDAK_ADA
    if actor.is_trainer:
        return Cakupan(nasional=True)
    provinsi, kabupaten, instansi = set(), set(), set()
    for g in actor.grants_for(Role.PIC_DINAS):
        if g.kabupaten_id:
            kabupaten.add(g.kabupaten_id)
        elif g.provinsi_id:
            provinsi.add(g.provinsi_id)
        elif g.instansi_id:
            instansi.add(g.instansi_id)
    if instansi:
        from pmm.models import Instansi

        for prov_id, kab_id in Instansi.objects.filter(pk__in=instansi).values_list(
            "provinsi_id", "kabupaten_id"
        ):
            if kab_id:
                kabupaten.add(kab_id)
            else:
                provinsi.add(prov_id)
    return Cakupan(False, frozenset(provinsi), frozenset(kabupaten))
