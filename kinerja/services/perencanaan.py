"""Perencanaan Kinerja: the five steps, submit, approve / return with notes, agree, delegation.

Steps (seed 003 slide 12): 1 Praktik Kinerja (exactly one indicator: D.1 for guru, D.3 for a
principal), 2 Pengembangan Kompetensi (one or more RHK; running total against the 32–128 point
recommendation, which never blocks), 3 Tugas Tambahan (optional, several, guru only), 4 Perilaku
Kerja (the seven BerAKHLAK values, read and confirmed), 5 Rangkuman (``selectors.rencana_rangkuman``)
then submit. Every step saves the draft. The plan can be edited in Draf and Dikembalikan only.
"""

from django.db import transaction

from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA
from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role

from .. import periods
from ..catalogue import JUMLAH_RHK_MAKS, poin_status, sasaran_for
from ..models import (
    Indikator,
    JalurAtasan,
    Peran,
    Rencana,
    RencanaRhk,
    RencanaTugasTambahan,
    RhkKompetensi,
    TugasTambahan,
)
from ..transitions import RENCANA, RENCANA_DAPAT_DIUBAH, StatusRencana
from . import atasan as atasan_rules
from .riwayat import riwayat_record

CATATAN_MAKS = 2000


def _ptk_require(actor):
    if actor.ptk is None:
        raise Forbidden(
            "Akun belajar.id Anda belum terhubung dengan data PTK di Dapodik. Minta Operator Sekolah "
            "memperbarui data Anda.",
            code="tanpa_ptk",
        )
    return actor.ptk


def _akses_require(ptk) -> None:
    """Seed 000: only eligible PTK may use Pengelolaan Kinerja (the rule lives in kinerja.access)."""
    try:
        from ..access import access_evaluate
    except ImportError:  # pragma: no cover - kinerja.access is part of the project
        if ptk.jenis_ptk not in JENIS_PTK_PENGELOLAAN_KINERJA:
            raise ApplicationError(
                "Jenis PTK Anda tidak termasuk pengguna Pengelolaan Kinerja. Minta Operator Sekolah "
                "memperbarui Jenis PTK di Dapodik.",
                code="tidak_berhak",
            ) from None
        return
    hasil = access_evaluate(ptk)
    if not hasil.may_use:
        gagal = [f for f in hasil.failures if str(f.blocks) == "akses"] or list(hasil.failures)
        pertama = gagal[0]
        raise Forbidden(
            f"{pertama.explanation} {pertama.fix}".strip(),
            code="tidak_berhak",
            detail={"syarat_gagal": [f.code for f in gagal]},
        )


def _sekolah_for(actor, ptk, peran: str, sekolah):
    """The school a plan of ``peran`` belongs to, checked against the actor's Dapodik roles."""
    if peran == Peran.GURU:
        if not actor.has(Role.GURU):
            raise ApplicationError(
                "Kepala Sekolah definitif menyusun rencana kinerja sebagai Kepala Sekolah, bukan sebagai Guru.",
                code="peran_tidak_sesuai",
            )
        return ptk.sekolah
    role = Role.KEPALA_SEKOLAH if peran == Peran.KEPALA_SEKOLAH else Role.PLT_KEPALA_SEKOLAH
    ids = actor.sekolah_ids(role)
    if not ids:
        raise Forbidden(
            f"Anda tidak tercatat sebagai {Peran(peran).label} di Dapodik pada tanggal ini.",
            code="peran_tidak_sesuai",
        )
    if sekolah is None:
        if len(ids) > 1:
            raise ApplicationError(
                "Anda menjadi Plt. Kepala Sekolah di lebih dari satu sekolah: pilih sekolahnya.",
                code="sekolah_wajib",
            )
        sekolah_id = next(iter(ids))
    else:
        sekolah_id = getattr(sekolah, "pk", sekolah)
        if sekolah_id not in ids:
            raise Forbidden(
                f"Anda bukan {Peran(peran).label} di sekolah tersebut.", code="peran_tidak_sesuai"
            )
    from dapodik.models import Sekolah

    return Sekolah.objects.get(pk=sekolah_id)


