"""Reads of the mock e-Kinerja: the diagnosis endpoints, the SKP status, and the admin pages' lists,
always scoped to one instansi."""

import re

from django.db.models import Count, Q, QuerySet

from pmm.errors import NotFound
from pmm.models import Instansi
from pmm.roles import Role
from sinkro import catalogue

from .models import (
    ApiKey,
    Hasil,
    LogSinkron,
    Pegawai,
    Periode,
    PltRegistrasi,
    PnsSiasn,
    Rhk,
    Skp,
    Unor,
    UserPmm,
)
from .pipeline import Permintaan, findings, konteks_load, snapshot


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def _search(text) -> str:
    return " ".join(str(text or "").replace("\x00", "").split())[:100]


# --- who may see what -----------------------------------------------------------------------------


def instansi_ids_for(actor) -> set[int] | None:
    """The instansi an actor administers in e-Kinerja; None means all (a trainer)."""
    if actor.is_trainer:
        return None
    return actor.instansi_ids(Role.ADMIN_INSTANSI)


def instansi_list(*, actor) -> QuerySet[Instansi]:
    ids = instansi_ids_for(actor)
    qs = Instansi.objects.order_by("nama", "id")
    return qs if ids is None else qs.filter(id__in=ids)


def instansi_get(*, actor, pk) -> Instansi:
    """An instansi the actor administers; any other (or a garbled id) is not found."""
    pk = _pk(pk)
    instansi = instansi_list(actor=actor).filter(pk=pk).first() if pk else None
    if instansi is None:
        raise NotFound("Instansi tidak ditemukan.")
    return instansi


# --- API reads ------------------------------------------------------------------------------------


def skp_diagnose(*, instansi_id: int, requests: list[Permintaan]) -> list[dict]:
    """Every e-Kinerja-side error each request would meet, in pipeline order; writes nothing.

    The queries are those of ``konteks_load``: a fixed number whatever ``len(requests)``.
    """
    ctx = konteks_load(instansi_id=instansi_id, requests=requests)
    out = []
    for req in requests:
        found = findings(req, ctx)
        out.append(
            {
                "nip": req.nip,
                "peran": req.peran,
                "periode": {"tahun": req.tahun, "semester": req.semester},
                "ok": not any(not t.peringatan for t in found),
                "errors": [t.as_dict() for t in found],
                "ekinerja": snapshot(req, ctx),
            }
        )
    return out


def skp_status(*, instansi_id: int, nip: str, tahun: int, semester: int) -> dict:
    pegawai = Pegawai.objects.select_related("pns").filter(instansi_id=instansi_id, pns__nip=nip).first()
    if pegawai is None:
        raise NotFound("Pegawai dengan NIP ini tidak ditemukan di e-Kinerja instansi ini.")
    skps = (
        Skp.objects.filter(pegawai=pegawai, periode__tahun=tahun, periode__semester=semester)
        .select_related("periode", "unor")
        .prefetch_related("unor_plt", "rhk__rhk_atasan")
        .order_by("peran")
    )
    return {
        "nip": nip,
        "periode": {"tahun": tahun, "semester": semester},
        "skp": [
            {
                "id": s.id,
                "peran": s.peran,
                "unor": {"id": s.unor_id, "nama": s.unor.nama, "npsn": s.unor.npsn},
                "unor_plt": [{"id": u.id, "nama": u.nama, "npsn": u.npsn} for u in s.unor_plt.all()],
                "atasan": {"nip": s.atasan_nip, "nama": s.atasan_nama} if s.atasan_nip else None,
                "is_organisasi": s.is_organisasi,
                "sumber": s.sumber,
                "disepakati": s.disepakati,
                "diperbarui_pada": s.diperbarui_pada.isoformat(),
                "rhk": [
                    {
                        "kode": r.kode,
                        "jenis": r.jenis,
                        "uraian": r.uraian,
                        "target": r.target,
                        "rhk_atasan_kode": r.rhk_atasan.kode if r.rhk_atasan_id else None,
                    }
                    for r in s.rhk.all()
                ],
            }
            for s in skps
        ],
    }


# --- admin pages ----------------------------------------------------------------------------------


def unor_list(*, instansi, search: str = "") -> QuerySet[Unor]:
    qs = Unor.objects.filter(instansi=instansi).select_related("diatasan", "pemimpin")
    search = _search(search)
    if search:
        qs = qs.filter(Q(nama__icontains=search) | Q(npsn=search) | Q(id=search.upper()))
    return qs.order_by("nama", "id")


def unor_get(*, instansi, pk) -> Unor:
    pk = str(pk or "").upper()
    if not re.fullmatch(r"[0-9A-F]{32}", pk):
        raise NotFound("Unor tidak ditemukan.")
    unor = Unor.objects.select_related("diatasan", "pemimpin").filter(instansi=instansi, pk=pk).first()
    if unor is None:
        raise NotFound("Unor tidak ditemukan.")
    return unor


def unor_choices(*, instansi) -> QuerySet[Unor]:
    return Unor.objects.filter(instansi=instansi).order_by("nama", "id").only("id", "nama", "npsn")


