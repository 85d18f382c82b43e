"""The Bimtek scenario, Sinkro part (DESIGN.md §7): each of the 20 sync errors occurs for at least
one named pegawai of Kabupaten Mappi, and the scenario sheet lists who meets which error, what to
try, and who must fix it (page and CSV at /sinkro/skenario/).

Two halves, because PMM never reaches into the mock:

- this module owns the cases (``KASUS``), picks their pegawai from the deterministic Dapodik
  scenario (``pegawai_kasus``), and applies the **PMM side** (``terapkan_pmm``): plans in the
  states the cases need, the Dapodik mistakes (#7, #10, #4 Kondisi B), and the instansi keys;
- ``sinkro/ekinerja/bimtek_kasus.py`` applies the **e-Kinerja side** (User PMM, pegawai, unor,
  Plt registrations, periods, faults, SKP) and calls ``terapkan_pmm`` from the mock's seeding, so
  ``python manage.py seed_ekinerja_bimtek`` (run after ``seed_bimtek``) sets both sides at once,
  after the cycle's own states, and running both again restores every case.

Every case is built so that, after the fix of the actor the catalogue names, the sync succeeds:
the schools of the cases have a principal whose plan is agreed and (except in #15 and #17) whose
SKP Organisasi already exists in e-Kinerja, as mid-semester. Whole-school breakages (#3, #4 A, #5,
#16) hit every pegawai of that school; the sheet names one guru and the principal. #6 and #8 are
instansi-wide by nature: the provinsi's PMM key is an old, revoked one (#6) and, once replaced, the
provinsi's period is still closed in e-Kinerja (#8).
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dapodik import bimtek as dapodik_bimtek
from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA, JenisPenugasan, JenisPTK, StatusKepegawaian
from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
from kinerja import periods
from kinerja.catalogue import catalogue_load
from kinerja.models import Indikator, JalurAtasan, Peran, Rencana, RencanaRhk, RhkKompetensi
from kinerja.transitions import StatusRencana
from pmm import clock
from pmm.models import Instansi

from . import catalogue
from .models import SinkroConfig, SyncIntent

GURU = Peran.GURU
KS = Peran.KEPALA_SEKOLAH
PLT = Peran.PLT_KEPALA_SEKOLAH

SD2_MINYAMUR = "SD Negeri 2 Minyamur"
SD1_MINYAMUR = "SD Negeri 1 Minyamur"
SD2_VENAHA = "SD Negeri 2 Venaha"
SD1_PASSUE = "SD Negeri 1 Passue"
SD2_ASSUE = "SD Negeri 2 Assue"
SMP_NAMBIOMAN = "SMP Negeri 1 Nambioman Bapai"
TK_PEMBINA = "TK Negeri Pembina Obaa"
SD1_BAMGI = "SD Negeri 1 Bamgi"
SMP_EDERA = "SMP Negeri 1 Edera"
SMP_ASSUE = "SMP Negeri 1 Assue"
SMP_CITAK = "SMP Negeri 1 Citak Mitak"
SMP_VENAHA = "SMP Negeri 1 Venaha"
SD3_OBAA = "SD Negeri 3 Obaa"
SD2_EDERA = "SD Negeri 2 Edera"

# Schools whose principal has already synced (SKP Organisasi in e-Kinerja, seeded by the mock side).
SEKOLAH_SKP_ORGANISASI = (
    SD2_MINYAMUR,
    SD1_PASSUE,
    SD2_VENAHA,
    SMP_NAMBIOMAN,
    TK_PEMBINA,
    SD1_BAMGI,
    SMP_EDERA,
    SMP_ASSUE,
    SD3_OBAA,
)
# Schools whose principal's plan is agreed in PMM (the above, plus #15, #17 and the #6/#8 school).
SEKOLAH_KS_DISEPAKATI = SEKOLAH_SKP_ORGANISASI + (SMP_CITAK, SMP_VENAHA, "SMA Negeri 1 Mappi")
# The Unor e-Kinerja shows for the TK (#4 Kondisi A: same NPSN, other nomenclature).
NAMA_UNOR_TK = "TKN Pembina Obaa"


@dataclass(frozen=True)
class Kasus:
    kode: str
    error: str
    kondisi: str
    peran: str
    cerita: str  # what is broken, in the words of the sheet
    coba: str  # what the trainee does to meet the error
    perbaikan: str  # the fix, by whom
    sekolah: str = ""  # the n-th ASN guru (PNS, not a principal, not a tokoh) of this school …
    urut: int = 0
    tokoh: str = ""  # … or this tokoh of the Dapodik scenario
    rencana: str = StatusRencana.DISEPAKATI  # the state of the case's own plan ("" = none)

    @property
    def entry(self) -> catalogue.SinkroError:
        return catalogue.get(self.error)

    @property
    def aktor(self) -> str:
        return str(self.entry.aktor_for(self.kondisi or None))


_SINKRO = 'Masuk, buka menu "Sinkro PMM", lihat diagnosis lalu tekan "Sinkro PMM".'

KASUS: tuple[Kasus, ...] = (
    Kasus(
        "e01_nip_beda",
        "E01",
        "nip_beda",
        GURU,
        "NIP di Dapodik memuat TMT CPNS 2009-03, SIASN mencatat 2009-04 (salah ketik operator).",
        _SINKRO,
        "Operator Sekolah SD Negeri 3 Obaa mengajukan Verval PTK dengan NIP yang tercatat di SIASN; "
        "setelah disetujui, sinkron berhasil.",
        tokoh="nip_beda_siasn",
    ),
    Kasus(
        "e01_bukan_user_pmm",
        "E01",
        "bukan_user_pmm",
        GURU,
        "NIP sudah benar, tetapi belum dimasukkan ke daftar User PMM e-Kinerja Kabupaten Mappi.",
        _SINKRO,
        'Admin Instansi Kabupaten menambahkan NIP ke menu "User PMM" e-Kinerja.',
        sekolah=SD2_MINYAMUR,
        urut=3,
    ),
    Kasus(
        "e02_belum_rencana",
        "E02",
        "",
        GURU,
        "Belum membuat rencana kinerja (SKP) periode ini di PMM.",
        _SINKRO,
        "Pegawai menyusun rencana (Januari/Juli), Kepala Sekolah menyetujui, pegawai menyepakati; lalu sinkron.",
        sekolah=SD2_MINYAMUR,
        urut=4,
        rencana="",
    ),
    Kasus(
        "e03_unor_nonaktif",
        "E03",
        "",
        GURU,
        "Unor SD Negeri 1 Bamgi tidak aktif di SIASN (semua pegawai sekolah ini terdampak).",
        _SINKRO,
        "Admin Instansi mengaktifkan unor di menu Manajemen Unor e-Kinerja (aktif di e-Kinerja dan SIASN).",
        sekolah=SD1_BAMGI,
    ),
    Kasus(
        "e04_kondisi_a",
        "E04",
        "A",
        GURU,
        f'Dapodik menulis "{TK_PEMBINA}", e-Kinerja "{NAMA_UNOR_TK}" (NPSN sama): hanya peringatan.',
        _SINKRO + " Sinkron berhasil dengan peringatan.",
        "Tidak wajib. Admin Instansi dapat menyamakan nama unor di menu Manajemen Unor.",
        sekolah=TK_PEMBINA,
    ),
    Kasus(
        "e04_kondisi_b",
        "E04",
        "B",
        GURU,
        f"Dapodik mencatat pindah ke {SD2_VENAHA} (Januari tahun ini); SIASN/e-Kinerja masih di {SD2_MINYAMUR}.",
        _SINKRO,
        f"Admin Instansi memindahkan unor pegawai ke {SD2_VENAHA} di menu Manajemen Pegawai e-Kinerja.",
        sekolah=SD2_MINYAMUR,
        urut=2,
    ),
    Kasus(
        "e04_kondisi_c",
        "E04",
        "C",
        GURU,
        f"SIASN/e-Kinerja sudah memindahkan pegawai ke {SD2_MINYAMUR} (Januari); Dapodik masih {SD1_PASSUE}.",
        _SINKRO,
        f"Operator Sekolah {SD1_PASSUE} mencatat mutasi ke {SD2_MINYAMUR} di Dapodik.",
        sekolah=SD1_PASSUE,
        urut=2,
    ),
    Kasus(
        "e05_tanpa_unor_atasan",
        "E05",
        "",
        GURU,
        "Unor SMP Negeri 1 Edera tidak memiliki unit kerja atasan (semua pegawai sekolah ini terdampak).",
        _SINKRO,
        "Admin Instansi mengisi unit kerja atasan (Dinas Pendidikan) di menu Manajemen Unor.",
        sekolah=SMP_EDERA,
    ),
    Kasus(
        "e06_kunci_dicabut",
        "E06",
        "",
        KS,
        "PMM masih memakai x-api-key lama Pemerintah Provinsi yang sudah dicabut di e-Kinerja (semua "
        "pegawai SMA/SMK terdampak).",
        _SINKRO,
        "Helpdesk BKN; di simulator: Admin Instansi Provinsi membuat kunci baru di menu API key e-Kinerja "
        "lalu menyimpannya di Sinkro PMM → Kunci API. Setelah itu muncul #8.",
        tokoh="ks_sma",
    ),
    Kasus(
        "e07_status_non_asn",
        "E07",
        "",
        GURU,
        "PNS di SIASN, tetapi Dapodik mencatat status GTT/PTT Kabupaten/Kota tanpa NIP.",
        _SINKRO,
        "Operator Sekolah memperbarui Status Kepegawaian menjadi PNS dan mengisi NIP (sesuai SIASN) di Dapodik.",
        sekolah=SMP_NAMBIOMAN,
        urut=0,
    ),
    Kasus(
        "e08_periode_ditutup",
        "E08",
        "",
        KS,
        "Periode semester ini belum dibuka di Manajemen Periode e-Kinerja Pemerintah Provinsi (tampil "
        "setelah #6 diperbaiki).",
        _SINKRO,
        "Helpdesk BKN; di simulator: Admin Instansi Provinsi membuka periode di menu Manajemen Periode.",
        tokoh="ks_sma",
    ),
    Kasus(
        "e09_gangguan_500",
        "E09",
        "",
        GURU,
        "Pelatih menyuntikkan gangguan 500 untuk NIP pegawai ini (dicoba ulang otomatis, lalu dilaporkan).",
        _SINKRO + " Tunggu beberapa menit sampai percobaan ulang habis.",
        "Helpdesk BKN; di simulator: pelatih menghapus gangguan di halaman Gangguan e-Kinerja, lalu sinkron lagi.",
        sekolah=SMP_NAMBIOMAN,
        urut=1,
    ),
    Kasus(
        "e10_pns_id_belum_padan",
        "E10",
        "",
        GURU,
        "NIP di Dapodik salah (TMT CPNS bergeser sebulan) dan SIASN mencatat NIK berbeda: SIASN tidak "
        "menemukan pegawai dari NIP maupun NIK.",
        _SINKRO,
        "Operator Sekolah mengajukan Verval PTK dengan NIP yang tercatat di SIASN.",
        sekolah=SMP_NAMBIOMAN,
        urut=2,
    ),
    Kasus(
        "e11_belum_pegawai",
        "E11",
        "",
        GURU,
        "PNS ada di SIASN tetapi belum ditambahkan sebagai pegawai e-Kinerja.",
        _SINKRO,
        "Admin Instansi menambahkan pegawai di menu Manajemen Pegawai e-Kinerja (unor SD Negeri 1 Passue).",
        sekolah=SD1_PASSUE,
        urut=0,
    ),
    Kasus(
        "e12_unor_skp_lama",
        "E12",
        "",
        GURU,
        f"e-Kinerja sudah menyimpan SKP periode ini dengan unor lama ({SD1_MINYAMUR}).",
        _SINKRO + ' Saat diminta, pilih "Tetap Lakukan Sinkro".',
        'Pegawai menekan "Tetap Lakukan Sinkro" (SKP lama dihapus) karena unor lama memang salah.',
        sekolah=SD2_MINYAMUR,
        urut=0,
    ),
    Kasus(
        "e13_skp_manual",
        "E13",
        "",
        GURU,
        "Pengguna PMM yang mencoba menambah SKP secara manual di e-Kinerja.",
        'Buka "e-Kinerja saya (simulasi BKN)" → Tambah SKP untuk tahun ini: ditolak dengan #13.',
        "Pegawai membuat SKP lewat Sinkro PMM (rencananya sudah disepakati): sinkron berhasil.",
        sekolah=SD2_MINYAMUR,
        urut=1,
    ),
    Kasus(
        "e14_belum_disepakati",
        "E14",
        "",
        GURU,
        "Rencana kinerja sudah diajukan tetapi belum disetujui atasan dan disepakati.",
        _SINKRO,
        "Kepala Sekolah menyetujui rencana, pegawai menyepakatinya; lalu sinkron.",
        sekolah=SD1_PASSUE,
        urut=1,
        rencana=StatusRencana.DIAJUKAN,
    ),
    Kasus(
        "e15_tanpa_skp_organisasi",
        "E15",
        "",
        GURU,
        "Kepala SMP Negeri 1 Citak Mitak belum sinkron: SKP Organisasi sekolah belum ada di e-Kinerja.",
        _SINKRO,
        "Kepala Sekolah melakukan Sinkro PMM (atau Admin Instansi menyinkronkan kepala sekolah); lalu guru sinkron.",
        sekolah=SMP_CITAK,
    ),
    Kasus(
        "e16_atasan_beda",
        "E16",
        "",
        GURU,
        "Pemimpin unor SMP Negeri 1 Assue di e-Kinerja masih guru lain, bukan kepala sekolah menurut Dapodik "
        "(guru dan kepala sekolahnya terdampak).",
        _SINKRO,
        "Admin Instansi mengisi pemimpin unor dengan NIP kepala sekolah di menu Manajemen Unor.",
        sekolah=SMP_ASSUE,
    ),
    Kasus(
        "e17_rhk_tidak_terkait",
        "E17",
        "",
        GURU,
        "Kepala SMP Negeri 1 Venaha sinkron sebelum rencananya disepakati: SKP Organisasinya tanpa RHK.",
        _SINKRO,
        "Kepala Sekolah melakukan Sinkro PMM lagi (rencananya kini disepakati); lalu guru sinkron.",
        sekolah=SMP_VENAHA,
    ),
    Kasus(
        "e18_plt_tidak_tercatat",
        "E18",
        "",
        PLT,
        f"Ditunjuk Plt. Kepala {SD2_ASSUE} (SK Kepala Dinas, sudah terdaftar sebagai Plt di e-Kinerja), "
        "tetapi penugasan Plt belum dicatat di Dapodik.",
        'Masuk, buka "Sinkro PMM", tekan "Sinkro data PLT PMM".',
        f"Data PMM (Pusat Bantuan): Operator Sekolah {SD2_ASSUE} mencatat penugasan Plt di Dapodik; pegawai "
        "menyusun rencana sebagai Plt, Kepala Dinas menyetujui, pegawai menyepakati; lalu sinkron Plt.",
        sekolah=SD1_PASSUE,
        urut=3,
    ),
    Kasus(
        "e19_plt_belum_terdaftar",
        "E19",
        "",
        PLT,
        "Plt. Kepala SMP Negeri 1 Haju di PMM, tetapi belum didaftarkan sebagai Plt di e-Kinerja.",
        'Masuk, buka "Sinkro PMM", tekan "Sinkro data PLT PMM".',
        "Admin Instansi mendaftarkan pegawai sebagai Plt. Kepala Sekolah SMP Negeri 1 Haju di e-Kinerja.",
        tokoh="plt_sekolah_sendiri",
    ),
    Kasus(
        "e20_jumlah_plt_beda",
        "E20",
        "",
        PLT,
        "Plt. di dua sekolah di PMM (SD Negeri 1 dan 2 Edera), tetapi di e-Kinerja hanya di SD Negeri 1 Edera.",
        'Masuk, buka "Sinkro PMM", tekan "Sinkro data PLT PMM".',
        f"Admin Instansi menambahkan registrasi Plt untuk {SD2_EDERA} di e-Kinerja.",
        tokoh="plt_dua_sekolah",
    ),
)
BY_KODE = {k.kode: k for k in KASUS}


# --- who is who ------------------------------------------------------------------------------------


def _sekolah(sc, nama: str):
    return next(s for s in sc.sekolah if s.nama == nama)


def guru_asn(sc, nama_sekolah: str) -> list:
    """The PNS teachers of a school in scenario order, without principals and tokoh."""
    s = _sekolah(sc, nama_sekolah)
    kepala = {a.ptk_key for a in sc.penugasan}
    tokoh = {t.ptk_key for t in sc.tokoh}
    return [
        p
        for p in sc.ptk
        if p.npsn == s.npsn
        and p.key not in kepala
        and p.key not in tokoh
        and p.status_kepegawaian == StatusKepegawaian.PNS
        and p.jenis_ptk in JENIS_PTK_PENGELOLAAN_KINERJA
        and p.jenis_ptk != JenisPTK.KEPALA_SEKOLAH
        and p.nip
    ]


def kepala_of(sc, nama_sekolah: str):
    """The definitive principal of a school (PtkSpec)."""
    s = _sekolah(sc, nama_sekolah)
    key = next(a.ptk_key for a in sc.penugasan if a.npsn == s.npsn and a.jenis == JenisPenugasan.DEFINITIF)
    return sc.ptk_by_key(key)


def pegawai_kasus(kasus: Kasus, sc):
    """The PtkSpec of a case's named pegawai."""
    if kasus.tokoh:
        return sc.ptk_by_key(sc.tokoh_by_kode(kasus.tokoh).ptk_key)
    return guru_asn(sc, kasus.sekolah)[kasus.urut]