@transaction.atomic
def rencana_start(*, actor, peran: str = Peran.GURU, sekolah=None) -> Rencana:
    """Open the actor's own plan of the current period (created as Draf the first time).

    ``peran``: GURU (a teacher, including a Plt as teacher), KEPALA_SEKOLAH (definitif principal),
    PLT_KEPALA_SEKOLAH (one plan per school the Plt leads; ``sekolah`` required if several).
    """
    if peran not in Peran.values:
        raise ApplicationError("Peran tidak dikenal.", code="peran_tidak_sesuai")
    ptk = _ptk_require(actor)
    _akses_require(ptk)
    sekolah = _sekolah_for(actor, ptk, peran, sekolah)
    today = clock.today()
    periode = periods.periode_for_date(today)
    periods.require_window(periode, periods.Kelompok.PERENCANAAN, today)
    rencana, created = Rencana.objects.get_or_create(
        periode=periode, ptk=ptk, peran=peran, sekolah=sekolah, defaults={"dibuat_pada": clock.now()}
    )
    if created:
        riwayat_record(
            periode_id=periode.pk,
            rencana=rencana,
            mesin=RENCANA.nama,
            transisi="buat",
            dari="",
            ke=StatusRencana.DRAFT,
            oleh=actor.user,
            notify=False,
        )
    return rencana


def _pk(obj) -> int:
    pk = getattr(obj, "pk", obj)
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None


def rencana_lock(rencana) -> Rencana:
    """The plan, locked for the rest of the transaction (all services of a plan go through here)."""
    try:
        return (
            Rencana.objects.select_for_update(of=("self",))
            .select_related("periode", "sekolah", "sekolah__kabupaten", "ptk", "ptk__user")
            .get(pk=_pk(rencana))
        )
    except Rencana.DoesNotExist:
        raise NotFound("Rencana kinerja tidak ditemukan.") from None


def owner_require(actor, rencana: Rencana) -> None:
    if actor.ptk is None or actor.ptk.pk != rencana.ptk_id:
        raise Forbidden("Rencana kinerja ini bukan milik Anda.", code="bukan_pemilik")


def _editable(actor, rencana) -> Rencana:
    r = rencana_lock(rencana)
    owner_require(actor, r)
    if r.status not in RENCANA_DAPAT_DIUBAH:
        raise ApplicationError(
            f"Rencana berstatus «{r.get_status_display()}» tidak dapat diubah.", code="status_tidak_sesuai"
        )
    periods.require_window(r.periode, periods.Kelompok.PERENCANAAN)
    return r


@transaction.atomic
def rencana_indikator_set(*, actor, rencana, indikator) -> Rencana:
    """Step 1: exactly one indicator, any of the role's (the school's recommended one is marked in
    ``catalogue.indikator_choices``, others allowed)."""
    r = _editable(actor, rencana)
    try:
        ind = Indikator.objects.get(pk=_pk(indikator), aktif=True)
    except (Indikator.DoesNotExist, NotFound):
        raise ApplicationError("Indikator tidak ditemukan.", code="indikator_tidak_valid") from None
    if ind.untuk != sasaran_for(r.peran):
        raise ApplicationError(
            f"Indikator «{ind.nama}» bukan indikator Praktik Kinerja untuk {Peran(r.peran).label}.",
            code="indikator_tidak_valid",
        )
    r.indikator = ind
    r.save(update_fields=["indikator"])
    return r


def _jumlah(value) -> int:
    try:
        jumlah = int(value)
    except (TypeError, ValueError):
        raise ApplicationError("Jumlah RHK harus berupa angka.", code="jumlah_tidak_valid") from None
    if not 1 <= jumlah <= JUMLAH_RHK_MAKS:
        raise ApplicationError(
            f"Jumlah setiap RHK harus antara 1 dan {JUMLAH_RHK_MAKS}.", code="jumlah_tidak_valid"
        )
    return jumlah


@transaction.atomic
def rencana_rhk_set(*, actor, rencana, items):
    """Step 2: replace the chosen RHK. ``items``: iterable of (RhkKompetensi or id, jumlah).
    Returns the running total as ``catalogue.StatusPoin`` (32–128 is a recommendation only)."""
    r = _editable(actor, rencana)
    pilihan: dict[int, int] = {}
    for rhk, jumlah in items:
        rhk_id = _pk(rhk)
        if rhk_id in pilihan:
            raise ApplicationError("Setiap RHK hanya dapat dipilih satu kali.", code="rhk_ganda")
        pilihan[rhk_id] = _jumlah(jumlah)
    katalog = {x.pk: x for x in RhkKompetensi.objects.filter(pk__in=pilihan, aktif=True)}
    if len(katalog) != len(pilihan):
        raise ApplicationError("RHK Pengembangan Kompetensi tidak ditemukan.", code="rhk_tidak_valid")
    RencanaRhk.objects.filter(rencana=r).delete()
    RencanaRhk.objects.bulk_create(
        [RencanaRhk(rencana=r, rhk=katalog[i], jumlah=j, poin=katalog[i].poin) for i, j in pilihan.items()]
    )
    return poin_status(sum(katalog[i].poin * j for i, j in pilihan.items()))


