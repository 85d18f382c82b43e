"""Reads of Dapodik data, always scoped by the actor (dapodik.permissions)."""

from django.db.models import Q, QuerySet

from pmm.actors import open_assignment_q
from pmm.errors import NotFound

from . import permissions
from .choices import JenisPTK, StatusKepegawaian
from .models import PTK, Mutasi, PenugasanKepalaSekolah, Sekolah, VervalPtk


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def _search(text) -> str:
    # A NUL byte cannot reach PostgreSQL; whitespace is collapsed as users paste names and NIPs.
    return " ".join(str(text or "").replace("\x00", "").split())[:100]


def sekolah_list(*, actor, search: str = "") -> QuerySet[Sekolah]:
    qs = permissions.scope_sekolah(Sekolah.objects.select_related("kabupaten", "instansi"), actor)
    search = _search(search)
    if search:
        qs = qs.filter(Q(nama__icontains=search) | Q(npsn=search))
    return qs.order_by("nama", "id")


def sekolah_get(*, actor, pk) -> Sekolah:
    pk = _pk(pk)
    sekolah = sekolah_list(actor=actor).filter(pk=pk).first() if pk else None
    if sekolah is None:
        raise NotFound("Sekolah tidak ditemukan.")
    return sekolah


def sekolah_by_npsn(npsn: str) -> Sekolah | None:
    """Any school by NPSN (NPSN are public, like the real Referensi Sekolah), e.g. a transfer target."""
    npsn = "".join(str(npsn or "").split())
    if not (npsn.isascii() and npsn.isdigit()):
        return None
    return Sekolah.objects.filter(npsn=npsn).first()


def sekolah_writable(*, actor) -> QuerySet[Sekolah]:
    if actor.is_trainer:
        return Sekolah.objects.all()
    return Sekolah.objects.filter(pk__in=permissions.operator_sekolah_ids(actor))


def ptk_list(
    *,
    actor,
    sekolah_id=None,
    search: str = "",
    jenis_ptk: str = "",
    status_kepegawaian: str = "",
) -> QuerySet[PTK]:
    qs = permissions.scope_ptk(PTK.objects.select_related("sekolah"), actor)
    if sekolah_id not in (None, ""):
        qs = qs.filter(sekolah_id=_pk(sekolah_id))
    search = _search(search)
    if search:
        compact = search.replace(" ", "")
        q = Q(nama__icontains=search)
        if compact.isascii() and compact.isdigit():
            q |= Q(nip=compact) | Q(nuptk=compact) | Q(nik=compact)
        qs = qs.filter(q)
    if jenis_ptk in JenisPTK.values:
        qs = qs.filter(jenis_ptk=jenis_ptk)
    if status_kepegawaian in StatusKepegawaian.values:
        qs = qs.filter(status_kepegawaian=status_kepegawaian)
    return qs.order_by("nama", "id")


def ptk_get(*, actor, pk) -> PTK:
    pk = _pk(pk)
    ptk = None
    if pk:
        qs = PTK.objects.select_related("sekolah", "sekolah__kabupaten", "sekolah__instansi", "user")
        ptk = permissions.scope_ptk(qs, actor).filter(pk=pk).first()
    if ptk is None:
        raise NotFound("PTK tidak ditemukan.")
    return ptk


def ptk_by_identitas(identitas: str) -> PTK | None:
    """A PTK of any school by NIK, NUPTK or NIP (used to name a Plt from another school)."""
    value = "".join((identitas or "").split())
    if not value or not value.isascii() or not value.isdigit():
        return None
    return (
        PTK.objects.select_related("sekolah")
        .filter(Q(nik=value) | Q(nuptk=value) | Q(nip=value))
        .order_by("pk")
        .first()
    )


def mutasi_list(*, ptk) -> QuerySet[Mutasi]:
    return Mutasi.objects.filter(ptk=ptk).select_related("sekolah_asal", "sekolah_tujuan", "dicatat_oleh")


def verval_list(*, actor, ptk=None, search: str = "") -> QuerySet[VervalPtk]:
    qs = permissions.scope_ptk(
        VervalPtk.objects.select_related("ptk", "ptk__sekolah", "diajukan_oleh"), actor, prefix="ptk__"
    )
    if ptk is not None:
        qs = qs.filter(ptk=ptk)
    search = _search(search)
    if search:
        qs = qs.filter(Q(ptk__nama__icontains=search) | Q(nip_baru=search) | Q(nip_lama=search))
    return qs.order_by("-diajukan_pada", "-id")


def kepala_list(*, sekolah) -> QuerySet[PenugasanKepalaSekolah]:
    return (
        PenugasanKepalaSekolah.objects.filter(sekolah=sekolah)
        .select_related("ptk", "ptk__sekolah", "sekolah")
        .order_by("-tanggal_mulai", "-id")
    )


def kepala_open_on(*, sekolah, day) -> list[PenugasanKepalaSekolah]:
    return list(kepala_list(sekolah=sekolah).filter(open_assignment_q(day)))


def kepala_get(*, actor, pk) -> PenugasanKepalaSekolah:
    pk = _pk(pk)
    penugasan = None
    if pk:
        penugasan = (
            PenugasanKepalaSekolah.objects.select_related("sekolah", "ptk", "ptk__sekolah")
            .filter(pk=pk, sekolah__in=permissions.scope_sekolah(Sekolah.objects.all(), actor))
            .first()
        )
    if penugasan is None:
        raise NotFound("Penugasan kepala sekolah tidak ditemukan.")
    return penugasan


def kepala_candidates(*, sekolah) -> QuerySet[PTK]:
    """PTK of the school offered in the assignment form (any other school's PTK by NIK/NUPTK/NIP)."""
    return PTK.objects.filter(sekolah=sekolah).order_by("nama", "id")


def kepala_of_ptk(*, ptk) -> QuerySet[PenugasanKepalaSekolah]:
    return (
        PenugasanKepalaSekolah.objects.filter(ptk=ptk)
        .select_related("sekolah")
        .order_by("-tanggal_mulai", "-id")
    )