def kunci_bimtek(kode_instansi: str) -> str:
    """The instansi's x-api-key the mock's Bimtek seed whitelists (sinkro/ekinerja/API.md)."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:ekinerja-bimtek:{kode_instansi}".encode()).hexdigest()
    return f"ek_bimtek_{digest[:32]}"


def kunci_lama(kode_instansi: str) -> str:
    """The revoked key the provinsi still uses in PMM (#6); the mock seed creates and revokes it."""
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:ekinerja-bimtek-lama:{kode_instansi}".encode()
    ).hexdigest()
    return f"ek_bimtek_lama_{digest[:24]}"


def nip_salah(nip: str) -> str:
    """#10: the NIP with its TMT CPNS month moved by one (a plausible typo that still validates)."""
    year, month = int(nip[8:12]), int(nip[12:14])
    month = 1 if month == 12 else month + 1
    return f"{nip[:8]}{year:04d}{month:02d}{nip[14:]}"


def tanggal_pindah(tahun: int, semester: int) -> date:
    """The date of the moves of #4 Kondisi B and C: the second day of the period."""
    return date(tahun, 1 if semester == 1 else 7, 2)


# --- the PMM side --------------------------------------------------------------------------------


def _at(day, jam=8):
    return timezone.make_aware(datetime.combine(day, time(jam, 0)))


