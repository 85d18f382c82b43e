"""Who is acting: the roles of a user with their scopes, granted or derived from Dapodik.

``actor_for(user)`` is computed once per request (``request.actor``) with a fixed number of queries.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from . import clock
from .roles import Role


@dataclass(frozen=True)
class Grant:
    role: str
    sekolah_id: int | None = None
    instansi_id: int | None = None
    provinsi_id: int | None = None
    kabupaten_id: int | None = None


@dataclass
class Actor:
    user: object
    ptk: object | None = None
    grants: list[Grant] = field(default_factory=list)

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has(self, *roles) -> bool:
        return bool(self.roles.intersection(roles)) or (self.is_trainer and Role.ADMIN_PUSAT in roles)

    @property
    def is_trainer(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False)) or Role.ADMIN_PUSAT in self.roles

    def sekolah_ids(self, *roles) -> set[int]:
        return {g.sekolah_id for g in self.grants if g.role in roles and g.sekolah_id}

    def instansi_ids(self, *roles) -> set[int]:
        return {g.instansi_id for g in self.grants if g.role in roles and g.instansi_id}

    def grants_for(self, role) -> list[Grant]:
        return [g for g in self.grants if g.role == role]

    @property
    def role_labels(self) -> list[str]:
        order = list(Role)
        return [Role(r).label for r in sorted(self.roles, key=lambda r: order.index(Role(r)))]


ANONYMOUS = Actor(user=None)


def open_assignment_q(day, prefix: str = "") -> Q:
    """Assignments open on ``day`` (start ≤ day and no end or end ≥ day)."""
    return Q(**{f"{prefix}tanggal_mulai__lte": day}) & (
        Q(**{f"{prefix}tanggal_selesai__isnull": True}) | Q(**{f"{prefix}tanggal_selesai__gte": day})
    )


def actor_for(user) -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    from dapodik.choices import JenisPenugasan
    from dapodik.models import PTK, PenugasanKepalaSekolah

    grants = [
        Grant(r.role, r.sekolah_id, r.instansi_id, r.provinsi_id, r.kabupaten_id)
        for r in user.granted_roles.all()
    ]
    ptk = (
        PTK.objects.select_related("sekolah", "sekolah__kabupaten", "sekolah__instansi")
        .filter(user=user)
        .first()
    )
    if ptk is not None:
        assignments = list(
            PenugasanKepalaSekolah.objects.filter(open_assignment_q(clock.today()), ptk=ptk).values_list(
                "jenis", "sekolah_id"
            )
        )
        # A PTK is a pegawai of their school; a definitive principal acts as Kepala Sekolah instead
        # of Guru. Whether they may open Pengelolaan Kinerja is kinerja.access's rule, not a role.
        is_definitif = any(j == JenisPenugasan.DEFINITIF for j, _ in assignments)
        if not is_definitif:
            grants.append(Grant(Role.GURU, ptk.sekolah_id, ptk.sekolah.instansi_id))
        for jenis, sekolah_id in assignments:
            role = Role.KEPALA_SEKOLAH if jenis == JenisPenugasan.DEFINITIF else Role.PLT_KEPALA_SEKOLAH
            grants.append(Grant(role, sekolah_id))
    return Actor(user=user, ptk=ptk, grants=grants)
