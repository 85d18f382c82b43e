"""The Bimtek scenario (DESIGN.md §7): Kabupaten Mappi, Papua Selatan, as a practice region.

Seed 003 is the Bimtek deck of Dinas Pendidikan Kabupaten Mappi (2024), so the scenario is set there.
Codes: provinsi "93" and kabupaten "9303" follow the Kemendagri codes after Papua Selatan was formed
in 2022 (Merauke 93.01, Boven Digoel 93.02, Mappi 93.03, Asmat 93.04); the NIK of every PTK starts
with 9303 + a distrik code. NPSN are 603040xx, close to the real Papua numbering but invented.

Two layers, so a later issue can extend the scenario without touching this one:

- ``scenario_build()`` is pure and deterministic (``random.Random(RANDOM_SEED)``): it returns a
  ``Scenario`` with the schools, PTK (with the NIP that SIASN should hold, ``nip_siasn``, and what
  Dukcapil holds), principal assignments, accounts and the *tokoh*: named pegawai with their story
  and the cases they carry, for the scenario sheet a trainer hands out.
- ``scenario_apply(scenario=...)`` writes it with bulk upserts keyed by natural keys (NPSN, NIK,
  e-mail), so running it again changes nothing and restores what trainees changed. Extra steps (for
  instance the SIASN/e-Kinerja records of the sync errors) register with ``register_step`` and run in
  the same transaction with the ids of what was written.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from pmm.models import Instansi, KabupatenKota, Provinsi, User
from pmm.roles import Role
from pmm.services import role_grant

from . import identifiers
from .choices import (
    STATUS_NIP_PNS,
    JenisKelamin,
    JenisPenugasan,
    JenisPTK,
    Jenjang,
    StatusKepegawaian,
    StatusSekolah,
)
from .models import PTK, DukcapilPenduduk, PenugasanKepalaSekolah, Sekolah

# One password for every demo account; it passes AUTH_PASSWORD_VALIDATORS.
PASSWORD = "bimtek2024"
RANDOM_SEED = 2024

PROVINSI = ("93", "Papua Selatan")
KABUPATEN = ("9303", "Kabupaten Mappi")
INSTANSI_KAB = ("KAB9303", "Pemerintah Kabupaten Mappi")
INSTANSI_PROV = ("PROV93", "Pemerintah Provinsi Papua Selatan")
KAB, PROV = "kab", "prov"

DISTRIK = {
    "01": "Obaa",
    "02": "Nambioman Bapai",
    "03": "Edera",
    "04": "Haju",
    "05": "Assue",
    "06": "Citak Mitak",
    "07": "Minyamur",
    "08": "Venaha",
    "09": "Passue",
    "10": "Bamgi",
}

# Plt assignments start before the first semester a Bimtek is likely to simulate (2024).
PLT_MULAI = date(2023, 7, 1)

# Case codes carried by the tokoh; later issues add theirs (sync errors) to the same list.
KASUS = {
    "akses_penuh": "Dapat memakai Pengelolaan Kinerja dan sinkron",
    "akses_tanpa_sinkro": "Non-ASN di bawah Pemda: boleh memakai, tidak boleh sinkron",
    "akses_jenis_ptk": "Jenis PTK tidak termasuk Pengelolaan Kinerja",
    "akses_bukan_pemda": "Tidak di bawah naungan Pemda",
    "akses_asn_swasta": "ASN diperbantukan di sekolah swasta: langsung ke e-Kinerja",
    "kepala_definitif": "Kepala Sekolah definitif",
    "plt_sekolah_sendiri": "Plt. Kepala Sekolah di sekolahnya sendiri",
    "plt_dua_sekolah": "Plt. Kepala Sekolah di dua sekolah",
    "tanpa_atasan": "Sekolah tanpa kepala sekolah definitif maupun Plt",
    "pppk": "Guru PPPK (NI PPPK)",
    "cpns": "CPNS",
    "dukcapil_nama_beda": "Nama di Dapodik berbeda dengan Dukcapil: Verval PTK ditolak",
    "dukcapil_tanggal_beda": "Tanggal lahir di Dapodik berbeda dengan Dukcapil: Verval PTK ditolak",
    "nip_beda_siasn": "NIP di Dapodik berbeda dengan NIP di SIASN",
}


@dataclass(frozen=True)
class SekolahSpec:
    npsn: str
    nama: str
    jenjang: str
    status: str
    pemda: str | None  # KAB, PROV or None (swasta)
    distrik: str  # key of DISTRIK

    @property
    def domain(self) -> str:
        return self.jenjang.lower()


@dataclass(frozen=True)
class PtkSpec:
    key: str
    nama: str
    tanggal_lahir: date
    jenis_kelamin: str
    jenis_ptk: str
    status_kepegawaian: str
    npsn: str
    nik: str
    nuptk: str | None
    nip: str | None  # as recorded in Dapodik
    nip_siasn: str | None  # the NIP BKN holds (differs from ``nip`` only for a deliberate case)
    email: str
    tmt_tugas: date
    dukcapil_nama: str
    dukcapil_tanggal_lahir: date


@dataclass(frozen=True)
class PenugasanSpec:
    npsn: str
    ptk_key: str
    jenis: str
    tanggal_mulai: date
    nomor_sk: str


@dataclass(frozen=True)
class AkunSpec:
    email: str
    nama: str
    role: str | None  # a granted role; None for PTK (their roles come from Dapodik)
    coba: str = ""  # what to try with this login, for the table printed at the end
    npsn: str | None = None
    instansi: str | None = None  # KAB / PROV
    wilayah: bool = False  # also scoped to the kabupaten (Dinas roles)
    is_superuser: bool = False


@dataclass(frozen=True)
class Tokoh:
    """A named pegawai of the scenario sheet: who they are, their story, what to try."""

    kode: str
    ptk_key: str
    cerita: str
    coba: str
    kasus: tuple[str, ...]
    deliberately_invalid: bool = False  # Dapodik identifiers that fail validators on purpose


@dataclass
class Scenario:
    sekolah: list[SekolahSpec] = field(default_factory=list)
    ptk: list[PtkSpec] = field(default_factory=list)
    penugasan: list[PenugasanSpec] = field(default_factory=list)
    akun: list[AkunSpec] = field(default_factory=list)
    tokoh: list[Tokoh] = field(default_factory=list)

    def ptk_by_key(self, key: str) -> PtkSpec:
        return next(p for p in self.ptk if p.key == key)

    def tokoh_by_kode(self, kode: str) -> Tokoh:
        return next(t for t in self.tokoh if t.kode == kode)

    def sekolah_by_npsn(self, npsn: str) -> SekolahSpec:
        return next(s for s in self.sekolah if s.npsn == npsn)


# --- schools -------------------------------------------------------------------------------------

_SD_DISTRIK = ["01", "01", "01", "01", "02", "02", "03", "03", "04", "04"]
_SD_DISTRIK += ["05", "05", "06", "06", "07", "07", "08", "08", "09", "10"]
_SMP_DISTRIK = ["01", "02", "03", "04", "05", "06", "08"]


def _npsn(urut: int) -> str:
    return identifiers.npsn_build(50_304_000 + urut)


def _schools() -> list[SekolahSpec]:
    rows: list[tuple[str, str, str, str | None, str]] = []
    per_distrik: dict[str, int] = {}
    for d in _SD_DISTRIK:
        per_distrik[d] = per_distrik.get(d, 0) + 1
        rows.append((f"SD Negeri {per_distrik[d]} {DISTRIK[d]}", Jenjang.SD, StatusSekolah.NEGERI, KAB, d))
    for d in _SMP_DISTRIK:
        rows.append((f"SMP Negeri 1 {DISTRIK[d]}", Jenjang.SMP, StatusSekolah.NEGERI, KAB, d))
    rows += [
        ("TK Negeri Pembina Obaa", Jenjang.TK, StatusSekolah.NEGERI, KAB, "01"),
        # SMA/SMK are run by the provinsi (UU 23/2014).
        ("SMA Negeri 1 Mappi", Jenjang.SMA, StatusSekolah.NEGERI, PROV, "01"),
        ("SMA Negeri 2 Mappi", Jenjang.SMA, StatusSekolah.NEGERI, PROV, "03"),
        ("SMK Negeri 1 Mappi", Jenjang.SMK, StatusSekolah.NEGERI, PROV, "01"),
        ("SD YPPK Santo Yoseph Obaa", Jenjang.SD, StatusSekolah.SWASTA, None, "01"),
        ("SMP YPPK Santo Yohanes Obaa", Jenjang.SMP, StatusSekolah.SWASTA, None, "01"),
        ("SD YPK Imanuel Edera", Jenjang.SD, StatusSekolah.SWASTA, None, "03"),
    ]
    return [SekolahSpec(_npsn(i + 1), nama, j, s, p, d) for i, (nama, j, s, p, d) in enumerate(rows)]


# --- people --------------------------------------------------------------------------------------

_LAKI = (
    "Yohanes Agustinus Petrus Paulus Markus Antonius Benediktus Fransiskus Yulius Lukas Stefanus "
    "Kornelius Simon Yakobus Matius Hendrik Agus Budi Rudi Yusuf Daniel Samuel Yosef Robertus Andreas "
    "Herman Marten Aloysius Thomas Bernardus"
).split()
_PEREMPUAN = (
    "Maria Theresia Yosefina Veronika Elisabeth Kristina Fransiska Agustina Margaretha Yuliana "
    "Magdalena Anastasia Siti Dewi Rina Sri Lusia Natalia Monika Regina Katarina Paulina Helena Ester "
    "Debora Yohana Rosalia Martha Sisilia Wulan"
).split()
_MARGA = (
    "Kaize Ndiken Gebze Mahuze Bapai Yame Amagae Walinaulik Tanamal Rumbiak Letsoin Kamuki Kabes "
    "Samkakai Balagaize Moiwend Ulukyanan Dimar Kandam Kahol Woyuk Tamaweng Simanjuntak Siregar "
    "Manuputty Renyaan Rahangiar Wibowo Nugroho Pratama Lestari Saragih Sitompul Hutapea Laiyan "
    "Kastanya Rettob Ohoiwutun Kaimu Kemong"
).split()

_TEACHER_STATUS = [
    (StatusKepegawaian.PNS, 50),
    (StatusKepegawaian.PPPK, 22),
    (StatusKepegawaian.CPNS, 4),
    ("gtt", 9),  # GTT/PTT of the school's Pemda
    (StatusKepegawaian.GURU_HONOR_SEKOLAH, 15),
]
_SWASTA_STATUS = [(StatusKepegawaian.GTY_PTY, 70), (StatusKepegawaian.GURU_HONOR_SEKOLAH, 30)]


def _slug(nama: str) -> str:
    return ".".join(re.sub(r"[^a-z]", "", part) for part in nama.lower().split()[:2])


@dataclass(frozen=True)
class _Person:
    """What a tokoh fixes by hand; everything else is drawn from the random generator."""

    nama: str
    jenis_kelamin: str
    jenis_ptk: str
    status: str
    tanggal_lahir: date | None = None
    dukcapil_nama: str | None = None
    dukcapil_tanggal_lahir: date | None = None
    nip_siasn_tmt: date | None = None  # SIASN's TMT CPNS when Dapodik's NIP is wrong
    tmt_cpns: date | None = None


class _Builder:
    def __init__(self):
        self.rng = random.Random(RANDOM_SEED)
        self.scenario = Scenario(sekolah=_schools())
        self.used_names: set[str] = set()
        self.used_emails: set[str] = set()
        self.urut = 0

    # identity ------------------------------------------------------------------------------------

    def _name(self, jenis_kelamin: str) -> str:
        firsts = _LAKI if jenis_kelamin == JenisKelamin.LAKI_LAKI else _PEREMPUAN
        while True:
            nama = f"{self.rng.choice(firsts)} {self.rng.choice(_MARGA)}"
            if nama not in self.used_names:
                return nama

    def _email(self, nama: str, sekolah: SekolahSpec) -> str:
        base, n = _slug(nama), 1
        email = f"{base}@guru.{sekolah.domain}.belajar.id"
        while email in self.used_emails:
            n += 1
            email = f"{base}{n}@guru.{sekolah.domain}.belajar.id"
        self.used_emails.add(email)
        return email

    def _birth(self, status: str) -> date:
        if status == StatusKepegawaian.CPNS:
            year = self.rng.randint(1994, 2000)
        elif status in (StatusKepegawaian.GURU_HONOR_SEKOLAH, StatusKepegawaian.TENAGA_HONOR_SEKOLAH):
            year = self.rng.randint(1985, 2000)
        else:
            year = self.rng.randint(1966, 1995)
        return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def add(self, sekolah: SekolahSpec, p: _Person, key: str | None = None) -> PtkSpec:
        self.urut += 1
        urut = self.urut
        # nip_build/nik_build take the sequence modulo 999/9999; more PTK would repeat identifiers.
        assert urut < 999, "the Bimtek scenario keeps NIP sequences unique below 999 PTK"
        self.used_names.add(p.nama)
        lahir = p.tanggal_lahir or self._birth(p.status)
        # Dukcapil is the truth: the NIK and the NIP (issued by BKN) carry the real birth date.
        asli = p.dukcapil_tanggal_lahir or lahir
        nik = identifiers.nik_build(
            kode_wilayah=f"9303{sekolah.distrik}",
            tanggal_lahir=asli,
            jenis_kelamin=p.jenis_kelamin,
            urut=urut,
        )
        nip = nip_siasn = None
        if p.status in STATUS_NIP_PNS:
            if p.tmt_cpns:
                tmt = p.tmt_cpns
            elif p.status == StatusKepegawaian.CPNS:
                tmt = date(2024, self.rng.choice([3, 6]), 1)
            else:
                tmt = date(min(asli.year + self.rng.randint(22, 32), 2021), self.rng.randint(1, 12), 1)
            nip = identifiers.nip_build(
                tanggal_lahir=asli, tmt_cpns=tmt, jenis_kelamin=p.jenis_kelamin, urut=urut
            )
            nip_siasn = nip
            if p.nip_siasn_tmt:
                nip_siasn = identifiers.nip_build(
                    tanggal_lahir=asli, tmt_cpns=p.nip_siasn_tmt, jenis_kelamin=p.jenis_kelamin, urut=urut
                )
        elif p.status == StatusKepegawaian.PPPK:
            nip = identifiers.ni_pppk_build(
                tanggal_lahir=asli,
                tahun_pengangkatan=self.rng.randint(2019, 2023),
                jenis_kelamin=p.jenis_kelamin,
                urut=urut,
            )
            nip_siasn = nip
        honorer = p.status in (
            StatusKepegawaian.GURU_HONOR_SEKOLAH,
            StatusKepegawaian.TENAGA_HONOR_SEKOLAH,
            StatusKepegawaian.GTT_PTT_KABKOTA,
            StatusKepegawaian.GTT_PTT_PROVINSI,
        )
        # Newer honorer often have no NUPTK yet.
        nuptk = (
            None
            if honorer and self.rng.random() < 0.5
            else identifiers.nuptk_build(9_303_000_000_000_000 + urut)
        )
        spec = PtkSpec(
            key=key or f"{sekolah.npsn}-{urut:03d}",
            nama=p.nama,
            tanggal_lahir=lahir,
            jenis_kelamin=p.jenis_kelamin,
            jenis_ptk=p.jenis_ptk,
            status_kepegawaian=p.status,
            npsn=sekolah.npsn,
            nik=nik,
            nuptk=nuptk,
            nip=nip,
            nip_siasn=nip_siasn,
            email=self._email(p.nama, sekolah),
            tmt_tugas=date(self.rng.randint(2012, 2023), self.rng.choice([1, 7]), 1),
            dukcapil_nama=p.dukcapil_nama or p.nama,
            dukcapil_tanggal_lahir=asli,
        )
        self.scenario.ptk.append(spec)
        return spec

    def random_person(self, jenis_ptk: str, status: str) -> _Person:
        jk = self.rng.choice([JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN])
        return _Person(self._name(jk), jk, jenis_ptk, status)

    def weighted(self, table) -> str:
        values, weights = zip(*table, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    # structure -----------------------------------------------------------------------------------

    def sk(self, sekolah: SekolahSpec, tahun: int) -> str:
        dinas = "DISDIK-PPS" if sekolah.pemda == PROV else "DISDIK-MAPPI"
        if sekolah.pemda is None:
            dinas = "YAYASAN"
        return f"800/{int(sekolah.npsn[-3:])}/SK/{dinas}/{tahun}"

    def kepala(self, sekolah: SekolahSpec, p: _Person | None = None, key: str | None = None) -> PtkSpec:
        status = StatusKepegawaian.GTY_PTY if sekolah.pemda is None else StatusKepegawaian.PNS
        p = p or self.random_person(JenisPTK.KEPALA_SEKOLAH, status)
        spec = self.add(sekolah, p, key)
        tahun = self.rng.randint(2018, 2022)
        mulai = date(tahun, self.rng.choice([1, 7]), 1)
        self.scenario.penugasan.append(
            PenugasanSpec(sekolah.npsn, spec.key, JenisPenugasan.DEFINITIF, mulai, self.sk(sekolah, tahun))
        )
        return spec

    def plt(self, spec: PtkSpec, sekolah: SekolahSpec) -> None:
        self.scenario.penugasan.append(
            PenugasanSpec(
                sekolah.npsn, spec.key, JenisPenugasan.PLT, PLT_MULAI, self.sk(sekolah, PLT_MULAI.year)
            )
        )

    def staff(self, sekolah: SekolahSpec, n_guru: int) -> None:
        """The ordinary teachers and staff of a school, drawn at random."""
        gtt = (
            StatusKepegawaian.GTT_PTT_PROVINSI if sekolah.pemda == PROV else StatusKepegawaian.GTT_PTT_KABKOTA
        )
        for i in range(n_guru):
            if sekolah.pemda is None:
                status = self.weighted(_SWASTA_STATUS)
            else:
                status = self.weighted(_TEACHER_STATUS)
                status = gtt if status == "gtt" else status
            if sekolah.jenjang == Jenjang.TK:
                jenis = JenisPTK.KINDERGARTEN_TEACHER if i else JenisPTK.PLAY_GROUP_TEACHER
            elif sekolah.jenjang == Jenjang.SD:
                jenis = JenisPTK.GURU_MAPEL if i == 0 else JenisPTK.GURU_KELAS
            elif i == 0:
                jenis = JenisPTK.GURU_BK
            elif i == 1 and sekolah.jenjang == Jenjang.SMK:
                jenis = JenisPTK.GURU_TIK
            else:
                jenis = JenisPTK.GURU_MAPEL
            self.add(sekolah, self.random_person(jenis, status))
        if sekolah.jenjang != Jenjang.TK:
            status = (
                StatusKepegawaian.PNS if self.rng.random() < 0.4 else StatusKepegawaian.TENAGA_HONOR_SEKOLAH
            )
            if sekolah.pemda is None:
                status = StatusKepegawaian.GTY_PTY
            self.add(sekolah, self.random_person(JenisPTK.TENAGA_ADMINISTRASI, status))


_N_GURU = {Jenjang.SD: 7, Jenjang.SMP: 11, Jenjang.SMA: 13, Jenjang.SMK: 13, Jenjang.TK: 3}

L, P = JenisKelamin.LAKI_LAKI, JenisKelamin.PEREMPUAN
S = StatusKepegawaian
J = JenisPTK


def scenario_build() -> Scenario:
    b = _Builder()
    sc = b.scenario
    by_name = {s.nama: s for s in sc.sekolah}
    sd1_obaa, sd2_obaa, sd3_obaa = (
        by_name["SD Negeri 1 Obaa"],
        by_name["SD Negeri 2 Obaa"],
        by_name["SD Negeri 3 Obaa"],
    )
    sd1_edera, sd2_edera = by_name["SD Negeri 1 Edera"], by_name["SD Negeri 2 Edera"]
    sd2_assue, sd1_venaha = by_name["SD Negeri 2 Assue"], by_name["SD Negeri 1 Venaha"]
    smp_obaa, smp_haju = by_name["SMP Negeri 1 Obaa"], by_name["SMP Negeri 1 Haju"]
    sma1 = by_name["SMA Negeri 1 Mappi"]
    sd_yppk = by_name["SD YPPK Santo Yoseph Obaa"]

    def tokoh(kode, sekolah, person, cerita, coba, kasus, *, invalid=False):
        spec = b.add(sekolah, person, key=kode)
        sc.tokoh.append(Tokoh(kode, spec.key, cerita, coba, tuple(kasus), invalid))
        return spec

    def kepala_tokoh(kode, sekolah, person, cerita, coba, kasus):
        spec = b.kepala(sekolah, person, key=kode)
        sc.tokoh.append(Tokoh(kode, spec.key, cerita, coba, tuple(kasus)))
        return spec

    # The tokoh first, so the random names never take theirs.
    kepala_tokoh(
        "ks_definitif",
        sd1_obaa,
        _Person("Yohanes Kaize", L, J.KEPALA_SEKOLAH, S.PNS),
        "Kepala Sekolah definitif SD Negeri 1 Obaa; atasan para guru di sekolahnya.",
        "Cek akses (penuh); menyetujui rencana guru; menilai guru.",
        ["akses_penuh", "kepala_definitif"],
    )
    kepala_tokoh(
        "ks_sma",
        sma1,
        _Person("Hendrik Simanjuntak", L, J.KEPALA_SEKOLAH, S.PNS),
        "Kepala SMA Negeri 1 Mappi, sekolah milik Pemerintah Provinsi Papua Selatan.",
        "Cek akses (penuh); atasannya Kepala Dinas Provinsi.",
        ["akses_penuh", "kepala_definitif"],
    )
    tokoh(
        "guru_pns",
        sd1_obaa,
        _Person("Maria Ndiken", P, J.GURU_KELAS, S.PNS),
        "Guru Kelas PNS di SD Negeri 1 Obaa, data Dapodik lengkap dan benar.",
        "Cek akses (penuh, boleh sinkron); jalur normal siklus kinerja.",
        ["akses_penuh"],
    )
    tokoh(
        "guru_pppk",
        sd1_obaa,
        _Person("Fransiska Gebze", P, J.GURU_KELAS, S.PPPK),
        "Guru Kelas PPPK (NI PPPK) di SD Negeri 1 Obaa.",
        "Cek akses (penuh): PPPK termasuk ASN.",
        ["akses_penuh", "pppk"],
    )
    tokoh(
        "guru_cpns",
        sd2_obaa,
        _Person("Rina Pratiwi", P, J.GURU_KELAS, S.CPNS, tmt_cpns=date(2024, 3, 1)),
        "CPNS Guru Kelas yang baru diangkat (TMT CPNS Maret 2024) di SD Negeri 2 Obaa.",
        "Cek akses (penuh).",
        ["akses_penuh", "cpns"],
    )
    plt2 = tokoh(
        "plt_dua_sekolah",
        sd1_edera,
        _Person("Agustinus Bapai", L, J.GURU_KELAS, S.PNS),
        "Guru Kelas PNS di SD Negeri 1 Edera yang juga Plt. Kepala Sekolah di SD Negeri 1 Edera dan "
        "SD Negeri 2 Edera. Rencana guru di kedua sekolah disetujui otomatis (seed 003); rencananya "
        "sendiri sebagai guru dinilai Kepala Dinas.",
        "Masuk dan lihat dua peran Plt.; 'Sinkro data PLT PMM' untuk dua sekolah.",
        ["akses_penuh", "plt_dua_sekolah"],
    )
    b.plt(plt2, sd1_edera)
    b.plt(plt2, sd2_edera)
    plt1 = tokoh(
        "plt_sekolah_sendiri",
        smp_haju,
        _Person("Theresia Yame", P, J.GURU_MAPEL, S.PNS),
        "Guru Mapel PNS di SMP Negeri 1 Haju dan Plt. Kepala Sekolah di sekolah yang sama.",
        "Masuk sebagai Plt.; rencana kinerjanya sebagai guru tidak disetujui sendiri, tetapi oleh Kepala Dinas.",
        ["akses_penuh", "plt_sekolah_sendiri"],
    )
    b.plt(plt1, smp_haju)
    tokoh(
        "guru_tanpa_atasan",
        sd2_assue,
        _Person("Petrus Amagae", L, J.GURU_KELAS, S.PNS),
        "Guru Kelas PNS di SD Negeri 2 Assue, sekolah yang tidak punya Kepala Sekolah definitif maupun Plt.",
        "Ajukan rencana kinerja: muncul 'Data atasan Anda tidak ditemukan'; Operator Sekolah/Dinas memperbaiki Dapodik.",
        ["akses_penuh", "tanpa_atasan"],
    )
    tokoh(
        "guru_honor",
        sd1_obaa,
        _Person("Veronika Walinaulik", P, J.GURU_KELAS, S.GURU_HONOR_SEKOLAH),
        "Guru honor sekolah (non-ASN) di SD Negeri 1 Obaa.",
        "Cek akses: boleh memakai Pengelolaan Kinerja, tetapi tidak dapat sinkron ke e-Kinerja.",
        ["akses_tanpa_sinkro"],
    )
    tokoh(
        "guru_gtt",
        smp_obaa,
        _Person("Markus Tanamal", L, J.GURU_MAPEL, S.GTT_PTT_KABKOTA),
        "Guru Tidak Tetap Kabupaten (GTT/PTT Kabupaten/Kota) di SMP Negeri 1 Obaa.",
        "Cek akses: boleh memakai, tidak sinkron.",
        ["akses_tanpa_sinkro"],
    )
    tokoh(
        "guru_gtt_provinsi",
        sma1,
        _Person("Yulius Kabes", L, J.GURU_MAPEL, S.GTT_PTT_PROVINSI),
        "GTT/PTT Provinsi di SMA Negeri 1 Mappi.",
        "Cek akses: boleh memakai, tidak sinkron.",
        ["akses_tanpa_sinkro"],
    )
    tokoh(
        "tenaga_administrasi",
        sd1_obaa,
        _Person("Elisabeth Rumbiak", P, J.TENAGA_ADMINISTRASI, S.PNS),
        "Tenaga Administrasi Sekolah PNS di SD Negeri 1 Obaa.",
        "Cek akses: ditolak karena Jenis PTK; halaman menyebut syarat dan perbaikannya.",
        ["akses_jenis_ptk"],
    )
    tokoh(
        "laboran",
        sma1,
        _Person("Benediktus Mahuze", L, J.LABORAN, S.PNS),
        "Laboran PNS di SMA Negeri 1 Mappi.",
        "Cek akses: ditolak karena Jenis PTK.",
        ["akses_jenis_ptk"],
    )
    tokoh(
        "pustakawan",
        smp_obaa,
        _Person("Kristina Letsoin", P, J.PUSTAKAWAN, S.TENAGA_HONOR_SEKOLAH),
        "Pustakawan honor di SMP Negeri 1 Obaa.",
        "Cek akses: ditolak karena Jenis PTK.",
        ["akses_jenis_ptk"],
    )
    tokoh(
        "guru_inklusi",
        sd2_obaa,
        _Person("Siti Rahmawati", P, J.GURU_INKLUSI, S.PNS),
        "Guru PNS yang mendampingi murid berkebutuhan khusus, tercatat di Dapodik sebagai Guru Inklusi.",
        "Cek akses: ditolak; Operator Sekolah mengubah Jenis PTK menjadi Guru Pendamping Khusus, lalu cek lagi.",
        ["akses_jenis_ptk"],
    )
    tokoh(
        "pns_depag",
        smp_obaa,
        _Person("Ahmad Fauzi", L, J.GURU_MAPEL, S.PNS_DEPAG),
        "Guru Pendidikan Agama Islam berstatus PNS DEPAG (pegawai Kementerian Agama) di SMP Negeri 1 Obaa.",
        "Cek akses: ditolak, tidak di bawah naungan Pemda.",
        ["akses_bukan_pemda"],
    )
    tokoh(
        "guru_bantu_pusat",
        sd1_venaha,
        _Person("Rudi Hartono", L, J.GURU_KELAS, S.GURU_BANTU_PUSAT),
        "Guru Bantu Pusat di SD Negeri 1 Venaha.",
        "Cek akses: ditolak, tidak di bawah naungan Pemda.",
        ["akses_bukan_pemda"],
    )
    tokoh(
        "pns_diperbantukan_swasta",
        sd_yppk,
        _Person("Dewi Lestari", P, J.GURU_KELAS, S.PNS_DIPERBANTUKAN),
        "PNS Diperbantukan di SD YPPK Santo Yoseph Obaa (swasta).",
        "Cek akses: ditolak; SKP-nya dikelola langsung di e-Kinerja.",
        ["akses_asn_swasta"],
    )
    tokoh(
        "guru_yayasan",
        sd_yppk,
        _Person("Lukas Kamuki", L, J.GURU_KELAS, S.GTY_PTY),
        "Guru Tetap Yayasan (GTY/PTY) di SD YPPK Santo Yoseph Obaa.",
        "Cek akses: ditolak, di bawah yayasan.",
        ["akses_bukan_pemda"],
    )
    tokoh(
        "dukcapil_nama_beda",
        sd3_obaa,
        _Person("Yosefina Kaize", P, J.GURU_KELAS, S.PNS, dukcapil_nama="Yosephina Kaize"),
        "Guru Kelas PNS di SD Negeri 3 Obaa; namanya di Dapodik 'Yosefina Kaize', di Dukcapil 'Yosephina Kaize'.",
        "Operator Sekolah mengajukan Verval PTK: ditolak 'data tidak sesuai dengan Dukcapil'.",
        ["akses_penuh", "dukcapil_nama_beda"],
    )
    tokoh(
        "dukcapil_tanggal_beda",
        sd2_edera,
        _Person(
            "Paulus Ndiken",
            L,
            J.GURU_KELAS,
            S.PNS,
            tanggal_lahir=date(1985, 3, 12),
            dukcapil_tanggal_lahir=date(1985, 12, 3),
        ),
        "Guru Kelas PNS di SD Negeri 2 Edera; tanggal lahirnya di Dapodik 12-03-1985 (tertukar), di Dukcapil, "
        "NIK dan NIP 03-12-1985.",
        "Validasi Dapodik menandai NIK/NIP tidak cocok dengan tanggal lahir; Verval PTK ditolak Dukcapil.",
        ["akses_penuh", "dukcapil_tanggal_beda"],
        invalid=True,
    )
    tokoh(
        "nip_beda_siasn",
        sd3_obaa,
        _Person(
            "Antonius Gebze",
            L,
            J.GURU_KELAS,
            S.PNS,
            tanggal_lahir=date(1984, 8, 17),
            tmt_cpns=date(2009, 3, 1),
            nip_siasn_tmt=date(2009, 4, 1),
        ),
        "Guru Kelas PNS di SD Negeri 3 Obaa. NIP-nya di Dapodik memuat TMT CPNS 2009-03, sedangkan di SIASN "
        "2009-04 (salah ketik operator).",
        "Sinkro PMM: tombol sinkron tidak muncul; Operator Sekolah memperbaiki NIP lewat Verval PTK.",
        ["akses_penuh", "nip_beda_siasn"],
    )

    # A definitive principal everywhere else, except at the Plt schools and the one with neither.
    without = {sd1_edera.npsn, sd2_edera.npsn, smp_haju.npsn, sd2_assue.npsn, sd1_obaa.npsn, sma1.npsn}
    for sekolah in sc.sekolah:
        if sekolah.npsn not in without:
            b.kepala(sekolah)
    # The other PTK of every school.
    for sekolah in sc.sekolah:
        b.staff(sekolah, _N_GURU[sekolah.jenjang] - (2 if sekolah.pemda is None else 0))
    # Laboran and pustakawan beside the tokoh, where such staff exist.
    for sekolah in sc.sekolah:
        if sekolah.jenjang in (Jenjang.SMP, Jenjang.SMA, Jenjang.SMK) and sekolah.pemda:
            jenis = JenisPTK.LABORAN if sekolah.jenjang != Jenjang.SMP else JenisPTK.PUSTAKAWAN
            b.add(sekolah, b.random_person(jenis, S.TENAGA_HONOR_SEKOLAH))

    _accounts(sc)
    return sc


# --- accounts ------------------------------------------------------------------------------------

TRAINER_EMAIL = "pelatih@simulator-pmm.id"


def _accounts(sc: Scenario) -> None:
    for p in sc.ptk:
        sc.akun.append(AkunSpec(p.email, p.nama, None))
    for s in sc.sekolah:
        sc.akun.append(
            AkunSpec(
                f"operator.{s.npsn}@admin.{s.domain}.belajar.id",
                f"Operator {s.nama}",
                Role.OPERATOR_SEKOLAH,
                "Data PTK sekolah, Verval PTK, penugasan kepala sekolah.",
                npsn=s.npsn,
            )
        )
    sc.akun += [
        AkunSpec(
            "admin.bkpsdm@mappikab.go.id",
            "Admin e-Kinerja BKPSDM Kabupaten Mappi",
            Role.ADMIN_INSTANSI,
            "Admin Instansi (BKD) kabupaten: Manajemen Unor/Pegawai, User PMM, Log Sinkronisasi PMM.",
            instansi=KAB,
        ),
        AkunSpec(
            "admin.bkd@papuaselatanprov.go.id",
            "Admin e-Kinerja BKD Provinsi Papua Selatan",
            Role.ADMIN_INSTANSI,
            "Admin Instansi (BKD) provinsi, untuk guru SMA/SMK.",
            instansi=PROV,
        ),
        AkunSpec(
            "kadis.mappi@dinas.belajar.id",
            "Kepala Dinas Pendidikan Kabupaten Mappi",
            Role.KEPALA_DINAS,
            "Predikat Kinerja Organisasi sekolah; pejabat penilai kepala sekolah SD/SMP.",
            instansi=KAB,
            wilayah=True,
        ),
        AkunSpec(
            "kadis.papuaselatan@dinas.belajar.id",
            "Kepala Dinas Pendidikan Provinsi Papua Selatan",
            Role.KEPALA_DINAS,
            "Pejabat penilai kepala SMA/SMK.",
            instansi=PROV,
        ),
        AkunSpec(
            "pic.mappi@dinas.belajar.id",
            "PIC Pengelolaan Kinerja Dinas Pendidikan Mappi",
            Role.PIC_DINAS,
            "Dashboard pemantauan wilayah Kabupaten Mappi.",
            instansi=KAB,
            wilayah=True,
        ),
        AkunSpec(
            "pengawas.mappi@dinas.belajar.id",
            "Pengawas Sekolah Kabupaten Mappi",
            Role.PENGAWAS,
            "Observasi kepala sekolah atas delegasi Kepala Dinas.",
            instansi=KAB,
            wilayah=True,
        ),
        AkunSpec(
            "helpdesk@pusatbantuan.simulator-pmm.id",
            "Petugas Pusat Bantuan",
            Role.HELPDESK,
            "Tiket Pusat Bantuan dan SLA 8 jam kerja.",
        ),
        AkunSpec(
            TRAINER_EMAIL,
            "Pelatih Bimtek",
            Role.ADMIN_PUSAT,
            "Jam simulasi, admin, semua data; menjalankan ulang skenario.",
            is_superuser=True,
        ),
    ]


# --- writing -------------------------------------------------------------------------------------


@dataclass
class Applied:
    """Ids of what ``scenario_apply`` wrote, for the steps that extend the scenario."""

    provinsi: Provinsi
    kabupaten: KabupatenKota
    instansi: dict[str, Instansi]  # KAB / PROV
    sekolah_ids: dict[str, int]  # npsn → id
    ptk_ids: dict[str, int]  # PtkSpec.key → id
    user_ids: dict[str, int]  # e-mail → id


Step = Callable[[Scenario, Applied], None]
STEPS: list[Step] = []


def register_step(step: Step) -> Step:
    """Add a step run after the Dapodik data (e.g. the SIASN side of the sync errors)."""
    if step not in STEPS:
        STEPS.append(step)
    return step


def _password_hash() -> str:
    # Hashing once keeps hundreds of accounts fast to seed; reusing the stored hash when it still
    # matches keeps a second run from rewriting every row.
    stored = User.objects.filter(email=TRAINER_EMAIL).values_list("password", flat=True).first()
    if stored and check_password(PASSWORD, stored):
        return stored
    return make_password(PASSWORD)


def _upsert(model, objs, unique: str, fields: list[str]) -> None:
    model.objects.bulk_create(
        objs, update_conflicts=True, unique_fields=[unique], update_fields=fields, batch_size=500
    )


@transaction.atomic
def scenario_apply(*, scenario: Scenario) -> Applied:
    provinsi, _ = Provinsi.objects.update_or_create(kode=PROVINSI[0], defaults={"nama": PROVINSI[1]})
    kabupaten, _ = KabupatenKota.objects.update_or_create(
        kode=KABUPATEN[0], defaults={"nama": KABUPATEN[1], "provinsi": provinsi}
    )
    instansi = {
        KAB: Instansi.objects.update_or_create(
            kode=INSTANSI_KAB[0],
            defaults={"nama": INSTANSI_KAB[1], "provinsi": provinsi, "kabupaten": kabupaten},
        )[0],
        PROV: Instansi.objects.update_or_create(
            kode=INSTANSI_PROV[0],
            defaults={"nama": INSTANSI_PROV[1], "provinsi": provinsi, "kabupaten": None},
        )[0],
    }

    _upsert(
        Sekolah,
        [
            Sekolah(
                npsn=s.npsn,
                nama=s.nama,
                jenjang=s.jenjang,
                status=s.status,
                kabupaten=kabupaten,
                instansi=instansi.get(s.pemda),
                alamat=f"Distrik {DISTRIK[s.distrik]}, {KABUPATEN[1]}, {PROVINSI[1]}",
            )
            for s in scenario.sekolah
        ],
        "npsn",
        ["nama", "jenjang", "status", "kabupaten", "instansi", "alamat"],
    )
    sekolah_ids = dict(
        Sekolah.objects.filter(npsn__in=[s.npsn for s in scenario.sekolah]).values_list("npsn", "id")
    )

    password = _password_hash()
    _upsert(
        User,
        [
            User(
                email=a.email,
                nama=a.nama,
                password=password,
                is_active=True,
                is_staff=a.is_superuser,
                is_superuser=a.is_superuser,
            )
            for a in scenario.akun
        ],
        "email",
        ["nama", "password", "is_active", "is_staff", "is_superuser"],
    )
    user_ids = dict(
        User.objects.filter(email__in=[a.email for a in scenario.akun]).values_list("email", "id")
    )

    _upsert(
        PTK,
        [
            PTK(
                nik=p.nik,
                nuptk=p.nuptk,
                nip=p.nip,
                nama=p.nama,
                tanggal_lahir=p.tanggal_lahir,
                jenis_kelamin=p.jenis_kelamin,
                jenis_ptk=p.jenis_ptk,
                status_kepegawaian=p.status_kepegawaian,
                sekolah_id=sekolah_ids[p.npsn],
                email=p.email,
                tmt_tugas=p.tmt_tugas,
                user_id=user_ids[p.email],
            )
            for p in scenario.ptk
        ],
        "nik",
        [
            "nuptk",
            "nip",
            "nama",
            "tanggal_lahir",
            "jenis_kelamin",
            "jenis_ptk",
            "status_kepegawaian",
            "sekolah",
            "email",
            "tmt_tugas",
            "user",
            "updated_at",
        ],
    )
    by_nik = dict(PTK.objects.filter(nik__in=[p.nik for p in scenario.ptk]).values_list("nik", "id"))
    ptk_ids = {p.key: by_nik[p.nik] for p in scenario.ptk}

    _upsert(
        DukcapilPenduduk,
        [
            DukcapilPenduduk(
                nik=p.nik,
                nama=p.dukcapil_nama,
                tanggal_lahir=p.dukcapil_tanggal_lahir,
                jenis_kelamin=p.jenis_kelamin,
            )
            for p in scenario.ptk
        ],
        "nik",
        ["nama", "tanggal_lahir", "jenis_kelamin"],
    )

    _apply_penugasan(scenario, sekolah_ids, ptk_ids)
    _apply_roles(scenario, user_ids, instansi, kabupaten)
    applied = Applied(provinsi, kabupaten, instansi, sekolah_ids, ptk_ids, user_ids)
    for step in STEPS:
        step(scenario, applied)
    return applied


def _apply_penugasan(scenario: Scenario, sekolah_ids: dict, ptk_ids: dict) -> None:
    """The principal assignments of the scenario schools are exactly the scenario's."""
    wanted = {
        (sekolah_ids[a.npsn], ptk_ids[a.ptk_key], a.jenis, a.tanggal_mulai): a.nomor_sk
        for a in scenario.penugasan
    }
    existing = PenugasanKepalaSekolah.objects.filter(sekolah_id__in=sekolah_ids.values())
    keep, stale, changed = set(), [], []
    for row in existing:
        key = (row.sekolah_id, row.ptk_id, row.jenis, row.tanggal_mulai)
        if key in wanted and key not in keep:
            keep.add(key)
            if row.tanggal_selesai is not None or row.nomor_sk != wanted[key]:
                row.tanggal_selesai, row.nomor_sk = None, wanted[key]
                changed.append(row)
        else:
            stale.append(row.pk)
    # Delete first: a school has one open assignment per kind.
    PenugasanKepalaSekolah.objects.filter(pk__in=stale).delete()
    PenugasanKepalaSekolah.objects.bulk_update(changed, ["tanggal_selesai", "nomor_sk"])
    PenugasanKepalaSekolah.objects.bulk_create(
        [
            PenugasanKepalaSekolah(sekolah_id=s, ptk_id=p, jenis=j, tanggal_mulai=mulai, nomor_sk=sk)
            for (s, p, j, mulai), sk in wanted.items()
            if (s, p, j, mulai) not in keep
        ]
    )


