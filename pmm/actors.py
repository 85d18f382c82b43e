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
        granted = frozenset(g.role for g in self.grants)
        # A superuser is a trainer (Admin Pusat) whether or not the role was also granted.
        if getattr(self.user, "is_superuser", False):
            return granted | {Role.ADMIN_PUSAT}
        return granted

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
    """The roles and scopes of ``user`` on the simulated today, with their PTK (its school, the
    school's kabupaten and instansi loaded). Two queries, written in SQL once per database: every
    page of the application pays this before reading its own data, and the ORM's compilation of
    the three querysets it replaced cost about 2 ms per request (``bench pages``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    from django.db import connections, router

    from dapodik.choices import JenisPenugasan
    from dapodik.models import PTK

    connection = connections[router.db_for_read(PTK)]
    loader = _Loader.for_connection(connection)
    grants, assignments = loader.grants(connection, user.pk, clock.today())
    ptk = loader.ptk(connection, user.pk)
    if ptk is not None:
        # A PTK is a pegawai of their school; a definitive principal acts as Kepala Sekolah instead
        # of Guru. Whether they may open Pengelolaan Kinerja is kinerja.access's rule, not a role.
        is_definitif = any(j == JenisPenugasan.DEFINITIF for j, _ in assignments)
        if not is_definitif:
            grants.append(Grant(Role.GURU, ptk.sekolah_id, ptk.sekolah.instansi_id))
        for jenis, sekolah_id in assignments:
            role = Role.KEPALA_SEKOLAH if jenis == JenisPenugasan.DEFINITIF else Role.PLT_KEPALA_SEKOLAH
            grants.append(Grant(role, sekolah_id))
    return Actor(user=user, ptk=ptk, grants=grants)


class _Loader:
    """The two statements of ``actor_for`` for one database connection, with the converters the
    ORM would apply to each column (dates arrive as text on SQLite), so the instances are the same
    as ``PTK.objects.select_related("sekolah__kabupaten", "sekolah__instansi")`` would give. One
    loader per database alias, shared by threads: it keeps SQL text and converters, never the
    (thread-local) connection: a converter of the backend's ``DatabaseOperations`` is kept unbound
    and called on the ``ops`` of the connection in use."""

    _cache: dict = {}

    @classmethod
    def for_connection(cls, connection) -> "_Loader":
        key = (connection.alias, connection.vendor)
        loader = cls._cache.get(key)
        if loader is None:
            loader = cls._cache[key] = cls(connection)
        return loader

    def __init__(self, connection):
        from dapodik.models import PTK, PenugasanKepalaSekolah, Sekolah
        from pmm.models import Instansi, KabupatenKota, UserRole

        q = connection.ops.quote_name

        def table(model):
            return q(model._meta.db_table)

        def columns(model, alias):
            return [f"{alias}.{q(f.column)}" for f in model._meta.concrete_fields]

        # PTK, its school, the school's kabupaten (required) and instansi (optional), in one row.
        models = [(PTK, "p"), (Sekolah, "s"), (KabupatenKota, "k"), (Instansi, "i")]
        select = ", ".join(c for model, alias in models for c in columns(model, alias))
        self.ptk_sql = (
            f"SELECT {select} FROM {table(PTK)} p "
            f"INNER JOIN {table(Sekolah)} s ON s.{q('id')} = p.{q('sekolah_id')} "
            f"INNER JOIN {table(KabupatenKota)} k ON k.{q('id')} = s.{q('kabupaten_id')} "
            f"LEFT OUTER JOIN {table(Instansi)} i ON i.{q('id')} = s.{q('instansi_id')} "
            f"WHERE p.{q('user_id')} = %s"
        )
        self.layout = []  # (model, attnames, converters per column) in the row's order
        for model, alias in models:
            fields = model._meta.concrete_fields
            converters = []
            for f in fields:
                col = f.get_col(alias)
                backend = [
                    (c.__func__, True) if getattr(c, "__self__", None) is connection.ops else (c, False)
                    for c in connection.ops.get_db_converters(col)
                ]
                converters.append(backend + [(c, False) for c in f.get_db_converters(connection)])
            self.layout.append(
                (model, [f.attname for f in fields], converters, [f.get_col(alias) for f in fields])
            )
        # Granted roles (kind 0, in the order they were granted), then the PTK's principal
        # assignments open on the day (kind 1, by school name, the newest first).
        self.grants_sql = (
            f"SELECT 0 AS jenis_baris, r.{q('id')} AS urut, r.{q('role')}, r.{q('sekolah_id')}, "
            f"r.{q('instansi_id')}, r.{q('provinsi_id')}, r.{q('kabupaten_id')}, NULL AS nama_sekolah, "
            f"NULL AS mulai FROM {table(UserRole)} r WHERE r.{q('user_id')} = %s "
            "UNION ALL "
            f"SELECT 1, a.{q('id')}, a.{q('jenis')}, a.{q('sekolah_id')}, NULL, NULL, NULL, "
            f"s.{q('nama')}, a.{q('tanggal_mulai')} FROM {table(PenugasanKepalaSekolah)} a "
            f"INNER JOIN {table(PTK)} p ON p.{q('id')} = a.{q('ptk_id')} "
            f"INNER JOIN {table(Sekolah)} s ON s.{q('id')} = a.{q('sekolah_id')} "
            f"WHERE p.{q('user_id')} = %s AND a.{q('tanggal_mulai')} <= %s "
            f"AND (a.{q('tanggal_selesai')} IS NULL OR a.{q('tanggal_selesai')} >= %s) "
            "ORDER BY 1, 8, 9 DESC, 2"
        )

    def grants(self, connection, user_id: int, day) -> tuple[list[Grant], list[tuple[str, int]]]:
        d = connection.ops.adapt_datefield_value(day)
        with connection.cursor() as cursor:
            cursor.execute(self.grants_sql, [user_id, user_id, d, d])
            rows = cursor.fetchall()
        granted = [Grant(r[2], r[3], r[4], r[5], r[6]) for r in rows if r[0] == 0]
        assignments = [(r[2], r[3]) for r in rows if r[0] == 1]
        return granted, assignments

    def ptk(self, connection, user_id: int):
        with connection.cursor() as cursor:
            cursor.execute(self.ptk_sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        objects, start = [], 0
        for model, attnames, converters, cols in self.layout:
            values = list(row[start : start + len(attnames)])
            start += len(attnames)
            for n, convs in enumerate(converters):
                for conv, of_ops in convs:
                    if of_ops:
                        values[n] = conv(connection.ops, values[n], cols[n], connection)
                    else:
                        values[n] = conv(values[n], cols[n], connection)
            objects.append(None if values[0] is None else model.from_db(connection.alias, attnames, values))
        ptk, sekolah, kabupaten, instansi = objects
        sekolah_field = type(ptk)._meta.get_field("sekolah")
        sekolah_field.set_cached_value(ptk, sekolah)
        sekolah._meta.get_field("kabupaten").set_cached_value(sekolah, kabupaten)
        sekolah._meta.get_field("instansi").set_cached_value(sekolah, instansi)
        return ptk
