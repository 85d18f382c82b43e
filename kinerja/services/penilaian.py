"""Penilaian Kinerja (seed 003 slides 24–35, seed 002).

1. The penilai (principal or Plt for the school's teachers; the Kepala Dinas for principals and for
   a Plt's own guru plan) gives a Rating Hasil Kerja and a Rating Perilaku Kerja; the predikat
   follows the PermenPANRB 6/2022 matrix (``kinerja.predikat``). Drafts may be saved and changed.
   A teacher can be rated once the plan is Disepakati and the Diskusi Persiapan (preparation
   document and schedule) is done (seed 003 slide 30, type B).
2. "Kirim ke Dinas Pendidikan" — once per school and period, with the confirmation ticked and an
   explanation; the complete drafts become Dikirim and can no longer be changed. Teachers not rated
   at that moment can still be rated later and are fixed with the others (seed 003 slide 26).
3. The Kepala Dinas gives the school its Predikat Kinerja Organisasi (changeable until the
   principal fixes the teachers' predikat).
4. The principal *tetapkan* the predikat of every rated teacher; refused with an explanation when
   the whole fixed set breaks SE MenPANRB 3/2023 (rounding in ``kinerja.predikat``). It may be done
   again later for teachers rated afterwards; the rule is then checked on all fixed teachers.

Plans rated by the Kepala Dinas (principals, a Plt's own guru plan) are fixed by the Kepala Dinas
directly (``penilaian_kadis_tetapkan``): the distribution rule among a Dinas' principals is outside
this simulator. All Penilaian steps happen inside the period's Penilaian window (``periods``).

The school-level steps (2–4) that name no period work on ``periods.periode_penilaian``: the period
whose Penilaian window contains the day, so a window extended past the period's end (late schools
finishing Jan–Jun in July) keeps them going; outside every window they are refused with the periods
concerned named (``periods.penilaian_require``).
"""

from django.db import IntegrityError, transaction

from dapodik.choices import JenisPenugasan
from pmm import clock
from pmm.errors import ApplicationError, Forbidden

from .. import periods, predikat
from ..models import JalurAtasan, Penilaian, PenilaianSekolah, Peran, Rencana
from ..transitions import PENILAIAN, PENILAIAN_SEKOLAH, StatusPenilaian, StatusPenilaianSekolah
from . import atasan as atasan_rules
from .perencanaan import rencana_lock
from .riwayat import riwayat_record, riwayat_record_many

CATATAN_MAKS = 2000


def _rating(value, label: str) -> str:
    value = value or ""
    if value and value not in predikat.Rating.values:
        raise ApplicationError(f"{label} tidak dikenal.", code="rating_tidak_valid")
    return value


def siap_dinilai_require(r: Rencana) -> None:
    """Refuse with the seed's type A / type B explanation when the teacher is not yet ratable."""
    from ..selectors import alasan_belum_dinilai

    alasan = alasan_belum_dinilai(r, getattr(r, "observasi", None))
    if alasan is not None:
        raise ApplicationError(
            alasan.pesan, code=f"belum_siap_dinilai_{alasan.tipe.lower()}", detail=alasan.as_dict()
        )


