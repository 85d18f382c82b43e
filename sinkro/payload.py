"""What PMM checks and sends for a sync: the PMM side of the pipeline and the payload of API.md.

One rule in one place: the preflight diagnosis, the sync task and the bulk sync all call
``prepare()`` on a ``Konteks`` loaded by ``konteks_load()``, which reads every target's Dapodik and
cycle data in a fixed number of queries, whatever the number of targets.

PMM's own checks, in ``sinkro.catalogue.PIPELINE`` order (seed 003 slides 51–65):

- #7  the Dapodik status kepegawaian is not PNS, PPPK, CPNS or PNS Diperbantukan;
- #2  no plan for the period in that role, or still a draft (for a Plt: a Plt school without a plan);
- #14 the plan is submitted (or returned) but not yet approved and agreed (Disepakati);
- #18 "Sinkro data PLT PMM" for someone who is no Plt in PMM today, or has no plan as Plt at all.

Decisions where the contract leaves a choice:

- ``sekolah`` is the PTK's Dapodik school and ``tmt`` its ``tmt_tugas`` (also for a principal and a
  Plt: API.md says "their own school").
- ``atasan`` (guru only) is the leader of the guru's school in Dapodik on the simulated date: the
  definitive principal, else the Plt — even when that Plt is the guru themself (their own guru plan
  is approved by the Kepala Dinas in PMM, but e-Kinerja compares the atasan with the unor's leader).
- ``plt_npsn`` lists the schools of the PTK's open Plt assignments; each needs a Plt plan.
- RHK codes are stable so a re-sync keeps the guru links (RHK are upserted by code). A principal's
  (or Plt's) RHK belong to the school's SKP Organisasi of the period, so they are named by school and
  period, not by plan: ``KS-<npsn>-<tahun><semester>`` or ``PLT-<npsn>-<tahun><semester>``; a guru's
  by plan: ``G-<plan id>``. Then ``-PK`` (Praktik Kinerja), ``-KOM-<rhk>`` (Pengembangan Kompetensi),
  ``-TT-<tugas>`` (Tugas Tambahan). A guru's RHK name the leader's Praktik Kinerja RHK as the one
  they intervene when the leader's plan for that school is agreed; otherwise null (e-Kinerja then
  links them to the first RHK of the SKP Organisasi). The Bimtek seeding of e-Kinerja relies on this
  naming to pre-create SKP Organisasi (sinkro/ekinerja/bimtek_kasus.py).
"""

import re
import uuid
from dataclasses import dataclass, field

from django.db.models import Q

from dapodik.choices import STATUS_ASN_SINKRO, JenisPenugasan
from dapodik.models import PenugasanKepalaSekolah
from kinerja.models import Peran, Rencana
from kinerja.transitions import StatusRencana
from pmm import clock
from pmm.actors import open_assignment_q

from . import catalogue
from .models import SinkroConfig

PREFIX = {Peran.GURU: "G", Peran.KEPALA_SEKOLAH: "KS", Peran.PLT_KEPALA_SEKOLAH: "PLT"}
_KODE_BAD = re.compile(r"[^A-Za-z0-9._:-]")

BELUM_DISEPAKATI = frozenset({StatusRencana.DIAJUKAN, StatusRencana.DIKEMBALIKAN, StatusRencana.DISETUJUI})


def idempotency_key_new() -> str:
    # 32 characters: e-Kinerja's log shows at most that many of a key.
    return f"pmm-{uuid.uuid4().hex[:28]}"


@dataclass(frozen=True)
class Target:
    ptk: object  # dapodik PTK with ``sekolah`` loaded
    peran: str


