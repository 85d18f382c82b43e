"""Keyset pagination: "the rows after (nama, id)" instead of OFFSET, so page 1,000 of a national
list costs what page 1 costs (an index range scan on ``(periode, region, nama, id)``)."""

import base64
import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from pmm.errors import ApplicationError

UKURAN_HALAMAN = 50


def cursor_encode(values: tuple) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(token: str | None) -> tuple | None:
    """``(nama, id)`` or None for the first page; a tampered cursor is refused, never a 500."""
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        nama, pk = json.loads(raw)
        if not isinstance(nama, str) or not isinstance(pk, int) or isinstance(pk, bool) or len(nama) > 200:
            raise ValueError
        return nama, pk
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise ApplicationError(
            "Tautan halaman tidak valid. Buka kembali daftar dari halaman pertama.", code="kursor_tidak_valid"
        ) from None


@dataclass
class Halaman:
    rows: list
    next_cursor: str | None
    cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def keyset_page(qs, *, id_field: str, cursor: str | None, size: int = UKURAN_HALAMAN) -> Halaman:
    """One page of ``qs`` ordered by (nama, ``id_field``); ``id_field`` is the attname of an integer
    column (``sekolah_id``, not ``sekolah``, so ordering never joins)."""
    after = cursor_decode(cursor)
    table = connection.ops.quote_name(qs.model._meta.db_table)
    id_column = connection.ops.quote_name(qs.model._meta.get_field(id_field).column)
    if after is not None:
        qs = qs.filter(
            RawSQL(f'({table}."nama", {table}.{id_column}) > (%s, %s)', after, output_field=BooleanField())
        )
    rows = list(qs.order_by("nama", id_field)[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = cursor_encode((last.nama, getattr(last, id_field)))
    return Halaman(rows, next_cursor, cursor or None)


def keyset_iterate(qs, *, id_field: str, chunk: int = 2000):
    """Every row of ``qs`` in (nama, id) order, ``chunk`` rows per query (exports stream with flat
    memory)."""
    cursor = None
    while True:
        page = keyset_page(qs, id_field=id_field, cursor=cursor, size=chunk)
        yield from page.rows
        if not page.has_next:
            return
        cursor = page.next_cursor