@transaction.atomic
def penilaian_save(
    *, actor, rencana, rating_hasil_kerja=None, rating_perilaku=None, catatan: str = ""
) -> Penilaian:
    """Save (draft) the ratings of one plan; the predikat is filled once both ratings are given."""
    r = rencana_lock(rencana)
    atasan_rules.penilai_require(actor, r, tindakan="memberikan penilaian")
    periods.require_window(r.periode, periods.Kelompok.PENILAIAN)
    siap_dinilai_require(r)
    hasil = _rating(rating_hasil_kerja, "Rating Hasil Kerja")
    perilaku = _rating(rating_perilaku, "Rating Perilaku Kerja")
    catatan = (catatan or "").strip()
    if len(catatan) > CATATAN_MAKS:
        raise ApplicationError(
            f"Catatan paling panjang {CATATAN_MAKS} karakter.", code="catatan_terlalu_panjang"
        )
    p = Penilaian.objects.select_for_update().filter(rencana=r).first()
    if p is not None and p.status != StatusPenilaian.DRAFT:
        pesan = (
            "Penilaian sudah dikirim ke Dinas Pendidikan dan tidak dapat diubah."
            if p.status == StatusPenilaian.DIKIRIM
            else "Predikat sudah ditetapkan dan tidak dapat diubah."
        )
        raise ApplicationError(pesan, code="penilaian_terkunci")
    baru = p is None
    if baru:
        p = Penilaian(rencana=r)
    p.rating_hasil_kerja = hasil
    p.rating_perilaku = perilaku
    p.predikat = predikat.predikat_for(hasil, perilaku) if hasil and perilaku else ""
    p.catatan = catatan
    p.dinilai_oleh = actor.user
    p.diperbarui_pada = clock.now()
    p.save()
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=PENILAIAN.nama,
        transisi="simpan",
        dari="" if baru else StatusPenilaian.DRAFT,
        ke=StatusPenilaian.DRAFT,
        oleh=actor.user,
        catatan=f"Predikat sementara: {predikat.Predikat(p.predikat).label}" if p.predikat else "",
        notify=False,
    )
    return p


def kepala_ptk_ids(sekolah, day=None) -> set[int]:
    """The school's open principal and Plt: their own guru plans are rated by the Kepala Dinas."""
    kepala = atasan_rules.kepala_sekolah_open([sekolah.pk], day).get(sekolah.pk, {})
    return {p.pk for j, p in kepala.items() if j in (JenisPenugasan.DEFINITIF, JenisPenugasan.PLT)}


def rencana_guru_sekolah(sekolah, periode, day=None):
    """The teachers' plans the school's principal rates (not the principal's or Plt's own)."""
    return Rencana.objects.filter(sekolah=sekolah, periode=periode, peran=Peran.GURU).exclude(
        ptk_id__in=kepala_ptk_ids(sekolah, day)
    )


def _periode(periode):
    """The period of a school-level Penilaian step, inside its Penilaian window: the one given, or
    the period being rated today (``periods.periode_penilaian``); refused otherwise."""
    if periode is None:
        return periods.penilaian_require()
    periods.require_window(periode, periods.Kelompok.PENILAIAN)
    return periode


def penilaian_sekolah_lock(sekolah, periode) -> PenilaianSekolah:
    try:
        with transaction.atomic():
            PenilaianSekolah.objects.get_or_create(sekolah=sekolah, periode=periode)
    except IntegrityError:
        pass  # created by a concurrent click; locked below
    return PenilaianSekolah.objects.select_for_update().get(sekolah=sekolah, periode=periode)


def _school_record(ps, kode, dari, ke, actor, catatan="", notify=True):
    riwayat_record(
        periode_id=ps.periode_id,
        sekolah_id=ps.sekolah_id,
        mesin=PENILAIAN_SEKOLAH.nama,
        transisi=kode,
        dari=dari,
        ke=ke,
        oleh=actor.user,
        catatan=catatan,
        notify=notify,
    )


