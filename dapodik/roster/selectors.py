"""Reads of the roster pages and API, and the one access rule they all use."""

from django.db.models import QuerySet

from pmm.errors import Forbidden, NotFound
from pmm.roles import Role

from ..models import PTK, RosterImport, RosterImportError, Sekolah
from ..validators import npsn_errors

EXPORT_FIELDS = (
    "nik",
    "nuptk",
    "nip",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_ptk",
    "status_kepegawaian",
    "email",
    "tmt_tugas",
)


def roster_can_manage(actor, sekolah_id: int) -> bool:
    """The roster of a school is managed by its Operator Sekolah; a trainer may manage any school."""
    return actor.is_trainer or sekolah_id in actor.sekolah_ids(Role.OPERATOR_SEKOLAH)


def roster_may_use(actor) -> bool:
    return actor.is_trainer or actor.has(Role.OPERATOR_SEKOLAH)


def _refuse_role():
    return Forbidden(
        "Impor dan ekspor roster PTK hanya untuk Operator Sekolah (dan pelatih).", code="roster_forbidden"
    )


def roster_sekolah_get(*, actor, npsn: str) -> Sekolah:
    """The school whose roster the actor opens, or a refusal."""
    if not roster_may_use(actor):
        raise _refuse_role()
    # Not an NPSN (e.g. a NUL byte, which PostgreSQL refuses in a query): no school has it.
    sekolah = None if npsn_errors(str(npsn)) else Sekolah.objects.filter(npsn=str(npsn)).first()
    if sekolah is None:
        raise NotFound("Sekolah dengan NPSN ini tidak ditemukan.")
    if not roster_can_manage(actor, sekolah.id):
        raise Forbidden("Anda bukan Operator Sekolah untuk sekolah ini.", code="roster_forbidden")
    return sekolah


def roster_sekolah_list(*, actor) -> QuerySet:
    """The schools whose roster an operator manages (a trainer chooses by NPSN instead)."""
    if not roster_may_use(actor):
        raise _refuse_role()
    return Sekolah.objects.filter(id__in=actor.sekolah_ids(Role.OPERATOR_SEKOLAH)).order_by("nama")


def roster_import_get(*, actor, pk) -> RosterImport:
    """One import, if the actor manages its school; otherwise 'not found' so nothing leaks."""
    if not roster_may_use(actor):
        raise _refuse_role()
    found = RosterImport.objects.select_related("sekolah", "diunggah_oleh").filter(pk=pk).first()
    if found is None or found.sekolah_id is None or not roster_can_manage(actor, found.sekolah_id):
        raise NotFound("Hasil impor tidak ditemukan.")
    return found


def roster_import_list(*, sekolah: Sekolah, limit: int = 10) -> list[RosterImport]:
    return list(RosterImport.objects.filter(sekolah=sekolah).select_related("diunggah_oleh")[:limit])


def roster_error_list(*, roster_import: RosterImport) -> QuerySet:
    return RosterImportError.objects.filter(roster_import=roster_import).order_by("baris", "id")


def roster_error_rows(*, roster_import: RosterImport):
    """``(baris, kolom, pesan)`` of every error, streamed from the database."""
    return (
        roster_error_list(roster_import=roster_import)
        .values_list("baris", "kolom", "pesan")
        .iterator(chunk_size=2000)
    )


def roster_ptk_rows(*, sekolah: Sekolah):
    """The school's PTK in the roster's column order, streamed from the database."""
    return (
        PTK.objects.filter(sekolah=sekolah)
        .order_by("nama", "id")
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=2000)
    )


def roster_ptk_count(*, sekolah: Sekolah) -> int:
    return PTK.objects.filter(sekolah=sekolah).count()
