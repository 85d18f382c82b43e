"""Who approves, observes and rates whom (the "atasan"), on the simulated date.

Decisions (DESIGN.md §3, seed 003 slides 11 and 17, REFERENCE.md §3h–3i):

* A **guru's** plan at a school with an open *definitif* principal → that principal approves,
  observes and rates (jalur KEPALA_SEKOLAH).
* A guru's plan at a school led **only by a Plt** → approved automatically at submission (seed 003
  slide 11; the Plt does no manual check), and the Plt observes and rates (jalur PLT_OTOMATIS).
  The Plt sends the school's ratings and fixes the predikat like a principal (seed 002).
* The **Plt's own guru plan** at the school they lead → the Kepala Dinas (a Plt never approves their
  own plan; REFERENCE.md §3i: "assessed by the Kepala Dinas or its Tim Kerja"), jalur KEPALA_DINAS.
* A **principal's** plan (definitif, or a Plt's plan as Plt for one school) → the Kepala Dinas of
  the school's instansi: any user with a KEPALA_DINAS UserRole whose instansi is the school's
  (jalur KEPALA_DINAS). The Kepala Dinas may delegate the *observation* to a Pengawas whose scope
  covers the school (sekolah, instansi, kabupaten or provinsi); the Pengawas observes and writes a
  recommendation, the Kepala Dinas still approves and rates (REFERENCE.md §3h).
* A school with **neither** principal, or a principal's plan with no Kepala Dinas for the instansi
  (e.g. a swasta school) → no atasan: "Data atasan Anda tidak ditemukan", the plan cannot be
  submitted (seed 003 slide 17).

The atasan is resolved again at every action rather than frozen at submission, so a principal
replaced mid-period hands the pending plans to the new one.
"""

from dataclasses import dataclass, field
from datetime import date

from dapodik.choices import JenisPenugasan
from dapodik.models import PenugasanKepalaSekolah
from pmm import clock
from pmm.actors import open_assignment_q
from pmm.errors import ApplicationError, Forbidden
from pmm.models import User
from pmm.roles import Role

from ..models import JalurAtasan, Peran

PESAN_TANPA_ATASAN = (
    "Data atasan Anda tidak ditemukan. Silakan hubungi Operator Sekolah atau Dinas Pendidikan setempat "
    "untuk menyesuaikan data Kepala Sekolah di Dapodik."
)


@dataclass
class Atasan:
    jalur: str
    sekolah_id: int
    instansi_id: int | None
    ptk: object | None = None  # the definitif principal or the Plt (jalur KS / PLT)
    kepala_dinas: list = field(default_factory=list)  # users (jalur KEPALA_DINAS)

    @property
    def label(self) -> str:
        if self.ptk is not None:
            return f"{JalurAtasan(self.jalur).label}: {self.ptk.nama}"
        return JalurAtasan(self.jalur).label

    def users(self) -> list:
        if self.jalur == JalurAtasan.KEPALA_DINAS:
            return list(self.kepala_dinas)
        user = getattr(self.ptk, "user", None)
        return [user] if user is not None else []


def kepala_sekolah_open(sekolah_ids, day: date | None = None) -> dict[int, dict[str, object]]:
    """{sekolah_id: {jenis: PTK}} of the principal assignments open on ``day`` (one query)."""
    day = day or clock.today()
    hasil: dict[int, dict[str, object]] = {}
    for p in (
        PenugasanKepalaSekolah.objects.filter(open_assignment_q(day), sekolah_id__in=list(sekolah_ids))
        .select_related("ptk", "ptk__user")
        .order_by("tanggal_mulai", "id")
    ):
        hasil.setdefault(p.sekolah_id, {})[p.jenis] = p.ptk
    return hasil


def kepala_dinas_users(instansi_id: int | None) -> list:
    if instansi_id is None:
        return []
    return list(
        User.objects.filter(
            granted_roles__role=Role.KEPALA_DINAS, granted_roles__instansi_id=instansi_id, is_active=True
        )
        .distinct()
        .order_by("id")
    )


def atasan_resolve(
    *, ptk_id: int, peran: str, sekolah, kepala: dict, kepala_dinas: list | None
) -> Atasan | None:
    """The rule of the module docstring on already-loaded data (used by lists without extra queries).
    ``kepala`` is this school's entry of ``kepala_sekolah_open``; ``kepala_dinas`` the Kadis users of
    the school's instansi (None = not loaded; treated as present when the instansi exists)."""
    instansi_id = sekolah.instansi_id
    kadis = Atasan(JalurAtasan.KEPALA_DINAS, sekolah.pk, instansi_id, kepala_dinas=list(kepala_dinas or []))
    ada_kadis = instansi_id is not None and (kepala_dinas is None or len(kepala_dinas) > 0)
    if peran != Peran.GURU:
        return kadis if ada_kadis else None
    definitif = kepala.get(JenisPenugasan.DEFINITIF)
    plt = kepala.get(JenisPenugasan.PLT)
    if definitif is not None and definitif.pk != ptk_id:
        return Atasan(JalurAtasan.KEPALA_SEKOLAH, sekolah.pk, instansi_id, ptk=definitif)
    if plt is not None and plt.pk != ptk_id:
        return Atasan(JalurAtasan.PLT_OTOMATIS, sekolah.pk, instansi_id, ptk=plt)
    if (definitif is not None or plt is not None) and ada_kadis:
        # The principal's / Plt's own guru plan at their school.
        return kadis
    return None