@transaction.atomic
def penilaian_kirim_dinas(
    *, actor, sekolah, konfirmasi: bool, penjelasan: str, periode=None
) -> PenilaianSekolah:
    """ "Kirim ke Dinas Pendidikan": once, after ticking the confirmation and writing an explanation."""
    atasan_rules.penilai_sekolah_require(actor, sekolah, tindakan="mengirim penilaian ke Dinas Pendidikan")
    periode = _periode(periode)
    if konfirmasi is not True:
        raise ApplicationError(
            "Centang konfirmasi bahwa Anda memahami penilaian yang dikirim tidak dapat diubah lagi.",
            code="konfirmasi_wajib",
        )
    penjelasan = (penjelasan or "").strip()
    if not penjelasan:
        raise ApplicationError("Tuliskan penjelasan dan persetujuan pengiriman.", code="penjelasan_wajib")
    if len(penjelasan) > CATATAN_MAKS:
        raise ApplicationError(
            f"Penjelasan paling panjang {CATATAN_MAKS} karakter.", code="penjelasan_terlalu_panjang"
        )
    ps = penilaian_sekolah_lock(sekolah, periode)
    t = PENILAIAN_SEKOLAH.periksa("kirim", ps.status)
    draf = list(
        Penilaian.objects.select_for_update()
        .filter(
            rencana__in=rencana_guru_sekolah(sekolah, periode),
            status=StatusPenilaian.DRAFT,
        )
        .exclude(rating_hasil_kerja="")
        .exclude(rating_perilaku="")
    )
    if not draf:
        raise ApplicationError(
            "Belum ada penilaian guru yang lengkap (Rating Hasil Kerja dan Rating Perilaku Kerja) untuk dikirim.",
            code="tidak_ada_penilaian",
        )
    now = clock.now()
    Penilaian.objects.filter(pk__in=[p.pk for p in draf], status=StatusPenilaian.DRAFT).update(
        status=StatusPenilaian.DIKIRIM, dikirim_pada=now
    )
    riwayat_record_many(
        [
            {
                "periode_id": periode.pk,
                "rencana_id": p.rencana_id,
                "sekolah_id": sekolah.pk,
                "mesin": PENILAIAN.nama,
                "transisi": "kirim",
                "dari": StatusPenilaian.DRAFT,
                "ke": StatusPenilaian.DIKIRIM,
                "oleh": actor.user,
            }
            for p in draf
        ],
        notify=False,
    )
    dari = ps.status
    ps.status = t.tujuan
    ps.penjelasan_kirim = penjelasan
    ps.dikirim_oleh = actor.user
    ps.dikirim_pada = now
    ps.save(update_fields=["status", "penjelasan_kirim", "dikirim_oleh", "dikirim_pada"])
    _school_record(ps, "kirim", dari, t.tujuan, actor, f"{len(draf)} penilaian guru dikirim. {penjelasan}")
    return ps


@transaction.atomic
def predikat_organisasi_set(*, actor, sekolah, predikat_organisasi: str, periode=None) -> PenilaianSekolah:
    """The Kepala Dinas gives the school its Predikat Kinerja Organisasi, after the school sent its
    ratings, and may change it until the principal has fixed the teachers' predikat.

    The value already set again (a second click, a resent form) changes and records nothing: no
    second history row, no second e-mail. The returned row says which in ``berubah``."""
    atasan_rules.kepala_dinas_require(actor, sekolah, tindakan="memberikan Predikat Kinerja Organisasi")
    if predikat_organisasi not in predikat.PredikatOrganisasi.values:
        raise ApplicationError("Predikat Kinerja Organisasi tidak dikenal.", code="predikat_tidak_valid")
    periode = _periode(periode)
    ps = penilaian_sekolah_lock(sekolah, periode)
    if ps.status == StatusPenilaianSekolah.DRAFT:
        raise ApplicationError(
            f"{sekolah.nama} belum mengirim penilaian kinerja guru ke Dinas Pendidikan.", code="belum_dikirim"
        )
    t = PENILAIAN_SEKOLAH.periksa("predikat_organisasi", ps.status)
    if ps.status == t.tujuan and ps.predikat_organisasi == predikat_organisasi:
        ps.berubah = False
        return ps
    dari = ps.status
    ps.status = t.tujuan
    ps.predikat_organisasi = predikat_organisasi
    ps.predikat_organisasi_oleh = actor.user
    ps.predikat_organisasi_pada = clock.now()
    ps.save(
        update_fields=[
            "status",
            "predikat_organisasi",
            "predikat_organisasi_oleh",
            "predikat_organisasi_pada",
        ]
    )
    _school_record(
        ps,
        "predikat_organisasi",
        dari,
        t.tujuan,
        actor,
        predikat.PredikatOrganisasi(predikat_organisasi).label,
    )
    ps.berubah = True
    return ps