def _apply_roles(scenario: Scenario, user_ids: dict, instansi: dict, kabupaten) -> None:
    users = User.objects.in_bulk([user_ids[a.email] for a in scenario.akun if a.role])
    sekolah = Sekolah.objects.in_bulk([s.npsn for s in scenario.sekolah], field_name="npsn")
    for a in scenario.akun:
        if a.role is None:
            continue
        role_grant(
            user=users[user_ids[a.email]],
            role=a.role,
            sekolah=sekolah[a.npsn] if a.npsn else None,
            instansi=instansi[a.instansi] if a.instansi else None,
            kabupaten=kabupaten if a.wilayah else None,
        )


def seed_bimtek() -> tuple[Scenario, Applied]:
    scenario = scenario_build()
    return scenario, scenario_apply(scenario=scenario)


# --- the sheet -----------------------------------------------------------------------------------


def login_rows(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(peran, e-mail, yang dicoba) for the demo logins printed at the end of the seed."""
    rows = []
    for a in scenario.akun:
        if a.role is not None and a.role != Role.OPERATOR_SEKOLAH:
            rows.append((Role(a.role).label, a.email, a.coba))
    tokoh_npsn = []
    for t in scenario.tokoh:
        p = scenario.ptk_by_key(t.ptk_key)
        sekolah = scenario.sekolah_by_npsn(p.npsn)
        rows.append((f"{JenisPTK(p.jenis_ptk).label} · {p.nama} ({sekolah.nama})", p.email, t.coba))
        if p.npsn not in tokoh_npsn:
            tokoh_npsn.append(p.npsn)
    for a in scenario.akun:
        if a.role == Role.OPERATOR_SEKOLAH and a.npsn in tokoh_npsn:
            rows.append((Role.OPERATOR_SEKOLAH.label, a.email, f"{a.nama}: {a.coba}"))
    return rows


def login_table(scenario: Scenario) -> str:
    rows = [("Peran", "E-mail", "Yang dicoba")] + login_rows(scenario)
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    lines = [f"{r[0]:<{w0}}  {r[1]:<{w1}}  {r[2]}" for r in rows]
    lines.insert(1, f"{'-' * w0}  {'-' * w1}  {'-' * 11}")
    return "\n".join(lines)