def pegawai_list(*, instansi, search: str = "") -> QuerySet[Pegawai]:
    qs = Pegawai.objects.filter(instansi=instansi).select_related("pns", "unor", "pns__unor")
    search = _search(search)
    if search:
        qs = qs.filter(Q(pns__nama__icontains=search) | Q(pns__nip=search))
    return qs.order_by("pns__nama", "id")


def pegawai_get(*, instansi, pk) -> Pegawai:
    pk = _pk(pk)
    pegawai = pegawai_list(instansi=instansi).filter(pk=pk).first() if pk else None
    if pegawai is None:
        raise NotFound("Pegawai tidak ditemukan.")
    return pegawai


def pns_belum_pegawai(*, instansi, search: str = "") -> QuerySet[PnsSiasn]:
    """SIASN PNS of the instansi not yet added to e-Kinerja (candidates for "Tambah pegawai")."""
    qs = PnsSiasn.objects.filter(instansi=instansi, pegawai__isnull=True).select_related("unor")
    search = _search(search)
    if search:
        qs = qs.filter(Q(nama__icontains=search) | Q(nip=search))
    return qs.order_by("nama", "nip")


def user_pmm_list(*, instansi, search: str = "") -> QuerySet[UserPmm]:
    qs = UserPmm.objects.filter(instansi=instansi)
    search = _search(search)
    if search:
        qs = qs.filter(nip__startswith=search)
    return qs.order_by("nip")


def user_pmm_names(*, nips) -> dict[str, str]:
    return dict(PnsSiasn.objects.filter(nip__in=list(nips)).values_list("nip", "nama"))


def user_pmm_get(*, instansi, pk) -> UserPmm:
    pk = _pk(pk)
    row = UserPmm.objects.filter(instansi=instansi, pk=pk).first() if pk else None
    if row is None:
        raise NotFound("User PMM tidak ditemukan.")
    return row


def plt_list(*, instansi) -> QuerySet[PltRegistrasi]:
    return (
        PltRegistrasi.objects.filter(instansi=instansi)
        .select_related("pns", "unor")
        .order_by("pns__nama", "unor__nama")
    )


def plt_get(*, instansi, pk) -> PltRegistrasi:
    pk = _pk(pk)
    row = plt_list(instansi=instansi).filter(pk=pk).first() if pk else None
    if row is None:
        raise NotFound("Registrasi Plt tidak ditemukan.")
    return row


def periode_list(*, instansi) -> QuerySet[Periode]:
    return (
        Periode.objects.filter(instansi=instansi)
        .annotate(jumlah_skp=Count("skp"))
        .order_by("-tahun", "-semester")
    )


def periode_get(*, instansi, pk) -> Periode:
    pk = _pk(pk)
    row = Periode.objects.filter(instansi=instansi, pk=pk).first() if pk else None
    if row is None:
        raise NotFound("Periode tidak ditemukan.")
    return row


def api_key_list(*, instansi) -> QuerySet[ApiKey]:
    return (
        ApiKey.objects.filter(instansi=instansi).select_related("dibuat_oleh").order_by("-dibuat_pada", "-id")
    )


def api_key_get(*, instansi, pk) -> ApiKey:
    pk = _pk(pk)
    row = ApiKey.objects.filter(instansi=instansi, pk=pk).first() if pk else None
    if row is None:
        raise NotFound("API key tidak ditemukan.")
    return row


LOG_FILTERS = ("nip", "hasil", "kode", "aktor", "tahun", "semester", "jenis")


def log_list(*, instansi, filters: dict | None = None) -> QuerySet[LogSinkron]:
    qs = LogSinkron.objects.filter(instansi=instansi)
    f = {k: _search((filters or {}).get(k)) for k in LOG_FILTERS}
    if f["nip"]:
        qs = qs.filter(nip__startswith=f["nip"])
    if f["hasil"] in Hasil.values:
        qs = qs.filter(hasil=f["hasil"])
    if f["kode"]:
        qs = qs.filter(kode=f["kode"].upper()) if f["kode"] != "-" else qs.filter(kode="")
    if f["aktor"]:
        qs = qs.filter(aktor=f["aktor"])
    if f["jenis"]:
        qs = qs.filter(jenis=f["jenis"])
    for name in ("tahun", "semester"):
        value = _pk(f[name])
        if value is not None and value < 32768:
            qs = qs.filter(**{name: value})
    return qs.order_by("-waktu", "-id")


def log_get(*, instansi, pk) -> LogSinkron:
    pk = _pk(pk)
    row = LogSinkron.objects.filter(instansi=instansi, pk=pk).select_related("skp").first() if pk else None
    if row is None:
        raise NotFound("Log tidak ditemukan.")
    return row


def _fmt(nama, kode) -> str:
    if not nama and not kode:
        return "—"
    return f"{nama or '—'} ({kode})" if kode else str(nama)