@transaction.atomic
def predikat_tetapkan(*, actor, sekolah, periode=None) -> list[Penilaian]:
    """The principal fixes the predikat of every rated teacher not yet fixed, if the whole fixed set
    respects SE MenPANRB 3/2023 for the school's Predikat Kinerja Organisasi."""
    atasan_rules.penilai_sekolah_require(actor, sekolah, tindakan="menetapkan predikat kinerja guru")
    periode = _periode(periode)
    ps = penilaian_sekolah_lock(sekolah, periode)
    if ps.status in (StatusPenilaianSekolah.DRAFT, StatusPenilaianSekolah.DIKIRIM):
        raise ApplicationError(
            "Predikat guru dapat ditetapkan setelah penilaian dikirim ke Dinas Pendidikan dan Kepala Dinas "
            "memberikan Predikat Kinerja Organisasi.",
            code="menunggu_predikat_organisasi",
        )
    t = PENILAIAN_SEKOLAH.periksa("tetapkan", ps.status)
    semua = list(
        Penilaian.objects.select_for_update()
        .filter(rencana__in=rencana_guru_sekolah(sekolah, periode))
        .exclude(predikat="")
    )
    baru = [p for p in semua if p.status != StatusPenilaian.DITETAPKAN]
    if not baru:
        raise ApplicationError("Tidak ada penilaian baru yang dapat ditetapkan.", code="tidak_ada_penilaian")
    pelanggaran = predikat.distribusi_check(ps.predikat_organisasi, [p.predikat for p in semua])
    if pelanggaran:
        raise ApplicationError(
            predikat.distribusi_penjelasan(ps.predikat_organisasi, pelanggaran),
            code="distribusi_tidak_sesuai",
            detail={
                "predikat_organisasi": ps.predikat_organisasi,
                "jumlah_guru": len(semua),
                "pelanggaran": [p.pesan for p in pelanggaran],
            },
        )
    now = clock.now()
    Penilaian.objects.filter(pk__in=[p.pk for p in baru]).update(
        status=StatusPenilaian.DITETAPKAN, ditetapkan_oleh=actor.user, ditetapkan_pada=now
    )
    riwayat_record_many(
        [
            {
                "periode_id": periode.pk,
                "rencana_id": p.rencana_id,
                "sekolah_id": sekolah.pk,
                "mesin": PENILAIAN.nama,
                "transisi": "tetapkan",
                "dari": p.status,
                "ke": StatusPenilaian.DITETAPKAN,
                "oleh": actor.user,
                "catatan": predikat.Predikat(p.predikat).label,
            }
            for p in baru
        ],
        notify=True,
    )
    dari = ps.status
    ps.status = t.tujuan
    ps.ditetapkan_oleh = actor.user
    ps.ditetapkan_pada = now
    ps.save(update_fields=["status", "ditetapkan_oleh", "ditetapkan_pada"])
    _school_record(
        ps, "tetapkan", dari, t.tujuan, actor, f"{len(baru)} predikat guru ditetapkan.", notify=False
    )
    for p in baru:
        p.status = StatusPenilaian.DITETAPKAN
        p.ditetapkan_pada = now
    return baru


@transaction.atomic
def penilaian_kadis_tetapkan(*, actor, rencana) -> Penilaian:
    """The Kepala Dinas fixes the predikat of a plan it rates (a principal's, or a Plt's own guru plan)."""
    r = rencana_lock(rencana)
    atasan = atasan_rules.penilai_require(actor, r, tindakan="menetapkan predikat")
    if atasan.jalur != JalurAtasan.KEPALA_DINAS:
        raise Forbidden("Predikat guru ditetapkan oleh Kepala Sekolah.", code="bukan_kepala_dinas")
    periods.require_window(r.periode, periods.Kelompok.PENILAIAN)
    p = Penilaian.objects.select_for_update().filter(rencana=r).first()
    if p is None or not p.predikat:
        raise ApplicationError(
            "Lengkapi Rating Hasil Kerja dan Rating Perilaku Kerja terlebih dahulu.",
            code="penilaian_belum_lengkap",
        )
    t = PENILAIAN.periksa("tetapkan", p.status)
    dari = p.status
    p.status = t.tujuan
    p.ditetapkan_oleh = actor.user
    p.ditetapkan_pada = clock.now()
    p.save(update_fields=["status", "ditetapkan_oleh", "ditetapkan_pada"])
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=PENILAIAN.nama,
        transisi="tetapkan",
        dari=dari,
        ke=t.tujuan,
        oleh=actor.user,
        catatan=predikat.Predikat(p.predikat).label,
    )
    return p