@transaction.atomic
def rencana_tugas_tambahan_set(*, actor, rencana, items) -> None:
    """Step 3 (optional): replace the Tugas Tambahan. ``items``: iterable of (TugasTambahan or id,
    nomor SK/Surat Tugas). Guru only; each must apply to the school's jenjang."""
    r = _editable(actor, rencana)
    pilihan: dict[int, str] = {}
    for tugas, nomor_sk in items:
        tugas_id = _pk(tugas)
        if tugas_id in pilihan:
            raise ApplicationError("Setiap tugas tambahan hanya dapat dipilih satu kali.", code="tugas_ganda")
        nomor_sk = (nomor_sk or "").strip()
        if len(nomor_sk) > 100:
            raise ApplicationError("Nomor SK paling panjang 100 karakter.", code="nomor_sk_tidak_valid")
        pilihan[tugas_id] = nomor_sk
    if pilihan and r.peran != Peran.GURU:
        raise ApplicationError("Tugas Tambahan hanya untuk rencana kinerja Guru.", code="tugas_bukan_guru")
    katalog = {t.pk: t for t in TugasTambahan.objects.filter(pk__in=pilihan, aktif=True)}
    if len(katalog) != len(pilihan):
        raise ApplicationError("Tugas tambahan tidak ditemukan.", code="tugas_tidak_valid")
    for t in katalog.values():
        if not t.berlaku_untuk(r.sekolah.jenjang):
            raise ApplicationError(
                f"Tugas tambahan «{t.nama}» tidak berlaku untuk jenjang {r.sekolah.jenjang}.",
                code="tugas_tidak_valid",
            )
    RencanaTugasTambahan.objects.filter(rencana=r).delete()
    RencanaTugasTambahan.objects.bulk_create(
        [RencanaTugasTambahan(rencana=r, tugas=katalog[i], nomor_sk=sk) for i, sk in pilihan.items()]
    )


@transaction.atomic
def rencana_perilaku_confirm(*, actor, rencana) -> Rencana:
    """Step 4: the pegawai has read the seven BerAKHLAK values and their behaviours."""
    r = _editable(actor, rencana)
    r.perilaku_dikonfirmasi = True
    r.save(update_fields=["perilaku_dikonfirmasi"])
    return r


def kekurangan(rencana: Rencana) -> list[str]:
    """The steps still missing before submission (also shown on the Rangkuman)."""
    hasil = []
    if rencana.indikator_id is None:
        hasil.append("Langkah 1 Praktik Kinerja: pilih satu indikator.")
    if not rencana.rhk.all():  # uses the prefetched rows when the caller loaded them
        hasil.append("Langkah 2 Pengembangan Kompetensi: pilih paling sedikit satu RHK.")
    if not rencana.perilaku_dikonfirmasi:
        hasil.append("Langkah 4 Perilaku Kerja: baca dan konfirmasi nilai BerAKHLAK.")
    return hasil


@transaction.atomic
def rencana_submit(*, actor, rencana) -> Rencana:
    """Submit to the atasan. A school led only by a Plt approves at once (seed 003 slide 11); no
    atasan at all → "Data atasan Anda tidak ditemukan" and nothing changes."""
    r = _editable(actor, rencana)
    RENCANA.periksa("ajukan", r.status)
    kurang = kekurangan(r)
    if kurang:
        raise ApplicationError(
            "Rencana belum lengkap: " + " ".join(kurang),
            code="rencana_belum_lengkap",
            detail={"kurang": kurang},
        )
    atasan = atasan_rules.atasan_require(r)
    now = clock.now()
    dari = r.status
    r.status = StatusRencana.DIAJUKAN
    r.jalur_atasan = atasan.jalur
    r.atasan_ptk = atasan.ptk
    r.diajukan_pada = now
    r.catatan_atasan = ""
    otomatis = atasan.jalur == JalurAtasan.PLT_OTOMATIS
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=RENCANA.nama,
        transisi="ajukan",
        dari=dari,
        ke=StatusRencana.DIAJUKAN,
        oleh=actor.user,
        notify=not otomatis,
    )
    if otomatis:
        RENCANA.periksa("setujui_otomatis", r.status)
        r.status = StatusRencana.DISETUJUI
        r.disetujui_pada = now
        riwayat_record(
            periode_id=r.periode_id,
            rencana=r,
            mesin=RENCANA.nama,
            transisi="setujui_otomatis",
            dari=StatusRencana.DIAJUKAN,
            ke=StatusRencana.DISETUJUI,
            oleh=None,
            catatan=(
                "Disetujui otomatis oleh sistem: sekolah tidak memiliki Kepala Sekolah definitif dan "
                f"dipimpin Plt. Kepala Sekolah ({atasan.ptk.nama})."
            ),
        )
    r.save(
        update_fields=[
            "status",
            "jalur_atasan",
            "atasan_ptk",
            "diajukan_pada",
            "disetujui_pada",
            "catatan_atasan",
        ]
    )
    return r