@dataclass
class Temuan:
    """One error of the pipeline (PMM's or e-Kinerja's), as every page and the API show it."""

    code: str
    kondisi: str = ""
    detail: dict = field(default_factory=dict)
    sisi: str = catalogue.Sisi.PMM
    aktor_override: str = ""

    @property
    def entry(self) -> catalogue.SinkroError:
        return catalogue.get(self.code)

    @property
    def peringatan(self) -> bool:
        return self.entry.is_warning(self.kondisi or None)

    @property
    def aktor(self) -> str:
        return self.aktor_override or str(self.entry.aktor_for(self.kondisi or None))

    def as_dict(self) -> dict:
        e = self.entry
        return {
            "code": e.code,
            "nomor": e.number,
            "message": e.message,
            "urutan": e.position,
            "kondisi": self.kondisi,
            "peringatan": self.peringatan,
            "perlu_konfirmasi": e.needs_confirmation,
            "aktor": self.aktor,
            "sisi": str(self.sisi),
            "bantuan": f"/sinkro/bantuan/#{e.code}",
            "detail": self.detail,
        }


@dataclass
class Siap:
    """A target prepared for a sync or a diagnosis."""

    target: Target
    periode: object
    temuan: list[Temuan]  # PMM's own errors, in pipeline order
    payload: dict | None  # None when it cannot be sent at all (no NIP/NIK in Dapodik)
    instansi_id: int | None
    api_key: str | None

    @property
    def ptk(self):
        return self.target.ptk


@dataclass
class Konteks:
    periode: object
    today: object
    plans: dict  # (ptk_id, peran) → [Rencana]
    leaders: dict  # sekolah_id → {jenis: PTK}
    plt_schools: dict  # ptk_id → [Sekolah]
    leader_plans: dict  # (ptk_id, peran, sekolah_id) → Rencana (agreed)
    keys: dict  # instansi_id → api key


def konteks_load(targets: list[Target], periode) -> Konteks:
    """Everything ``prepare`` reads for ``targets``, in a fixed number of queries (six)."""
    today = clock.today()
    ptk_ids = {t.ptk.pk for t in targets}
    sekolah_ids = {t.ptk.sekolah_id for t in targets}
    instansi_ids = {t.ptk.sekolah.instansi_id for t in targets if t.ptk.sekolah.instansi_id}

    plans: dict = {}
    if ptk_ids and periode.pk:  # an unsaved period (nobody planned yet) has no plans
        for r in (
            Rencana.objects.filter(periode=periode, ptk_id__in=ptk_ids)
            .select_related("indikator", "sekolah", "periode")
            .prefetch_related("rhk__rhk", "tugas_tambahan__tugas")
            .order_by("sekolah__npsn", "id")
        ):
            plans.setdefault((r.ptk_id, r.peran), []).append(r)

    leaders: dict = {}
    plt_schools: dict = {}
    if ptk_ids:
        for a in (
            PenugasanKepalaSekolah.objects.filter(open_assignment_q(today))
            .filter(Q(sekolah_id__in=sekolah_ids) | Q(ptk_id__in=ptk_ids, jenis=JenisPenugasan.PLT))
            .select_related("ptk", "sekolah")
            .order_by("tanggal_mulai", "id")
        ):
            if a.sekolah_id in sekolah_ids:
                leaders.setdefault(a.sekolah_id, {})[a.jenis] = a.ptk
            if a.jenis == JenisPenugasan.PLT and a.ptk_id in ptk_ids:
                plt_schools.setdefault(a.ptk_id, []).append(a.sekolah)

    leader_plans: dict = {}
    wanted = set()
    for t in targets:
        if t.peran == Peran.GURU:
            leader, peran = _leader(leaders.get(t.ptk.sekolah_id, {}))
            if leader is not None:
                wanted.add((leader.pk, peran, t.ptk.sekolah_id))
    if wanted and periode.pk:
        q = Q()
        for ptk_id, peran, sekolah_id in wanted:
            q |= Q(ptk_id=ptk_id, peran=peran, sekolah_id=sekolah_id)
        for r in Rencana.objects.filter(q, periode=periode, status=StatusRencana.DISEPAKATI).select_related(
            "sekolah", "periode"
        ):
            leader_plans[(r.ptk_id, r.peran, r.sekolah_id)] = r

    keys = (
        dict(SinkroConfig.objects.filter(instansi_id__in=instansi_ids).values_list("instansi_id", "api_key"))
        if instansi_ids
        else {}
    )
    return Konteks(periode, today, plans, leaders, plt_schools, leader_plans, keys)


