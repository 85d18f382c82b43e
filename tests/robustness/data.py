"""The world of the sweep: the Bimtek scenario, its logins per role, and the rows the scenario does
not create (tickets, sync requests, PIC requests, ...) so every detail page has a real object."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from dapodik import bimtek as dapodik_bimtek
from dapodik.models import PTK, PenugasanKepalaSekolah, RosterImport, RosterImportError, Sekolah
from kinerja.dinas.models import KodeReferral, PengajuanAksesPic
from kinerja.models import BuktiDukung, DokumenSekolah, Periode, Rencana, RencanaRhk
from pmm import clock
from pmm.bantuan.models import Tiket
from pmm.models import Instansi, User
from pmm.roles import Role
from sinkro.ekinerja import models as em
from sinkro.models import SinkroConfig, SyncBatch, SyncIntent

# A fixed simulated moment (Penilaian window of 2025-2), so the sweep does not depend on the day it runs.
MOMENT = datetime(2025, 12, 10, 9, 0)

ROLES = ("anonim", "guru", "kepala", "operator", "admin_instansi", "pic_dinas", "helpdesk", "pelatih")

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 64
)


@dataclass
class Dunia:
    users: dict  # role → User (anonim → None)
    known: dict  # path converter values (endpoints.fills)
    plausible: dict  # parameter name → a valid value
    api_key: str  # the Kabupaten's x-api-key for the mock e-Kinerja


def _logins(scenario) -> dict:
    """The demo accounts of the scenario sheet (dapodik.bimtek) for each swept role."""
    guru = scenario.ptk_by_key(scenario.tokoh_by_kode("guru_pns").ptk_key)
    kepala = scenario.ptk_by_key(scenario.tokoh_by_kode("ks_definitif").ptk_key)

    def akun(role, **match):
        for a in scenario.akun:
            if a.role == role and all(getattr(a, k) == v for k, v in match.items()):
                return a.email
        raise LookupError(role)

    emails = {
        "guru": guru.email,
        "kepala": kepala.email,
        "operator": akun(Role.OPERATOR_SEKOLAH, npsn=guru.npsn),
        "admin_instansi": akun(Role.ADMIN_INSTANSI, instansi=dapodik_bimtek.KAB),
        "pic_dinas": akun(Role.PIC_DINAS),
        "helpdesk": akun(Role.HELPDESK),
        "pelatih": akun(Role.ADMIN_PUSAT, is_superuser=True),
    }
    users = {role: User.objects.get(email=email) for role, email in emails.items()}
    users["anonim"] = None
    return users, guru


def seed_world() -> Dunia:
    clock.clock_set(moment=timezone.make_aware(MOMENT))
    out = StringIO()
    call_command("seed_bimtek", stdout=out)
    call_command("seed_ekinerja_bimtek", stdout=out)
    # The Dinas dashboard reads pre-aggregated figures; without them every region page is empty.
    call_command("rekap_dinas", stdout=out)
    scenario = dapodik_bimtek.scenario_build()
    users, guru_spec = _logins(scenario)
    now = clock.now()

    guru = PTK.objects.select_related("sekolah").get(nik=guru_spec.nik)
    sekolah = guru.sekolah
    instansi = Instansi.objects.get(kode=dapodik_bimtek.INSTANSI_KAB[0])
    periode = Periode.objects.order_by("-tahun", "-semester").first()
    rencana = Rencana.objects.filter(ptk=guru).order_by("id").first()
    rhk = RencanaRhk.objects.filter(rencana=rencana).order_by("id").first()
    penugasan = PenugasanKepalaSekolah.objects.filter(sekolah=sekolah).order_by("id").first()
    dokumen = DokumenSekolah.objects.filter(sekolah=sekolah).order_by("id").first()

    bukti = BuktiDukung(
        rencana=rencana,
        rencana_rhk=rhk,
        nama_asli="bukti.pdf",
        jenis="pdf",
        ukuran=len(PDF),
        diunggah_oleh=users["guru"],
        diunggah_pada=now,
    )
    bukti.berkas.save("bukti.pdf", ContentFile(PDF), save=False)
    bukti.save()

    roster = RosterImport.objects.create(
        sekolah=sekolah,
        nama_berkas="roster.csv",
        format="csv",
        status=RosterImport.Status.DITOLAK,
        jumlah_baris=1,
        jumlah_galat=1,
        pesan="Impor ditolak.",
        diunggah_oleh=users["operator"],
    )
    RosterImportError.objects.create(roster_import=roster, baris=2, kolom="nik", pesan="NIK harus 16 digit.")

    tiket = Tiket(
        pelapor=users["guru"],
        email=users["guru"].email,
        kategori="lainnya",
        klien_jenis="browser",
        klien_versi="Firefox 120",
        deskripsi="Halaman tidak terbuka.",
        received_at=now,
        due_at=now + timedelta(hours=8),
        updated_at=now,
    )
    tiket.screenshot_error.save("galat.png", ContentFile(PNG), save=False)
    tiket.save()

    batch = SyncBatch.objects.create(instansi=instansi, periode=periode, jumlah=1, dibuat_pada=now)
    intent = SyncIntent.objects.create(
        ptk=guru,
        instansi=instansi,
        periode=periode,
        peran="guru",
        status="menunggu_konfirmasi",
        idempotency_key="sweep-robustness-1",
        kode="E12",
        pesan="SKP yang ada memiliki Unor yang berbeda dengan Pegawai saat ini",
        batch=batch,
        diminta_oleh=users["guru"],
        dibuat_pada=now,
        diperbarui_pada=timezone.now(),
    )

    api_key = SinkroConfig.objects.get(instansi=instansi).api_key
    log = em.LogSinkron.objects.create(
        waktu=now,
        instansi=instansi,
        nip=guru.nip or "",
        nama=guru.nama,
        peran="guru",
        tahun=periode.tahun,
        semester=periode.semester,
        hasil=em.Hasil.GAGAL,
        kode="E01",
        pesan="Tombol sinkron PMM tidak muncul di e-Kinerja",
        http_status=400,
    )

    referral = KodeReferral.objects.create(
        kode="SWEEP-ROBUST",
        instansi=instansi,
        berlaku_sampai=date(2026, 12, 31),
        dibuat_oleh=users["pelatih"],
        dibuat_pada=now,
    )
    calon = User.objects.create_user(email="calon.pic@dinas.belajar.id", password=None, nama="Calon PIC")
    pengajuan = PengajuanAksesPic.objects.create(
        user=calon,
        instansi=instansi,
        jabatan="operator",
        jalur="tinjauan",
        status="diajukan",
        perihal="Pemantauan",
        diajukan_pada=now,
    )

    unor = em.Unor.objects.filter(instansi=instansi, npsn=sekolah.npsn).first()
    pegawai = em.Pegawai.objects.filter(instansi=instansi, pns__nik=guru.nik).first()
    npsn = sekolah.npsn
    kab = sekolah.kabupaten
    known = {
        # (word before the converter, kwarg) → value; routes with dependent values are listed whole.
        ("sekolah", "pk"): sekolah.pk,
        ("sekolah", "sid"): sekolah.pk,
        ("sekolah", "npsn"): npsn,
        ("kepala", "pk"): penugasan.pk,
        ("ptk", "pk"): guru.pk,
        ("hasil", "pk"): roster.pk,
        ("impor", "pk"): roster.pk,
        ("rencana", "pk"): rencana.pk,
        # Every step of the plan wizard, so the crawl finds each step's form.
        "kinerja/rencana/<int:pk>/langkah/<int:n>/": [{"pk": rencana.pk, "n": n} for n in range(1, 6)],
        ("bukti", "pk"): bukti.pk,
        ("dokumen", "pk"): dokumen.pk if dokumen else 1,
        ("permintaan", "pk"): intent.pk,
        ("instansi", "pk"): instansi.pk,
        ("instansi", "instansi_id"): instansi.pk,
        ("massal", "pk"): batch.pk,
        ("tiket", "pk"): tiket.pk,
        ("lampiran", "jenis"): "screenshot_error",
        ("tinjauan", "pk"): pengajuan.pk,
        ("pengajuan", "pk"): pengajuan.pk,
        ("kode-referral", "pk"): referral.pk,
        ("provinsi", "kode"): kab.provinsi.kode,
        ("kabupaten", "kode"): kab.kode,
        ("pegawai", "ptk_id"): guru.pk,
        ("pegawai", "pk"): pegawai.pk if pegawai else 1,
        ("unor", "unor_id"): unor.pk if unor else "ZZZ",
        ("user-pmm", "pk"): em.UserPmm.objects.filter(instansi=instansi).order_by("id").first().pk,
        ("plt", "pk"): em.PltRegistrasi.objects.filter(instansi=instansi).order_by("id").first().pk,
        ("periode", "pk"): em.Periode.objects.filter(instansi=instansi).order_by("id").first().pk,
        ("api-key", "pk"): em.ApiKey.objects.filter(instansi=instansi).order_by("id").first().pk,
        ("log", "pk"): log.pk,
        ("templat", "fmt"): "csv",
        ("ekspor", "fmt"): "xlsx",
        "dinas/dashboard/(?P<tingkat>provinsi|kabupaten)/(?P<kode>[^/]+)/sekolah/$": [
            {"tingkat": "kabupaten", "kode": kab.kode},
            {"tingkat": "provinsi", "kode": kab.provinsi.kode},
        ],
        (
            "dinas/ekspor/(?P<jenis>sekolah|pegawai)/(?P<tingkat>nasional|provinsi|kabupaten|sekolah)"
            r"/(?P<kode>[^/]+)\.(?P<fmt>csv|xlsx)$"
        ): [
            {"jenis": "sekolah", "tingkat": "kabupaten", "kode": kab.kode, "fmt": "csv"},
            {"jenis": "pegawai", "tingkat": "sekolah", "kode": npsn, "fmt": "xlsx"},
            {"jenis": "pegawai", "tingkat": "nasional", "kode": "-", "fmt": "csv"},
        ],
    }
    plausible = {
        "nip": guru.nip or "",
        "nik": guru.nik,
        "npsn": npsn,
        "npsn_tujuan": Sekolah.objects.exclude(pk=sekolah.pk).order_by("npsn").first().npsn,
        "sekolah": str(sekolah.pk),
        "ptk": str(guru.pk),
        "instansi": str(instansi.pk),
        "periode": f"{periode.tahun}-{periode.semester}",
        "tahun": str(periode.tahun),
        "semester": str(periode.semester),
        "rencana_rhk": str(rhk.pk) if rhk else "1",
        "peran": "guru",
        "email": users["guru"].email,
        "tanggal": "2025-12-10",
        "tanggal_mulai": "2025-12-10",
        "tanggal_efektif": "2025-12-10",
        "unor": unor.pk if unor else "",
        "kode": "E01",
        "konfirmasi": "1",
    }
    return Dunia(users=users, known=known, plausible=plausible, api_key=api_key)