def log_comparison(log: LogSinkron) -> list[tuple[str, str, str, bool]]:
    """The facts an admin compares in a log row (seed 003 #4, #16: "lihat perbedaan di Log
    Sinkronisasi PMM"): (label, sent by PMM, held by e-Kinerja, differ?)."""
    sent = log.dikirim if isinstance(log.dikirim, dict) else {}
    held = log.ekinerja if isinstance(log.ekinerja, dict) else {}

    def get(d, *path):
        for name in path:
            d = d.get(name) if isinstance(d, dict) else None
        return d

    rows = [
        ("NIP", str(get(sent, "nip") or "—"), str(get(held, "pns", "nip") or "—")),
        (
            "Sekolah / unor",
            _fmt(get(sent, "sekolah", "nama"), get(sent, "sekolah", "npsn")),
            _fmt(get(held, "unor", "nama"), get(held, "unor", "npsn")),
        ),
        (
            "Tanggal penugasan / perubahan unor",
            str(get(sent, "sekolah", "tmt") or "—"),
            str(get(held, "pns", "tanggal_unor") or "—"),
        ),
        (
            "Atasan",
            _fmt(get(sent, "atasan", "nama"), get(sent, "atasan", "nip")),
            _fmt(get(held, "atasan", "nama"), get(held, "atasan", "nip")),
        ),
    ]
    if get(sent, "peran") == "plt_kepala_sekolah":
        plt = get(sent, "plt_npsn") or []
        rows.append(("Jumlah sekolah Plt", str(len(plt)), str(get(held, "jumlah_plt") or 0)))
    return [(label, a, b, a != b) for label, a, b in rows]


def log_recap(qs: QuerySet[LogSinkron]) -> dict:
    """Recap of a (filtered) log: attempts per error code (with the catalogue's message) and per
    responsible actor, failures and warnings apart. Two aggregate queries, whatever the log size."""
    by_code = []
    rows = qs.order_by().values("kode", "hasil").annotate(n=Count("id"))
    codes: dict[str, dict] = {}
    for row in rows:
        if not row["kode"] and row["hasil"] != Hasil.GAGAL:
            continue
        item = codes.setdefault(row["kode"], {"kode": row["kode"], "gagal": 0, "peringatan": 0})
        if row["hasil"] == Hasil.GAGAL:
            item["gagal"] += row["n"]
        else:
            item["peringatan"] += row["n"]
    for kode, item in codes.items():
        entry = catalogue.lookup(kode)
        item["pesan"] = entry.message if entry else "Data tidak valid / lainnya"
        item["nomor"] = entry.number if entry else None
        item["urutan"] = (entry.position or 99) if entry else 100
        by_code.append(item)
    by_code.sort(key=lambda i: (i["urutan"], i["kode"]))

    by_actor = [
        {"aktor": row["aktor"], "jumlah": row["n"]}
        for row in qs.order_by()
        .exclude(aktor="")
        .values("aktor")
        .annotate(n=Count("id"))
        .order_by("-n", "aktor")
    ]
    total = {row["hasil"]: row["n"] for row in qs.order_by().values("hasil").annotate(n=Count("id"))}
    return {"per_kode": by_code, "per_aktor": by_actor, "total": total}


# --- the pegawai's own page ------------------------------------------------------------------------


def pns_for_user(*, user) -> PnsSiasn | None:
    """The SIASN PNS whose e-mail is the logged-in account's (e-Kinerja's SSO identity)."""
    email = (getattr(user, "email", "") or "").strip().lower()
    if not email:
        return None
    return PnsSiasn.objects.select_related("unor").filter(email__iexact=email).order_by("nip").first()


def pegawai_page(*, pns: PnsSiasn) -> dict:
    """What the pegawai's e-Kinerja page shows: pegawai data, the "Sinkron PMM" button (#1), SKPs."""
    pegawai = (
        Pegawai.objects.select_related("unor", "unor__pemimpin", "unor__diatasan").filter(pns=pns).first()
    )
    is_user_pmm = (
        bool(pegawai) and UserPmm.objects.filter(instansi_id=pegawai.instansi_id, nip=pns.nip).exists()
    )
    skps = []
    if pegawai is not None:
        skps = list(
            Skp.objects.filter(pegawai=pegawai)
            .select_related("periode", "unor")
            .prefetch_related("unor_plt")
            .annotate(jumlah_rhk=Count("rhk"))
            .order_by("-periode__tahun", "-periode__semester", "peran")
        )
    periods = (
        list(
            Periode.objects.filter(instansi_id=pegawai.instansi_id, dibuka=True).order_by(
                "-tahun", "-semester"
            )
        )
        if pegawai
        else []
    )
    logs = list(LogSinkron.objects.filter(nip=pns.nip).order_by("-waktu", "-id")[:10])
    return {
        "pns": pns,
        "pegawai": pegawai,
        "user_pmm": is_user_pmm,
        # Seed 003 #1: the button shows only for a NIP that SIASN knows and the User PMM list holds.
        "tombol_sinkron": is_user_pmm,
        "skps": skps,
        "periods": periods,
        "logs": logs,
    }


def skp_rhk(*, skp: Skp) -> list[Rhk]:
    return list(skp.rhk.select_related("rhk_atasan").order_by("urutan", "id"))
