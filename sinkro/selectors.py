"""Reads of Sinkro PMM for pages, API, tasks and commands. Access is decided here so every caller
gets the same answer: another instansi's pegawai, request or bulk sync is "not found"."""

import re
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Subquery

from dapodik.choices import JENIS_PTK_PENGELOLAAN_KINERJA, JenisPenugasan
from dapodik.models import PTK, PenugasanKepalaSekolah
from kinerja.models import Peran
from pmm import clock
from pmm.actors import open_assignment_q
from pmm.errors import NotFound
from pmm.models import Instansi
from pmm.roles import Role

from .models import AKTIF, FINAL, SinkroConfig, Status, SyncBatch, SyncIntent
from .payload import Target

_KODE = re.compile(r"[A-Za-z0-9_]{1,8}")


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


# --- instansi ---------------------------------------------------------------------------------------


def instansi_for(actor):
    """The instansi an actor administers for Sinkro PMM (all of them for a trainer)."""
    qs = Instansi.objects.order_by("nama", "id")
    return qs if actor.is_trainer else qs.filter(pk__in=actor.instansi_ids(Role.ADMIN_INSTANSI))


def instansi_require(actor, pk) -> Instansi:
    pk = _pk(pk)
    instansi = instansi_for(actor).filter(pk=pk).first() if pk else None
    if instansi is None:
        raise NotFound("Instansi tidak ditemukan.")
    return instansi


def config_for(instansi_id) -> SinkroConfig | None:
    return SinkroConfig.objects.filter(instansi_id=instansi_id).first()


def api_keys(instansi_ids) -> dict:
    ids = {i for i in instansi_ids if i}
    if not ids:
        return {}
    return dict(SinkroConfig.objects.filter(instansi_id__in=ids).values_list("instansi_id", "api_key"))


# --- who syncs in which role -----------------------------------------------------------------------


def _roles(ptks: list, assignments) -> list[Target]:
    jenis_by_ptk: dict[int, set] = {}
    for ptk_id, jenis in assignments:
        jenis_by_ptk.setdefault(ptk_id, set()).add(jenis)
    targets = []
    for p in ptks:
        jenis = jenis_by_ptk.get(p.pk, set())
        main = Peran.KEPALA_SEKOLAH if JenisPenugasan.DEFINITIF in jenis else Peran.GURU
        targets.append(Target(p, main))
        if JenisPenugasan.PLT in jenis:
            targets.append(Target(p, Peran.PLT_KEPALA_SEKOLAH))
    return targets


def targets_for_instansi(*, instansi_id: int, nips=None) -> list[Target]:
    """Every teacher and principal of the instansi's schools in their role(s) on the simulated date
    (two queries): a definitive principal syncs as Kepala Sekolah, everyone else as Guru, and a Plt
    also as Plt. ``nips`` narrows it to those Dapodik NIPs."""
    qs = (
        PTK.objects.filter(sekolah__instansi_id=instansi_id, jenis_ptk__in=JENIS_PTK_PENGELOLAAN_KINERJA)
        .select_related("sekolah")
        .order_by("sekolah__npsn", "nama", "id")
    )
    if nips is not None:
        qs = qs.filter(nip__in=[n for n in nips if n])
    ptks = list(qs)
    assignments = PenugasanKepalaSekolah.objects.filter(
        open_assignment_q(clock.today()), ptk__sekolah__instansi_id=instansi_id
    ).values_list("ptk_id", "jenis")
    return _roles(ptks, assignments)


def targets_for_ptk(ptk) -> list[Target]:
    """The roles a PTK syncs in (their own sync page)."""
    assignments = PenugasanKepalaSekolah.objects.filter(
        open_assignment_q(clock.today()), ptk=ptk
    ).values_list("ptk_id", "jenis")
    return _roles([ptk], assignments)


def ptk_for_nip(*, actor, nip: str) -> PTK:
    """A pegawai by Dapodik NIP, within the actor's reach (own, instansi, or any for a trainer)."""
    nip = "".join(str(nip or "").split())
    # A NIP is 18 ASCII digits; anything else (a NUL byte included) cannot match and never reaches SQL.
    valid = len(nip) == 18 and nip.isascii() and nip.isdigit()
    ptk = PTK.objects.select_related("sekolah").filter(nip=nip).first() if valid else None
    if ptk is None:
        raise NotFound("Pegawai dengan NIP ini tidak ditemukan di Dapodik.")
    mine = actor.ptk is not None and actor.ptk.pk == ptk.pk
    if not (mine or actor.is_trainer or ptk.sekolah.instansi_id in actor.instansi_ids(Role.ADMIN_INSTANSI)):
        raise NotFound("Pegawai dengan NIP ini tidak ditemukan di Dapodik.")
    return ptk


# --- requests -------------------------------------------------------------------------------------


def _intent_visible(actor, intent: SyncIntent) -> bool:
    if actor.ptk is not None and actor.ptk.pk == intent.ptk_id:
        return True
    if actor.is_trainer:
        return True
    admin = actor.instansi_ids(Role.ADMIN_INSTANSI)
    return intent.instansi_id in admin or intent.ptk.sekolah.instansi_id in admin


def intent_get(*, actor, pk) -> SyncIntent:
    pk = _pk(pk)
    intent = (
        SyncIntent.objects.select_related("ptk__sekolah", "periode", "batch").filter(pk=pk).first()
        if pk
        else None
    )
    if intent is None or not _intent_visible(actor, intent):
        raise NotFound("Permintaan sinkron tidak ditemukan.")
    return intent


