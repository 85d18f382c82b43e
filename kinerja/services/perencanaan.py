"""Perencanaan Kinerja: the five steps, submit, approve / return with notes, agree, delegation.

Steps (seed 003 slide 12): 1 Praktik Kinerja (exactly one indicator: D.1 for guru, D.3 for a
principal), 2 Pengembangan Kompetensi (one or more RHK; running total against the 32–128 point
recommendation, which never blocks), 3 Tugas Tambahan (optional, several, guru only), 4 Perilaku
Kerja (the seven BerAKHLAK values, read and confirmed), 5 Rangkuman (``selectors.rencana_rangkuman``)
then submit. Every step saves the draft. The plan can be edited in Draf and Dikembalikan only.

While the plan waits for approval the atasan may add an "ekspektasi khusus" to each BerAKHLAK value
(PermenPANRB 6/2022), see ``rencana_ekspektasi_set``.
"""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA
from pmm import clock
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role

from .. import periods
from ..catalogue import JUMLAH_RHK_MAKS, poin_status, sasaran_for
from ..models import (
    EkspektasiKhusus,
    Indikator,
    JalurAtasan,
    NilaiBerakhlak,
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
EKSPEKTASI_MAKS = 1000


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


@dataclass
class HasilEkspektasi:
    """What ``rencana_ekspektasi_set`` changed: value names in catalogue order."""

    rencana: Rencana
    diisi: list[str] = field(default_factory=list)
    dihapus: list[str] = field(default_factory=list)

    @property
    def berubah(self) -> bool:
        return bool(self.diisi or self.dihapus)


# Bidirectional formatting controls make a text display differently from what it holds.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _ekspektasi_teks(nama: str, teks) -> str:
    if teks is None:
        teks = ""
    if not isinstance(teks, str):
        raise ApplicationError(
            f"Ekspektasi khusus «{nama}» harus berupa teks.", code="ekspektasi_tidak_valid"
        )
    teks = teks.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(teks) > EKSPEKTASI_MAKS:
        raise ApplicationError(
            f"Ekspektasi khusus «{nama}» paling panjang {EKSPEKTASI_MAKS} karakter (saat ini {len(teks)}).",
            code="ekspektasi_terlalu_panjang",
            detail={"nilai": nama, "maks": EKSPEKTASI_MAKS, "panjang": len(teks)},
        )
    for c in teks:
        if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI):
            raise ApplicationError(
                f"Ekspektasi khusus «{nama}» memuat karakter kendali yang tidak diizinkan.",
                code="ekspektasi_tidak_valid",
                detail={"nilai": nama},
            )
    return teks


def _nilai_resolve(katalog: list[NilaiBerakhlak], kunci) -> NilaiBerakhlak:
    """A BerAKHLAK value named by the object, its id, or its kode (any case)."""
    found = None
    if isinstance(kunci, NilaiBerakhlak):
        kunci = kunci.pk
    if isinstance(kunci, int) and not isinstance(kunci, bool):
        found = next((n for n in katalog if n.pk == kunci), None)
    elif isinstance(kunci, str):
        k = kunci.strip()
        found = next((n for n in katalog if n.kode.upper() == k.upper()), None)
        if found is None and k.isascii() and k.isdigit() and len(k) <= 12:
            found = next((n for n in katalog if n.pk == int(k)), None)
    if found is None:
        raise ApplicationError(
            "Nilai BerAKHLAK tidak dikenal. Pilih salah satu dari tujuh nilai dasar ASN BerAKHLAK.",
            code="nilai_tidak_dikenal",
            detail={"nilai": str(kunci)[:64], "pilihan": [n.kode for n in katalog]},
        )
    return found


@transaction.atomic
def rencana_ekspektasi_set(*, actor, rencana, items) -> HasilEkspektasi:
    """The atasan adds an "ekspektasi khusus" to BerAKHLAK values of a plan (PermenPANRB 6/2022).

    Who: whoever may approve or return this plan (``atasan.penilai_require``), and only while it
    waits for that decision (Diajukan), within the Perencanaan window like the decision itself.
    ``items`` maps a value (NilaiBerakhlak, its id or its kode) to the text; an empty text removes
    that value's entry and values not named stay as they are. All or nothing: one bad item refuses
    the whole change. A change writes one history row (no status change, no e-mail: the pegawai
    hears of the plan at the decision); saving the same texts again writes nothing.
    """
    r = rencana_lock(rencana)
    atasan_rules.penilai_require(actor, r, tindakan="mengisi ekspektasi khusus")
    if r.status != StatusRencana.DIAJUKAN:
        raise ApplicationError(
            "Ekspektasi khusus hanya dapat diisi atasan saat rencana menunggu persetujuan "
            f"(status saat ini «{r.get_status_display()}»).",
            code="status_tidak_sesuai",
            detail={"status": r.status},
        )
    periods.require_window(r.periode, periods.Kelompok.PERENCANAAN)
    try:
        pairs = [(k, v) for k, v in (items.items() if isinstance(items, Mapping) else items)]
    except (TypeError, ValueError):
        raise ApplicationError(
            "Isian ekspektasi khusus tidak valid.", code="ekspektasi_tidak_valid"
        ) from None
    katalog = list(NilaiBerakhlak.objects.all())
    baru: dict[int, str] = {}
    for kunci, teks in pairs:
        nilai = _nilai_resolve(katalog, kunci)
        if nilai.pk in baru:
            raise ApplicationError(
                f"Nilai «{nilai.nama}» disebut lebih dari satu kali.",
                code="nilai_ganda",
                detail={"nilai": nilai.kode},
            )
        baru[nilai.pk] = _ekspektasi_teks(nilai.nama, teks)

    lama = {e.nilai_id: e for e in EkspektasiKhusus.objects.filter(rencana=r)}
    now = clock.now()
    hasil = HasilEkspektasi(r)
    for nilai in katalog:
        if nilai.pk not in baru:
            continue
        teks, ada = baru[nilai.pk], lama.get(nilai.pk)
        if not teks:
            if ada is not None:
                ada.delete()
                hasil.dihapus.append(nilai.nama)
        elif ada is None:
            EkspektasiKhusus.objects.create(
                rencana=r, nilai=nilai, teks=teks, diisi_oleh=actor.user, diubah_pada=now
            )
            hasil.diisi.append(nilai.nama)
        elif ada.teks != teks:
            ada.teks, ada.diisi_oleh, ada.diubah_pada = teks, actor.user, now
            ada.save(update_fields=["teks", "diisi_oleh", "diubah_pada"])
            hasil.diisi.append(nilai.nama)
    if hasil.berubah:
        catatan = []
        if hasil.diisi:
            catatan.append("Ekspektasi khusus diisi: " + ", ".join(hasil.diisi) + ".")
        if hasil.dihapus:
            catatan.append("Ekspektasi khusus dihapus: " + ", ".join(hasil.dihapus) + ".")
        riwayat_record(
            periode_id=r.periode_id,
            rencana=r,
            mesin=RENCANA.nama,
            transisi="ekspektasi_khusus",
            dari=r.status,
            ke=r.status,
            oleh=actor.user,
            catatan=" ".join(catatan),
            notify=False,
        )
    return hasil


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
    if r.pengawas_id == user.pk:
        return r  # already delegated to this Pengawas (a second click): no second history row
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