class _Rencana:
    """Writes plans directly (like kinerja.bimtek): the services act only on the simulated today."""

    def __init__(self, periode):
        self.p = periode
        self.ind_guru = Indikator.objects.get(kode="D1-02")
        self.ind_ks = Indikator.objects.get(kode="D3-06")
        self.rhk = [
            (RhkKompetensi.objects.get(kode="PK-01"), 2),
            (RhkKompetensi.objects.get(kode="PK-03"), 1),
        ]

    def tulis(self, *, ptk_id, sekolah_id, peran, status, atasan_ptk_id=None):
        p = self.p
        jalur = JalurAtasan.KEPALA_SEKOLAH if peran == GURU else JalurAtasan.KEPALA_DINAS
        diajukan = status != StatusRencana.DRAFT
        disetujui = status in (StatusRencana.DISETUJUI, StatusRencana.DISEPAKATI)
        r, _ = Rencana.objects.update_or_create(
            periode=p,
            ptk_id=ptk_id,
            peran=peran,
            sekolah_id=sekolah_id,
            defaults={
                "status": status,
                "indikator": self.ind_guru if peran == GURU else self.ind_ks,
                "perilaku_dikonfirmasi": True,
                "jalur_atasan": jalur if diajukan else "",
                "atasan_ptk_id": atasan_ptk_id if diajukan and peran == GURU else None,
                "catatan_atasan": "",
                "dibuat_pada": _at(p.perencanaan_mulai + timedelta(days=2)),
                "diajukan_pada": _at(p.perencanaan_mulai + timedelta(days=4)) if diajukan else None,
                "disetujui_pada": _at(p.perencanaan_mulai + timedelta(days=6)) if disetujui else None,
                "disepakati_pada": _at(p.perencanaan_mulai + timedelta(days=7))
                if status == StatusRencana.DISEPAKATI
                else None,
            },
        )
        RencanaRhk.objects.filter(rencana=r).delete()
        RencanaRhk.objects.bulk_create(
            [RencanaRhk(rencana=r, rhk=rhk, jumlah=n, poin=rhk.poin) for rhk, n in self.rhk]
        )
        return r