def _catatan(catatan, *, wajib: bool) -> str:
    catatan = (catatan or "").strip()
    if wajib and not catatan:
        raise ApplicationError(
            "Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki.", code="catatan_wajib"
        )
    if len(catatan) > CATATAN_MAKS:
        raise ApplicationError(
            f"Catatan paling panjang {CATATAN_MAKS} karakter.", code="catatan_terlalu_panjang"
        )
    return catatan


def _decide(actor, rencana, kode: str, catatan: str) -> Rencana:
    r = rencana_lock(rencana)
    atasan = atasan_rules.penilai_require(actor, r, tindakan=RENCANA[kode].label)
    t = RENCANA.periksa(kode, r.status)
    periods.require_window(r.periode, periods.Kelompok.PERENCANAAN)
    dari = r.status
    r.status = t.tujuan
    r.catatan_atasan = catatan
    r.jalur_atasan = atasan.jalur
    r.atasan_ptk = atasan.ptk
    fields = ["status", "catatan_atasan", "jalur_atasan", "atasan_ptk"]
    if kode == "setujui":
        r.disetujui_pada = clock.now()
        fields.append("disetujui_pada")
    r.save(update_fields=fields)
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=RENCANA.nama,
        transisi=kode,
        dari=dari,
        ke=t.tujuan,
        oleh=actor.user,
        catatan=catatan,
    )
    return r


@transaction.atomic
def rencana_approve(*, actor, rencana, catatan: str = "") -> Rencana:
    """The atasan approves a submitted plan (optionally with a note)."""
    return _decide(actor, rencana, "setujui", _catatan(catatan, wajib=False))


@transaction.atomic
def rencana_return(*, actor, rencana, catatan: str) -> Rencana:
    """The atasan returns a submitted plan with notes (required); the pegawai edits and resubmits."""
    return _decide(actor, rencana, "kembalikan", _catatan(catatan, wajib=True))


@transaction.atomic
def rencana_agree(*, actor, rencana) -> Rencana:
    """The pegawai agrees to the approved plan (Disepakati): required for the rating and the sync."""
    r = rencana_lock(rencana)
    owner_require(actor, r)
    t = RENCANA.periksa("sepakati", r.status)
    periods.require_window(r.periode, periods.Kelompok.PERENCANAAN)
    dari = r.status
    r.status = t.tujuan
    r.disepakati_pada = clock.now()
    r.save(update_fields=["status", "disepakati_pada"])
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=RENCANA.nama,
        transisi="sepakati",
        dari=dari,
        ke=t.tujuan,
        oleh=actor.user,
    )
    return r


@transaction.atomic
def rencana_delegate_observation(*, actor, rencana, pengawas) -> Rencana:
    """The Kepala Dinas delegates the observation of a principal's plan (or a Plt's own guru plan) to
    a Pengawas whose scope covers the school (REFERENCE.md §3h: "Tim Kerja")."""
    from pmm.models import User

    r = rencana_lock(rencana)
    atasan = atasan_rules.atasan_require(r)
    if atasan.jalur != JalurAtasan.KEPALA_DINAS:
        raise ApplicationError(
            "Delegasi observasi kepada Pengawas hanya untuk rencana yang dinilai Kepala Dinas.",
            code="delegasi_tidak_berlaku",
        )
    if not atasan_rules.is_penilai(actor, r, atasan):
        raise Forbidden(
            "Hanya Kepala Dinas Pendidikan yang dapat memberi delegasi observasi.", code="bukan_kepala_dinas"
        )
    observasi = getattr(r, "observasi", None)
    if observasi is not None and observasi.diobservasi_pada is not None:
        raise ApplicationError(
            "Observasi sudah dilaksanakan; delegasi tidak dapat diubah.", code="status_tidak_sesuai"
        )
    try:
        user = User.objects.prefetch_related("granted_roles").get(pk=_pk(pengawas), is_active=True)
    except User.DoesNotExist:
        raise ApplicationError("Pengawas tidak ditemukan.", code="pengawas_tidak_valid") from None
    if not atasan_rules.pengawas_covers(user, r.sekolah):
        raise ApplicationError(
            f"{user} bukan Pengawas Sekolah untuk wilayah {r.sekolah.nama}.", code="pengawas_tidak_valid"
        )
    r.pengawas = user
    r.save(update_fields=["pengawas"])
    riwayat_record(
        periode_id=r.periode_id,
        rencana=r,
        mesin=RENCANA.nama,
        transisi="delegasi_observasi",
        dari=r.status,
        ke=r.status,
        oleh=actor.user,
        catatan=f"Observasi didelegasikan kepada Pengawas {user.nama or user.email}.",
    )
    return r
