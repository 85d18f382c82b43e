"""Helpers for the cycle tests: move the simulated clock, build actors, walk a plan forward through
the services (never by writing rows directly)."""

from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.models import FokusPerilaku, Indikator, Peran, RhkKompetensi, TugasTambahan
from kinerja.services import pelaksanaan, penilaian, perencanaan
from pmm import clock
from pmm.actors import actor_for

TAHUN = 2025


def hari(bulan: int, tanggal: int, tahun: int = TAHUN, jam: int = 9) -> date:
    """Set the simulated clock; returns the date."""
    clock.clock_set(moment=timezone.make_aware(datetime(tahun, bulan, tanggal, jam, 0)))
    return date(tahun, bulan, tanggal)


def waktu(bulan: int, tanggal: int, tahun: int = TAHUN, jam: int = 8) -> datetime:
    return timezone.make_aware(datetime(tahun, bulan, tanggal, jam, 0))


def aktor(obj):
    """The Actor of a PTK or a User, computed on the simulated date (as a request would)."""
    user = getattr(obj, "user", None) if not hasattr(obj, "granted_roles") else obj
    return actor_for(user)


def indikator(kode: str) -> Indikator:
    return Indikator.objects.get(kode=kode)


def rhk(kode: str) -> RhkKompetensi:
    return RhkKompetensi.objects.get(kode=kode)


def tugas(kode: str) -> TugasTambahan:
    return TugasTambahan.objects.get(kode=kode)


def rencana_lengkap(ptk, *, peran=Peran.GURU, sekolah=None, kode_indikator=None, rhk_items=None):
    """A complete draft (steps 1, 2, 4) of ``ptk``'s plan; the clock must be inside Perencanaan."""
    a = aktor(ptk)
    r = perencanaan.rencana_start(actor=a, peran=peran, sekolah=sekolah)
    kode_indikator = kode_indikator or ("D1-02" if peran == Peran.GURU else "D3-06")
    perencanaan.rencana_indikator_set(actor=a, rencana=r, indikator=indikator(kode_indikator))
    perencanaan.rencana_rhk_set(actor=a, rencana=r, items=rhk_items or [(rhk("PK-01"), 2), (rhk("PK-03"), 1)])
    perencanaan.rencana_perilaku_confirm(actor=a, rencana=r)
    r.refresh_from_db()
    return r


def rencana_disepakati(ptk, penyetuju=None, **kw):
    """Submit, approve (unless automatic) and agree. ``penyetuju``: PTK or User of the atasan."""
    r = rencana_lengkap(ptk, **kw)
    a = aktor(ptk)
    r = perencanaan.rencana_submit(actor=a, rencana=r)
    if r.status == "diajukan":
        perencanaan.rencana_approve(actor=aktor(penyetuju), rencana=r)
    perencanaan.rencana_agree(actor=a, rencana=r)
    r.refresh_from_db()
    return r


def persiapan(r, ptk, *, jadwal=None):
    """Diskusi Persiapan with the first focus behaviour; the clock must be inside Pelaksanaan."""
    fokus = FokusPerilaku.objects.filter(indikator_id=r.indikator_id).order_by("urutan")[:1]
    return pelaksanaan.observasi_prepare(
        actor=aktor(ptk),
        rencana=r,
        fokus=list(fokus),
        dokumen_persiapan="Rencana pembelajaran dengan kesepakatan kelas.",
        jadwal=jadwal or waktu(3, 3),
    )


def siap_dinilai(ptk, penyetuju=None, **kw):
    """Jan: plan agreed; Feb: observation prepared for 3 March. Leaves the clock on 10 February."""
    hari(1, 10)
    r = rencana_disepakati(ptk, penyetuju, **kw)
    hari(2, 10)
    persiapan(r, ptk)
    r.refresh_from_db()
    return r


def nilai(r, penilai, hasil, perilaku):
    return penilaian.penilaian_save(
        actor=aktor(penilai), rencana=r, rating_hasil_kerja=hasil, rating_perilaku=perilaku
    )


def berkas(nama: str, isi: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi)


PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