@transaction.atomic
def terapkan_pmm(scenario=None) -> list[str]:
    """Apply the PMM side of every case (module docstring). Idempotent; returns the lines it did."""
    sc = scenario or dapodik_bimtek.scenario_build()
    if not Indikator.objects.filter(kode="D1-02").exists():
        catalogue_load()
    periode = periods.periode_current()
    ptk = {p.nik: p for p in PTK.objects.filter(nik__in=[s.nik for s in sc.ptk]).select_related("sekolah")}
    sekolah = {s.nama: s for s in Sekolah.objects.filter(npsn__in=[x.npsn for x in sc.sekolah])}

    def row(spec):
        return ptk[spec.nik]

    done = []
    # Dapodik mistakes.
    e07 = row(pegawai_kasus(BY_KODE["e07_status_non_asn"], sc))
    PTK.objects.filter(pk=e07.pk).update(status_kepegawaian=StatusKepegawaian.GTT_PTT_KABKOTA, nip=None)
    e10_spec = pegawai_kasus(BY_KODE["e10_pns_id_belum_padan"], sc)
    salah = nip_salah(e10_spec.nip_siasn)
    if not PTK.objects.filter(nip=salah).exclude(nik=e10_spec.nik).exists():
        PTK.objects.filter(nik=e10_spec.nik).update(nip=salah)
    e04b = row(pegawai_kasus(BY_KODE["e04_kondisi_b"], sc))
    PTK.objects.filter(pk=e04b.pk).update(
        sekolah=sekolah[SD2_VENAHA], tmt_tugas=tanggal_pindah(periode.tahun, periode.semester)
    )
    e18 = row(pegawai_kasus(BY_KODE["e18_plt_tidak_tercatat"], sc))
    PenugasanKepalaSekolah.objects.filter(ptk=e18, sekolah=sekolah[SD2_ASSUE]).delete()
    done.append("Dapodik: #7 status, #10 NIP, #4 Kondisi B mutasi, #18 tanpa penugasan Plt")

    # Plans.
    w = _Rencana(periode)
    for nama in SEKOLAH_KS_DISEPAKATI:
        k = row(kepala_of(sc, nama))
        w.tulis(ptk_id=k.pk, sekolah_id=sekolah[nama].pk, peran=KS, status=StatusRencana.DISEPAKATI)
    for kasus in KASUS:
        spec = pegawai_kasus(kasus, sc)
        p = row(spec)
        if kasus.peran == KS:
            continue  # the principals' plans are written above
        if kasus.peran == PLT:
            schools = [
                a.npsn for a in sc.penugasan if a.ptk_key == spec.key and a.jenis == JenisPenugasan.PLT
            ]
            for npsn in schools:
                s = next(x for x in sekolah.values() if x.npsn == npsn)
                w.tulis(ptk_id=p.pk, sekolah_id=s.pk, peran=PLT, status=StatusRencana.DISEPAKATI)
            if schools:
                continue
        school = sekolah[SD2_VENAHA] if kasus.kode == "e04_kondisi_b" else p.sekolah
        if not kasus.rencana:
            Rencana.objects.filter(periode=periode, ptk=p, peran=GURU).delete()
            continue
        kepala = PenugasanKepalaSekolah.objects.filter(
            sekolah=school, jenis=JenisPenugasan.DEFINITIF, tanggal_selesai__isnull=True
        ).first()
        w.tulis(
            ptk_id=p.pk,
            sekolah_id=school.pk,
            peran=GURU,
            status=kasus.rencana,
            atasan_ptk_id=kepala.ptk_id if kepala else None,
        )
    done.append(f"Rencana kinerja kasus sinkron periode {periode.nama}")

    # The instansi keys: the kabupaten's is the Bimtek key, the provinsi's an old revoked one (#6).
    now = clock.now()
    for kode, raw in (
        (dapodik_bimtek.INSTANSI_KAB[0], kunci_bimtek(dapodik_bimtek.INSTANSI_KAB[0])),
        (dapodik_bimtek.INSTANSI_PROV[0], kunci_lama(dapodik_bimtek.INSTANSI_PROV[0])),
    ):
        instansi = Instansi.objects.filter(kode=kode).first()
        if instansi is not None:
            SinkroConfig.objects.update_or_create(
                instansi=instansi, defaults={"api_key": raw, "diubah_pada": now}
            )
    done.append("Kunci API Sinkro PMM: kabupaten (berlaku), provinsi (lama, dicabut)")
    return done