def intents_latest(*, ptk, periode) -> dict[str, SyncIntent]:
    """The latest request of a pegawai per role in a period."""
    latest: dict[str, SyncIntent] = {}
    if periode.pk is None:
        return latest
    for intent in (
        SyncIntent.objects.filter(ptk=ptk, periode=periode)
        .select_related("ptk")
        .order_by("-dibuat_pada", "-id")[:30]
    ):
        latest.setdefault(intent.peran, intent)
    return latest


def intents_recent(*, ptk, limit: int = 10) -> list[SyncIntent]:
    return list(
        SyncIntent.objects.filter(ptk=ptk).select_related("periode").order_by("-dibuat_pada", "-id")[:limit]
    )


def intents_for_instansi(*, instansi_id: int, status: str = "", kode: str = "", limit: int = 100):
    qs = SyncIntent.objects.filter(instansi_id=instansi_id).select_related("ptk__sekolah", "periode")
    if status in Status.values:
        qs = qs.filter(status=status)
    if kode and _KODE.fullmatch(kode):
        qs = qs.filter(kode=kode)
    return list(qs.order_by("-dibuat_pada", "-id")[:limit])


# --- bulk syncs -----------------------------------------------------------------------------------


def batch_get(*, actor, pk) -> SyncBatch:
    pk = _pk(pk)
    batch = SyncBatch.objects.select_related("instansi", "periode").filter(pk=pk).first() if pk else None
    if batch is None or not (
        actor.is_trainer or batch.instansi_id in actor.instansi_ids(Role.ADMIN_INSTANSI)
    ):
        raise NotFound("Sinkron massal tidak ditemukan.")
    return batch


@dataclass
class Progres:
    jumlah: int
    per_status: dict
    per_kode: list  # [(kode, jumlah)] of the failures and warnings
    per_aktor: list  # [(aktor, jumlah)] of the failures

    @property
    def selesai(self) -> int:
        return sum(self.per_status.get(s, 0) for s in FINAL)

    @property
    def berjalan(self) -> int:
        return sum(self.per_status.get(s, 0) for s in AKTIF)

    @property
    def persen(self) -> int:
        return round(100 * self.selesai / self.jumlah) if self.jumlah else 100

    @property
    def tuntas(self) -> bool:
        return self.berjalan == 0

    def as_dict(self) -> dict:
        return {
            "jumlah": self.jumlah,
            "selesai": self.selesai,
            "berjalan": self.berjalan,
            "persen": self.persen,
            "tuntas": self.tuntas,
            "per_status": self.per_status,
            "per_kode": [{"kode": k, "jumlah": n} for k, n in self.per_kode],
            "per_aktor": [{"aktor": a, "jumlah": n} for a, n in self.per_aktor],
        }


def batch_progress(batch: SyncBatch) -> Progres:
    """Counts per status, per error code and per actor (two grouped queries, any batch size)."""
    per_status = {s: 0 for s in Status.values}
    for status, n in SyncIntent.objects.filter(batch=batch).values_list("status").annotate(n=Count("id")):
        per_status[status] = n
    per_kode, per_aktor = {}, {}
    rows = (
        SyncIntent.objects.filter(batch=batch, status__in=FINAL)
        .exclude(kode="")
        .values_list("kode", "aktor", "status")
        .annotate(n=Count("id"))
    )
    for kode, aktor, status, n in rows:
        per_kode[kode] = per_kode.get(kode, 0) + n
        if status != Status.PERINGATAN and aktor:
            per_aktor[aktor] = per_aktor.get(aktor, 0) + n
    return Progres(
        jumlah=sum(per_status.values()),
        per_status=per_status,
        per_kode=sorted(per_kode.items()),
        per_aktor=sorted(per_aktor.items(), key=lambda x: (-x[1], x[0])),
    )


def batch_intents(*, batch: SyncBatch, status: str = "", limit: int = 200) -> list[SyncIntent]:
    qs = SyncIntent.objects.filter(batch=batch).select_related("ptk__sekolah")
    if status in Status.values:
        qs = qs.filter(status=status)
    elif status == "bermasalah":
        qs = qs.filter(status__in=[Status.GAGAL, Status.MENUNGGU_KONFIRMASI, Status.PERINGATAN])
    return list(qs.order_by("tahap", "id")[:limit])


def batches_for_instansi(*, instansi_id: int, limit: int = 20) -> list[SyncBatch]:
    return list(SyncBatch.objects.filter(instansi_id=instansi_id).order_by("-dibuat_pada", "-id")[:limit])


# --- the Dinas dashboard seam (kinerja/dinas/sinkro.py) -------------------------------------------


def dinas_provider(periode):
    """Per pegawai and period, the last sync error still unresolved: the latest final request of the
    pegawai failed or waits for a confirmation. Rows: ``ptk_id``, ``kode``, ``pihak``."""
    latest = (
        SyncIntent.objects.filter(ptk_id=OuterRef("ptk_id"), periode=periode, status__in=FINAL)
        .order_by("-dibuat_pada", "-id")
        .values("pk")[:1]
    )
    return (
        SyncIntent.objects.filter(periode=periode, status__in=[Status.GAGAL, Status.MENUNGGU_KONFIRMASI])
        .filter(pk=Subquery(latest))
        .annotate(pihak=F("aktor"))
    )