def _leader(kepala: dict) -> tuple[object | None, str]:
    """The leader of a school per Dapodik: the definitive principal, else the Plt."""
    if kepala.get(JenisPenugasan.DEFINITIF) is not None:
        return kepala[JenisPenugasan.DEFINITIF], Peran.KEPALA_SEKOLAH
    if kepala.get(JenisPenugasan.PLT) is not None:
        return kepala[JenisPenugasan.PLT], Peran.PLT_KEPALA_SEKOLAH
    return None, ""


def _kode(*parts) -> str:
    return _KODE_BAD.sub("_", "-".join(str(p) for p in parts))[:64]


def rhk_stem(rencana) -> str:
    """The stable part of a plan's RHK codes (module docstring)."""
    if rencana.peran == Peran.GURU:
        return _kode(PREFIX[rencana.peran], rencana.pk)
    periode = rencana.periode
    return _kode(PREFIX[rencana.peran], rencana.sekolah.npsn, f"{periode.tahun}{periode.semester}")


def rhk_of(rencana: Rencana, *, atasan_kode: str | None = None) -> list[dict]:
    """The RHK e-Kinerja receives for one plan (prefetched ``rhk__rhk`` and ``tugas_tambahan__tugas``)."""
    stem = rhk_stem(rencana)
    rows = []
    if rencana.indikator_id:
        rows.append(
            {
                "kode": _kode(stem, "PK"),
                "jenis": "praktik_kinerja",
                "uraian": f"Praktik Kinerja: {rencana.indikator.nama}"[:2000],
                "target": "1 siklus observasi praktik kinerja",
            }
        )
    for item in rencana.rhk.all():
        rows.append(
            {
                "kode": _kode(stem, "KOM", item.rhk.kode),
                "jenis": "pengembangan_kompetensi",
                "uraian": f"Pengembangan Kompetensi: {item.rhk.nama}"[:2000],
                "target": f"{item.jumlah} × {item.rhk.satuan} ({item.total_poin} poin)"[:200],
            }
        )
    for item in rencana.tugas_tambahan.all():
        rows.append(
            {
                "kode": _kode(stem, "TT", item.tugas.kode),
                "jenis": "tugas_tambahan",
                "uraian": f"Tugas Tambahan: {item.tugas.nama}"[:2000],
                "target": (f"SK/Surat Tugas {item.nomor_sk}" if item.nomor_sk else "Sesuai SK/Surat Tugas")[
                    :200
                ],
            }
        )
    if rencana.peran == Peran.GURU:
        for row in rows:
            row["rhk_atasan_kode"] = atasan_kode
    return rows


def praktik_kinerja_kode(rencana) -> str:
    return _kode(rhk_stem(rencana), "PK")


def _plan_of(plans: list, sekolah_id) -> Rencana | None:
    """The plan at the PTK's current school, else the most recent one (a transfer mid-period)."""
    if not plans:
        return None
    return next((r for r in plans if r.sekolah_id == sekolah_id), None) or max(plans, key=lambda r: r.pk)


