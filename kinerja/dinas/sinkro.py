"""Sync errors on the dashboard: the seam where Sinkro PMM plugs in.

Sinkro PMM (another issue) records every sync attempt. The dashboard needs, per pegawai and period,
the *last unresolved* error: its code (DESIGN.md §4) and the actor who must fix it. A **provider**
gives those rows; the refresh copies them into ``RekapPegawai.sinkro_kode/sinkro_pihak`` and sums
them per school and region, by code and by actor.

A provider is a callable ``provider(periode)`` returning either a queryset whose ``values`` are
``ptk_id``, ``kode`` and ``pihak``, or a ``(sql, params)`` pair selecting those three columns. Point
``settings.DINAS_SINKRO_PROVIDER`` at it (dotted path) or call ``register_provider``. Without one, the
dashboard shows the section as "belum tersedia".
"""

from django.conf import settings
from django.utils.module_loading import import_string

_registered = None


def register_provider(func) -> None:
    global _registered
    _registered = func


def get_provider():
    if _registered is not None:
        return _registered
    path = getattr(settings, "DINAS_SINKRO_PROVIDER", "")
    return import_string(path) if path else None


def available() -> bool:
    return get_provider() is not None


def provider_sql(periode) -> tuple[str | None, list]:
    """The provider's rows as SQL with positional parameters, or (None, []) without a provider."""
    provider = get_provider()
    if provider is None:
        return None, []
    rows = provider(periode)
    if isinstance(rows, tuple):
        sql, params = rows
        return sql, list(params)
    sql, params = rows.values("ptk_id", "kode", "pihak").query.sql_with_params()
    return sql, list(params)