# --- the scenario sheet ----------------------------------------------------------------------------

KOLOM_CSV = (
    "kode_error",
    "nomor",
    "pesan",
    "kondisi",
    "nama",
    "email",
    "nip_dapodik",
    "sekolah",
    "peran_sinkron",
    "keadaan",
    "coba",
    "yang_memperbaiki",
    "perbaikan",
    "status_terakhir",
)


@dataclass
class Baris:
    kasus: Kasus
    nama: str
    email: str
    nip: str
    sekolah: str
    status: str

    @property
    def peran_label(self) -> str:
        return Peran(self.kasus.peran).label

    def csv(self) -> list:
        k, e = self.kasus, self.kasus.entry
        return [
            e.code,
            e.number,
            e.message,
            k.kondisi,
            self.nama,
            self.email,
            self.nip,
            self.sekolah,
            self.peran_label,
            k.cerita,
            k.coba,
            k.aktor,
            k.perbaikan,
            self.status,
        ]


def lembar() -> list[Baris]:
    """The sheet: one row per case, with the pegawai's current Dapodik data and last sync status."""
    sc = dapodik_bimtek.scenario_build()
    specs = {k.kode: pegawai_kasus(k, sc) for k in KASUS}
    rows = {
        p.nik: p
        for p in PTK.objects.filter(nik__in=[s.nik for s in specs.values()]).select_related("sekolah")
    }
    periode = periods.periode_current(create=False)
    status = {}
    if periode.pk:
        for i in SyncIntent.objects.filter(ptk__in=rows.values(), periode=periode).order_by(
            "dibuat_pada", "id"
        ):
            status[(i.ptk_id, i.peran)] = f"{i.get_status_display()}{' ' + i.kode if i.kode else ''}"
    out = []
    for k in KASUS:
        spec = specs[k.kode]
        p = rows.get(spec.nik)
        out.append(
            Baris(
                kasus=k,
                nama=spec.nama,
                email=spec.email,
                nip=(p.nip or "") if p else "",
                sekolah=p.sekolah.nama if p else "",
                status=status.get((p.pk, k.peran), "belum sinkron") if p else "belum ada di Dapodik",
            )
        )
    return out