def prepare(target: Target, ctx: Konteks, *, idempotency_key: str = "", konfirmasi: bool = False) -> Siap:
    ptk, peran = target.ptk, target.peran
    sekolah = ptk.sekolah
    temuan: list[Temuan] = []

    if ptk.status_kepegawaian not in STATUS_ASN_SINKRO:
        temuan.append(Temuan("E07", detail={"status_kepegawaian": ptk.get_status_kepegawaian_display()}))

    own_plans = ctx.plans.get((ptk.pk, peran), [])
    plt_npsn: list[str] = []
    if peran == Peran.PLT_KEPALA_SEKOLAH:
        schools = sorted(ctx.plt_schools.get(ptk.pk, []), key=lambda s: s.npsn)
        plt_npsn = [s.npsn for s in schools]
        by_school = {r.sekolah_id: r for r in own_plans}
        chosen = [by_school[s.pk] for s in schools if s.pk in by_school]
        if not schools or not chosen:
            temuan.append(
                Temuan(
                    "E18",
                    detail={"plt_dapodik": plt_npsn, "rencana_plt": len(own_plans)},
                )
            )
        else:
            tanpa = [s.npsn for s in schools if s.pk not in by_school]
            draf = [r.sekolah.npsn for r in chosen if r.status == StatusRencana.DRAFT]
            if tanpa or draf:
                temuan.append(Temuan("E02", detail={"sekolah_tanpa_rencana": tanpa, "rencana_draf": draf}))
            elif any(r.status != StatusRencana.DISEPAKATI for r in chosen):
                temuan.append(
                    Temuan("E14", detail={"status": sorted({r.get_status_display() for r in chosen})})
                )
        rencana_list = chosen
    else:
        rencana = _plan_of(own_plans, sekolah.pk)
        if rencana is None or rencana.status == StatusRencana.DRAFT:
            temuan.append(
                Temuan("E02", detail={"status": rencana.get_status_display() if rencana else "belum ada"})
            )
        elif rencana.status in BELUM_DISEPAKATI:
            temuan.append(Temuan("E14", detail={"status": rencana.get_status_display()}))
        rencana_list = [rencana] if rencana is not None else []

    atasan = None
    atasan_kode = None
    if peran == Peran.GURU:
        leader, leader_peran = _leader(ctx.leaders.get(sekolah.pk, {}))
        if leader is not None:
            atasan = {"nip": leader.nip or "", "nama": leader.nama}
            lp = ctx.leader_plans.get((leader.pk, leader_peran, sekolah.pk))
            atasan_kode = praktik_kinerja_kode(lp) if lp is not None else None
        if atasan is not None and not _digits(atasan["nip"], 18):
            atasan = None  # a leader without a NIP cannot be named to e-Kinerja

    payload = None
    if _digits(ptk.nip, 18) and _digits(ptk.nik, 16):
        rhk = []
        for r in rencana_list:
            rhk += rhk_of(r, atasan_kode=atasan_kode)
        payload = {
            "nip": ptk.nip,
            "nik": ptk.nik,
            "nama": ptk.nama[:150],
            "peran": str(peran),
            "periode": {"tahun": ctx.periode.tahun, "semester": ctx.periode.semester},
            "sekolah": {
                "npsn": sekolah.npsn,
                "nama": sekolah.nama[:200],
                "tmt": ptk.tmt_tugas.isoformat() if ptk.tmt_tugas else None,
            },
            "atasan": atasan,
            "plt_npsn": plt_npsn,
            "rhk": rhk[:100],
            "disepakati": bool(rencana_list)
            and all(r.status == StatusRencana.DISEPAKATI for r in rencana_list),
            "konfirmasi_unor_berbeda": bool(konfirmasi),
        }
        if idempotency_key:
            payload["idempotency_key"] = idempotency_key

    if payload is None and not any(t.code == "E07" for t in temuan):
        # An ASN without a usable NIP/NIK in Dapodik cannot even be looked up in SIASN: the same
        # fix as #10 (the Operator Sekolah records the NIP through Verval PTK).
        temuan.append(Temuan("E10", detail={"nip": ptk.nip or None, "catatan": "NIP/NIK di Dapodik kosong"}))
    instansi_id = sekolah.instansi_id
    return Siap(
        target=target,
        periode=ctx.periode,
        temuan=temuan,
        payload=payload,
        instansi_id=instansi_id,
        api_key=ctx.keys.get(instansi_id),
    )


def _digits(value, n: int) -> bool:
    return isinstance(value, str) and len(value) == n and value.isascii() and value.isdigit()