def atasan_for(*, ptk_id: int, peran: str, sekolah, day: date | None = None) -> Atasan | None:
    kepala = kepala_sekolah_open([sekolah.pk], day).get(sekolah.pk, {})
    return atasan_resolve(
        ptk_id=ptk_id,
        peran=peran,
        sekolah=sekolah,
        kepala=kepala,
        kepala_dinas=kepala_dinas_users(sekolah.instansi_id),
    )


def atasan_of_rencana(rencana, day: date | None = None) -> Atasan | None:
    return atasan_for(ptk_id=rencana.ptk_id, peran=rencana.peran, sekolah=rencana.sekolah, day=day)


def atasan_require(rencana) -> Atasan:
    atasan = atasan_of_rencana(rencana)
    if atasan is None:
        raise ApplicationError(PESAN_TANPA_ATASAN, code="atasan_tidak_ditemukan")
    return atasan


def _actor_ptk_id(actor):
    return getattr(actor.ptk, "pk", None)


def is_penilai(actor, rencana, atasan: Atasan | None) -> bool:
    """May ``actor`` approve, observe and rate this plan? (never their own)"""
    if atasan is None or _actor_ptk_id(actor) == rencana.ptk_id:
        return False
    if atasan.jalur == JalurAtasan.KEPALA_SEKOLAH:
        return rencana.sekolah_id in actor.sekolah_ids(Role.KEPALA_SEKOLAH)
    if atasan.jalur == JalurAtasan.PLT_OTOMATIS:
        return rencana.sekolah_id in actor.sekolah_ids(Role.PLT_KEPALA_SEKOLAH)
    return atasan.instansi_id is not None and atasan.instansi_id in actor.instansi_ids(Role.KEPALA_DINAS)


def is_pengawas_delegasi(actor, rencana, atasan: Atasan | None) -> bool:
    return (
        atasan is not None
        and atasan.jalur == JalurAtasan.KEPALA_DINAS
        and rencana.pengawas_id is not None
        and actor.user is not None
        and rencana.pengawas_id == actor.user.pk
        and actor.has(Role.PENGAWAS)
    )


def is_pengamat(actor, rencana, atasan: Atasan | None) -> bool:
    """May ``actor`` run the observation (record facts)? The penilai, or the delegated Pengawas."""
    return is_penilai(actor, rencana, atasan) or is_pengawas_delegasi(actor, rencana, atasan)


def penilai_require(actor, rencana, *, tindakan: str) -> Atasan:
    atasan = atasan_require(rencana)
    if not is_penilai(actor, rencana, atasan):
        raise Forbidden(
            f"Hanya atasan pegawai ini ({atasan.label}) yang dapat {tindakan}.", code="bukan_atasan"
        )
    return atasan


def pengamat_require(actor, rencana, *, tindakan: str) -> Atasan:
    atasan = atasan_require(rencana)
    if not is_pengamat(actor, rencana, atasan):
        raise Forbidden(
            f"Hanya atasan pegawai ini ({atasan.label}) atau pengawas yang diberi delegasi yang dapat {tindakan}.",
            code="bukan_pengamat",
        )
    return atasan


def pengawas_covers(user, sekolah) -> bool:
    """A Pengawas whose granted scope includes the school."""
    for g in user.granted_roles.all():
        if g.role != Role.PENGAWAS:
            continue
        if (
            g.sekolah_id == sekolah.pk
            or (g.instansi_id is not None and g.instansi_id == sekolah.instansi_id)
            or (g.kabupaten_id is not None and g.kabupaten_id == sekolah.kabupaten_id)
            or (g.provinsi_id is not None and g.provinsi_id == sekolah.kabupaten.provinsi_id)
        ):
            return True
    return False


def penilai_sekolah(sekolah, day: date | None = None):
    """The PTK who rates the school's teachers and fixes their predikat: the definitif principal,
    otherwise the Plt (None if neither)."""
    kepala = kepala_sekolah_open([sekolah.pk], day).get(sekolah.pk, {})
    return kepala.get(JenisPenugasan.DEFINITIF) or kepala.get(JenisPenugasan.PLT)


def penilai_sekolah_require(actor, sekolah, *, tindakan: str):
    """The school-level steps of Penilaian are done by the school's principal (or its Plt)."""
    roles = (Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH)
    if sekolah.pk not in actor.sekolah_ids(*roles):
        raise Forbidden(
            f"Hanya Kepala Sekolah {sekolah.nama} yang dapat {tindakan}.", code="bukan_kepala_sekolah"
        )
    kepala = penilai_sekolah(sekolah)
    if kepala is None or kepala.pk != _actor_ptk_id(actor):
        raise Forbidden(
            f"Hanya Kepala Sekolah {sekolah.nama} yang dapat {tindakan}.", code="bukan_kepala_sekolah"
        )
    return kepala


def kepala_dinas_require(actor, sekolah, *, tindakan: str) -> None:
    if sekolah.instansi_id is None or sekolah.instansi_id not in actor.instansi_ids(Role.KEPALA_DINAS):
        raise Forbidden(
            f"Hanya Kepala Dinas Pendidikan yang membawahi {sekolah.nama} yang dapat {tindakan}.",
            code="bukan_kepala_dinas",
        )
