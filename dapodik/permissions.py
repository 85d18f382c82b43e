"""Who may read and who may change Dapodik data (one place for pages, API and services).

Decisions (brief H1; DESIGN.md §1 "Operator Sekolah: Dapodik data"):

- Operator Sekolah reads and changes the data of the school(s) they are operator of. Dapodik belongs
  to the school, so only its operator records PTK, transfers (from the origin school) and principal
  assignments.
- Admin Pusat / pelatih reads and changes everything: a trainer prepares Bimtek situations.
- Admin Instansi (BKD) and Kepala Dinas read the schools of their instansi and their PTK, never
  change them (they fix their own systems: e-Kinerja, the Dinas predikat).
- Guru, Kepala Sekolah and Plt read their own PTK record (and the schools they serve), nothing else.
- Other roles (PIC Dinas, Pengawas, Helpdesk) see nothing here yet; their views come with their issues.
- A principal assignment may name a PTK of another school by NIK/NUPTK/NIP (a Plt.); only PTK of the
  same instansi can be named, and any other answers "not found" so the lookup reveals nothing.
"""

from django.db.models import Q, QuerySet

from pmm.errors import Forbidden
from pmm.roles import Role

READ_INSTANSI_ROLES = (Role.ADMIN_INSTANSI, Role.KEPALA_DINAS)
PTK_ROLES = (Role.GURU, Role.KEPALA_SEKOLAH, Role.PLT_KEPALA_SEKOLAH)


def operator_sekolah_ids(actor) -> set[int]:
    return actor.sekolah_ids(Role.OPERATOR_SEKOLAH)


def can_browse(actor) -> bool:
    """May open the Dapodik lists of schools and PTK (the data managers' pages)."""
    return (
        actor.is_trainer
        or bool(operator_sekolah_ids(actor))
        or bool(actor.instansi_ids(*READ_INSTANSI_ROLES))
    )


def can_write_sekolah(actor, sekolah_id: int) -> bool:
    return actor.is_trainer or sekolah_id in operator_sekolah_ids(actor)


def can_write_any(actor) -> bool:
    return actor.is_trainer or bool(operator_sekolah_ids(actor))


KEPALA_NOT_FOUND = (
    "PTK dengan NIK/NUPTK/NIP tersebut tidak ditemukan di sekolah ini atau di sekolah lain "
    "dengan Pemda (instansi) yang sama."
)


def can_name_kepala(actor, sekolah, ptk) -> bool:
    """Whether ``ptk``, found by NIK/NUPTK/NIP, may be named for a principal assignment of ``sekolah``.

    Only a PTK of the school or of another school of the same instansi (a Plt. from a neighbouring
    school) can be assigned, and an operator reads no other school: any other PTK is answered as not
    found, so the lookup reveals nothing of it (not its name, status, nor that it exists). A trainer
    reads everything and gets the rule's own refusal instead.
    """
    if actor.is_trainer or ptk.sekolah_id == sekolah.pk:
        return True
    return sekolah.instansi_id is not None and ptk.sekolah.instansi_id == sekolah.instansi_id


def require_write_sekolah(actor, sekolah, message: str | None = None) -> None:
    if not can_write_sekolah(actor, sekolah.pk):
        raise Forbidden(
            message
            or "Hanya Operator Sekolah dari sekolah ini (atau pelatih) yang dapat mengubah data Dapodik."
        )


def scope_sekolah(qs: QuerySet, actor) -> QuerySet:
    if actor.is_trainer:
        return qs
    q = Q(pk__in=operator_sekolah_ids(actor)) | Q(instansi_id__in=actor.instansi_ids(*READ_INSTANSI_ROLES))
    own = actor.sekolah_ids(*PTK_ROLES)
    if own:
        q |= Q(pk__in=own)
    return qs.filter(q)


def scope_ptk(qs: QuerySet, actor, prefix: str = "") -> QuerySet:
    """PTK rows the actor may read; ``prefix`` reaches the PTK from another model (e.g. ``ptk__``)."""
    if actor.is_trainer:
        return qs
    q = Q(**{f"{prefix}sekolah_id__in": operator_sekolah_ids(actor)}) | Q(
        **{f"{prefix}sekolah__instansi_id__in": actor.instansi_ids(*READ_INSTANSI_ROLES)}
    )
    if actor.ptk is not None:
        q |= Q(**{f"{prefix}pk": actor.ptk.pk})
    return qs.filter(q)
