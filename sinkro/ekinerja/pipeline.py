"""The e-Kinerja side of the sync pipeline: what e-Kinerja checks when PMM sends an SKP.

One rule in one place: the sync (``services.skp_sync``), the diagnosis and the bulk diagnosis all
call ``findings()`` on a ``Konteks`` loaded by ``konteks_load()``. The loader reads everything a batch
of requests needs with a fixed number of queries, whatever the batch size, so a bulk diagnosis of
thousands of pegawai costs the same handful of queries as one.

The checks run in the order of ``sinkro.catalogue.PIPELINE``: #8 period, #10 no PNS ID, #1 NIP
differs / not a User PMM, #11 not a pegawai, #3 unor inactive, #4 school vs unor, #5 no parent unor,
#16 atasan, #19/#20 Plt registrations, #12 existing SKP with another unor, #15/#17 the principal's SKP
Organisasi (guru only). #6 (API key) and #9 (injected faults) concern the call, not the data, and are
checked by the service before this module runs.

Only what PMM sends (``Permintaan``) and e-Kinerja's own tables are read; never PMM's or Dapodik's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from sinkro import catalogue

from .models import Pegawai, Peran, Periode, PltRegistrasi, PnsSiasn, Rhk, Skp, Unor, UserPmm


@dataclass(frozen=True)
class RhkMasuk:
    kode: str
    uraian: str
    jenis: str = ""
    target: str = ""
    rhk_atasan_kode: str | None = None


@dataclass(frozen=True)
class Permintaan:
    """One SKP as PMM sends it (the payload of API.md, already validated for shape)."""

    nip: str
    nik: str
    nama: str
    peran: str
    tahun: int
    semester: int
    sekolah_npsn: str
    sekolah_nama: str
    sekolah_tmt: date | None
    atasan_nip: str = ""
    atasan_nama: str = ""
    plt_npsn: tuple[str, ...] = ()
    rhk: tuple[RhkMasuk, ...] = ()
    disepakati: bool = False
    konfirmasi_unor_berbeda: bool = False
    idempotency_key: str = ""


@dataclass
class Temuan:
    """One finding: an error code of the catalogue, with its kondisi and what it rests on."""

    code: str
    kondisi: str = ""
    detail: dict = field(default_factory=dict)

    @property
    def entry(self) -> catalogue.SinkroError:
        return catalogue.get(self.code)

    @property
    def peringatan(self) -> bool:
        return self.entry.is_warning(self.kondisi)

    @property
    def aktor(self) -> str:
        return str(self.entry.aktor_for(self.kondisi))

    def as_dict(self) -> dict:
        e = self.entry
        return {
            "code": e.code,
            "message": e.message,
            "detail": {
                "nomor": e.number,
                "urutan": e.position,
                "kondisi": self.kondisi,
                "peringatan": self.peringatan,
                "perlu_konfirmasi": e.needs_confirmation,
                "aktor": self.aktor,
                "bantuan": f"/sinkro/bantuan/#{e.code}",
                **self.detail,
            },
        }


def _norm(nama: str) -> str:
    return " ".join((nama or "").casefold().split())


@dataclass
class Konteks:
    """Everything the checks of a batch read, loaded once (see ``konteks_load``)."""

    instansi_id: int
    periode: dict[tuple[int, int], Periode]
    pns_by_nip: dict[str, PnsSiasn]
    pns_by_nik: dict[str, PnsSiasn]
    user_pmm: set[str]
    pegawai_by_pns: dict[str, Pegawai]
    plt_by_pns: dict[str, list[PltRegistrasi]]
    plt_by_unor: dict[str, list[PltRegistrasi]]
    skp_by_key: dict[tuple[int, int, str], Skp]
    organisasi: dict[tuple[str, int], Skp]  # (unor id, periode id) → the SKP Organisasi
    rhk_kode_by_skp: dict[int, list[str]]

    # -- resolution -------------------------------------------------------------------------------

    def pns_for(self, req: Permintaan) -> PnsSiasn | None:
        """The SIASN PNS of a request: by NIP, else by NIK (so #1 can tell which NIP SIASN holds)."""
        return self.pns_by_nip.get(req.nip) or self.pns_by_nik.get(req.nik)

    def periode_for(self, req: Permintaan) -> Periode | None:
        return self.periode.get((req.tahun, req.semester))

    def pegawai_for(self, req: Permintaan) -> Pegawai | None:
        pns = self.pns_for(req)
        return self.pegawai_by_pns.get(pns.id) if pns else None

    def atasan_unor(self, unor: Unor) -> PnsSiasn | None:
        """e-Kinerja's atasan of a unor's staff: its head, else the Plt registered for it."""
        if unor.pemimpin_id:
            return unor.pemimpin
        plts = self.plt_by_unor.get(unor.id) or []
        return plts[0].pns if plts else None

    def existing_skp(self, pegawai: Pegawai, periode: Periode, peran: str) -> Skp | None:
        return self.skp_by_key.get((pegawai.id, periode.id, peran))


def konteks_load(*, instansi_id: int, requests: list[Permintaan]) -> Konteks:
    """Load what the checks of ``requests`` read, in a fixed number of queries."""
    nips = {r.nip for r in requests if r.nip}
    niks = {r.nik for r in requests if r.nik}
    periods = {(r.tahun, r.semester) for r in requests}

    periode: dict[tuple[int, int], Periode] = {}
    if periods:
        q = Q()
        for tahun, semester in periods:
            q |= Q(tahun=tahun, semester=semester)
        for p in Periode.objects.filter(q, instansi_id=instansi_id, dibuka=True):
            periode[(p.tahun, p.semester)] = p

    pns_by_nip: dict[str, PnsSiasn] = {}
    pns_by_nik: dict[str, PnsSiasn] = {}
    if nips or niks:
        for pns in PnsSiasn.objects.filter(Q(nip__in=nips) | Q(nik__in=niks)):
            if pns.nip in nips:
                pns_by_nip[pns.nip] = pns
            if pns.nik in niks:
                pns_by_nik[pns.nik] = pns
    pns_ids = {p.id for p in pns_by_nip.values()} | {p.id for p in pns_by_nik.values()}
    all_nips = nips | {p.nip for p in pns_by_nik.values()}

    user_pmm = (
        set(UserPmm.objects.filter(instansi_id=instansi_id, nip__in=all_nips).values_list("nip", flat=True))
        if all_nips
        else set()
    )

    pegawai_by_pns: dict[str, Pegawai] = {}
    if pns_ids:
        for pg in Pegawai.objects.filter(instansi_id=instansi_id, pns_id__in=pns_ids).select_related(
            "pns", "unor", "unor__diatasan", "unor__pemimpin"
        ):
            pegawai_by_pns[pg.pns_id] = pg
    unor_ids = {pg.unor_id for pg in pegawai_by_pns.values()}

    plt_by_pns: dict[str, list[PltRegistrasi]] = defaultdict(list)
    plt_by_unor: dict[str, list[PltRegistrasi]] = defaultdict(list)
    if pns_ids or unor_ids:
        rows = (
            PltRegistrasi.objects.filter(
                Q(pns_id__in=pns_ids) | Q(unor_id__in=unor_ids), instansi_id=instansi_id
            )
            .select_related("pns", "unor")
            .order_by("pns__nip", "unor__npsn", "unor_id")
        )
        for reg in rows:
            if reg.pns_id in pns_ids:
                plt_by_pns[reg.pns_id].append(reg)
            if reg.unor_id in unor_ids:
                plt_by_unor[reg.unor_id].append(reg)

    periode_ids = {p.id for p in periode.values()}
    pegawai_ids = {pg.id for pg in pegawai_by_pns.values()}
    skp_by_key: dict[tuple[int, int, str], Skp] = {}
    if pegawai_ids and periode_ids:
        for skp in Skp.objects.filter(pegawai_id__in=pegawai_ids, periode_id__in=periode_ids).select_related(
            "unor"
        ):
            skp_by_key[(skp.pegawai_id, skp.periode_id, skp.peran)] = skp

    # The SKP Organisasi of the guru's unors: a principal's SKP on the unor, or a Plt SKP covering it.
    organisasi: dict[tuple[str, int], Skp] = {}
    rhk_kode_by_skp: dict[int, list[str]] = defaultdict(list)
    guru_unor_ids = {
        pegawai_by_pns[p.id].unor_id
        for r in requests
        if r.peran == Peran.GURU
        and (p := (pns_by_nip.get(r.nip) or pns_by_nik.get(r.nik)))
        and p.id in pegawai_by_pns
    }
    if guru_unor_ids and periode_ids:
        through = Skp.unor_plt.through
        plt_links = list(
            through.objects.filter(
                unor_id__in=guru_unor_ids,
                skp__periode_id__in=periode_ids,
                skp__is_organisasi=True,
                skp__peran=Peran.PLT_KEPALA_SEKOLAH,
            ).values_list("skp_id", "unor_id")
        )
        org_rows = (
            Skp.objects.filter(periode_id__in=periode_ids, is_organisasi=True)
            .filter(
                Q(peran=Peran.KEPALA_SEKOLAH, unor_id__in=guru_unor_ids) | Q(id__in=[s for s, _ in plt_links])
            )
            .select_related("pegawai__pns")
        )
        by_id = {s.id: s for s in org_rows}
        # A principal's own SKP wins over a Plt's for the same unor.
        for s in by_id.values():
            if s.peran == Peran.PLT_KEPALA_SEKOLAH:
                continue
            organisasi[(s.unor_id, s.periode_id)] = s
        for skp_id, unor_id in plt_links:
            s = by_id.get(skp_id)
            if s is not None:
                organisasi.setdefault((unor_id, s.periode_id), s)
        if by_id:
            for skp_id, kode in (
                Rhk.objects.filter(skp_id__in=by_id).order_by("urutan", "id").values_list("skp_id", "kode")
            ):
                rhk_kode_by_skp[skp_id].append(kode)

    return Konteks(
        instansi_id=instansi_id,
        periode=periode,
        pns_by_nip=pns_by_nip,
        pns_by_nik=pns_by_nik,
        user_pmm=user_pmm,
        pegawai_by_pns=pegawai_by_pns,
        plt_by_pns=dict(plt_by_pns),
        plt_by_unor=dict(plt_by_unor),
        skp_by_key=skp_by_key,
        organisasi=organisasi,
        rhk_kode_by_skp=dict(rhk_kode_by_skp),
    )


def _kondisi_sekolah(req: Permintaan, pegawai: Pegawai) -> Temuan | None:
    """#4: the Dapodik school PMM sends against the pegawai's unor in e-Kinerja (seed 003 slide 53)."""
    unor = pegawai.unor
    detail = {
        "sekolah_pmm": {"npsn": req.sekolah_npsn, "nama": req.sekolah_nama, "tmt": _iso(req.sekolah_tmt)},
        "unor_ekinerja": {"id": unor.id, "npsn": unor.npsn, "nama": unor.nama},
        "tanggal_unor_siasn": _iso(pegawai.pns.tanggal_unor),
    }
    if unor.npsn and unor.npsn == req.sekolah_npsn:
        if _norm(unor.nama) == _norm(req.sekolah_nama):
            return None
        return Temuan("E04", "A", detail)
    # Different school: whichever record changed last is the one to trust. Dapodik strictly newer
    # means e-Kinerja/SIASN lag behind (B); SIASN as new or newer means Dapodik lags (C). An unknown
    # SIASN date counts as older: the admin's move in Manajemen Pegawai always records one.
    siasn = pegawai.pns.tanggal_unor
    dapodik = req.sekolah_tmt
    if dapodik is not None and (siasn is None or dapodik > siasn):
        return Temuan("E04", "B", detail)
    return Temuan("E04", "C", detail)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _pns_dict(pns: PnsSiasn | None) -> dict | None:
    return {"nip": pns.nip, "nama": pns.nama} if pns else None


def findings(req: Permintaan, ctx: Konteks) -> list[Temuan]:
    """Every e-Kinerja-side error the request meets, in pipeline order.

    A sync stops at the first finding that is not a warning; a diagnosis shows them all. Checks that
    need something an earlier check could not find (the pegawai, the period) are skipped.
    """
    out: list[Temuan] = []
    periode = ctx.periode_for(req)
    if periode is None:
        out.append(Temuan("E08", detail={"periode": {"tahun": req.tahun, "semester": req.semester}}))

    pns_nip = ctx.pns_by_nip.get(req.nip)
    pns_nik = ctx.pns_by_nik.get(req.nik)
    if pns_nip is None and pns_nik is None:
        out.append(Temuan("E10", detail={"nip": req.nip}))
        return out
    pns = pns_nip or pns_nik
    if pns_nip is None:
        # SIASN knows this NIK under another NIP: Dapodik/Verval PTK holds a wrong NIP.
        out.append(
            Temuan(
                "E01",
                "nip_beda",
                {"nip_pmm": req.nip, "nip_siasn": pns.nip, "user_pmm": pns.nip in ctx.user_pmm},
            )
        )
    elif req.nip not in ctx.user_pmm:
        out.append(Temuan("E01", "bukan_user_pmm", {"nip": req.nip}))

    pegawai = ctx.pegawai_by_pns.get(pns.id)
    if pegawai is None:
        out.append(Temuan("E11", detail={"pns_id": pns.id}))
        return out
    unor = pegawai.unor

    if not unor.aktif:
        out.append(
            Temuan(
                "E03",
                detail={
                    "unor": {"id": unor.id, "nama": unor.nama},
                    "aktif_ekinerja": unor.aktif_ekinerja,
                    "aktif_siasn": unor.aktif_siasn,
                },
            )
        )
    sekolah = _kondisi_sekolah(req, pegawai)
    if sekolah is not None:
        out.append(sekolah)
    if unor.diatasan_id is None:
        out.append(Temuan("E05", detail={"unor": {"id": unor.id, "nama": unor.nama}}))

    if req.peran == Peran.GURU:
        atasan = ctx.atasan_unor(unor)
        if (atasan.nip if atasan else "") != (req.atasan_nip or ""):
            out.append(
                Temuan(
                    "E16",
                    detail={
                        "atasan_pmm": {"nip": req.atasan_nip, "nama": req.atasan_nama}
                        if req.atasan_nip
                        else None,
                        "atasan_ekinerja": _pns_dict(atasan),
                    },
                )
            )
    elif req.peran == Peran.KEPALA_SEKOLAH and unor.pemimpin_id != pns.id:
        out.append(
            Temuan(
                "E16",
                detail={
                    "atasan_pmm": {"nip": pns.nip, "nama": req.nama},
                    "atasan_ekinerja": _pns_dict(unor.pemimpin),
                },
            )
        )

    if req.peran == Peran.PLT_KEPALA_SEKOLAH:
        regs = ctx.plt_by_pns.get(pns.id) or []
        if not regs:
            out.append(Temuan("E19", detail={"plt_pmm": list(req.plt_npsn)}))
        else:
            registered = sorted(r.unor.npsn or r.unor.id for r in regs)
            if sorted(set(req.plt_npsn)) != registered or len(req.plt_npsn) != len(registered):
                out.append(
                    Temuan(
                        "E20",
                        detail={
                            "jumlah_pmm": len(req.plt_npsn),
                            "jumlah_ekinerja": len(registered),
                            "plt_pmm": sorted(req.plt_npsn),
                            "plt_ekinerja": registered,
                        },
                    )
                )

    if periode is not None:
        existing = ctx.existing_skp(pegawai, periode, req.peran)
        if existing is not None and existing.unor_id != unor.id and not req.konfirmasi_unor_berbeda:
            out.append(
                Temuan(
                    "E12",
                    detail={
                        "unor_skp": {"id": existing.unor_id, "nama": existing.unor.nama},
                        "unor_pegawai": {"id": unor.id, "nama": unor.nama},
                    },
                )
            )
        if req.peran == Peran.GURU:
            org = ctx.organisasi.get((unor.id, periode.id))
            if org is None:
                out.append(Temuan("E15", detail={"unor": {"id": unor.id, "nama": unor.nama}}))
            elif req.rhk:
                kode_org = ctx.rhk_kode_by_skp.get(org.id) or []
                tanpa_kaitan = [
                    r.kode
                    for r in req.rhk
                    if not kode_org or (r.rhk_atasan_kode and r.rhk_atasan_kode not in kode_org)
                ]
                if tanpa_kaitan:
                    out.append(
                        Temuan(
                            "E17",
                            detail={
                                "skp_organisasi": {
                                    "pemilik": _pns_dict(org.pegawai.pns),
                                    "jumlah_rhk": len(kode_org),
                                },
                                "rhk_tanpa_kaitan": tanpa_kaitan,
                            },
                        )
                    )
    return out


def blocking(found: list[Temuan]) -> Temuan | None:
    """The finding that stops a sync: the first that is not a warning."""
    return next((t for t in found if not t.peringatan), None)


def snapshot(req: Permintaan, ctx: Konteks) -> dict:
    """What e-Kinerja holds about the request, shown beside what PMM sent in the log."""
    pns = ctx.pns_for(req)
    periode = ctx.periode_for(req)
    snap: dict = {
        "periode_dibuka": periode is not None,
        "pns": None,
        "user_pmm": None,
        "pegawai": None,
    }
    if pns is None:
        return snap
    snap["pns"] = {
        "pns_id": pns.id,
        "nip": pns.nip,
        "nama": pns.nama,
        "tanggal_unor": _iso(pns.tanggal_unor),
    }
    snap["user_pmm"] = pns.nip in ctx.user_pmm
    regs = ctx.plt_by_pns.get(pns.id) or []
    snap["plt"] = [{"npsn": r.unor.npsn, "nama": r.unor.nama} for r in regs]
    snap["jumlah_plt"] = len(regs)
    pegawai = ctx.pegawai_by_pns.get(pns.id)
    if pegawai is None:
        return snap
    unor = pegawai.unor
    atasan = ctx.atasan_unor(unor)
    snap["pegawai"] = True
    snap["unor"] = {
        "id": unor.id,
        "nama": unor.nama,
        "npsn": unor.npsn,
        "aktif_ekinerja": unor.aktif_ekinerja,
        "aktif_siasn": unor.aktif_siasn,
        "diatasan": unor.diatasan.nama if unor.diatasan_id else None,
        "pemimpin": _pns_dict(unor.pemimpin),
    }
    snap["atasan"] = _pns_dict(atasan)
    if periode is not None:
        existing = ctx.existing_skp(pegawai, periode, req.peran)
        snap["skp_ada"] = (
            {"id": existing.id, "unor": existing.unor.nama, "sumber": existing.sumber} if existing else None
        )
        if req.peran == Peran.GURU:
            org = ctx.organisasi.get((unor.id, periode.id))
            snap["skp_organisasi"] = (
                {
                    "pemilik": _pns_dict(org.pegawai.pns),
                    "jumlah_rhk": len(ctx.rhk_kode_by_skp.get(org.id) or []),
                }
                if org
                else None
            )
    return snap
