"""Reads of Pusat Bantuan. Lists use keyset (cursor) pagination so the helpdesk queue costs the same
on page 1 and page 400, and a fixed number of queries whatever the page size."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from pmm.errors import ApplicationError, Forbidden, NotFound

from . import permissions
from .models import Kategori, Status, Tiket

PAGE_SIZE = 25
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The queue's status filter: by default the tickets still open.
FILTER_TERBUKA = "terbuka"
FILTER_SEMUA = "semua"
STATUS_FILTER_CHOICES = [
    (FILTER_TERBUKA, "Belum selesai"),
    *Status.choices,
    (FILTER_SEMUA, "Semua status"),
]


@dataclass
class Page:
    items: list
    next_cursor: str | None
    is_first: bool


def _encode(moment: datetime, pk: int) -> str:
    return f"{(moment - _EPOCH) // timedelta(microseconds=1)}_{pk}"


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        micros, pk = cursor.split("_")
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except (ValueError, OverflowError) as exc:
        raise ApplicationError("Penanda halaman tidak valid.", code="cursor_invalid") from exc


def _keyset(qs: QuerySet, *, field: str, descending: bool, cursor: str | None, size: int) -> Page:
    if cursor:
        moment, pk = _decode(cursor)
        op = "lt" if descending else "gt"
        qs = qs.filter(Q(**{f"{field}__{op}": moment}) | Q(**{field: moment, f"id__{op}": pk}))
    order = (f"-{field}", "-id") if descending else (field, "id")
    rows = list(qs.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode(getattr(rows[-1], field), rows[-1].pk) if more else None
    return Page(items=rows, next_cursor=next_cursor, is_first=not cursor)


def with_lewat_sla(qs: QuerySet, *, now: datetime) -> QuerySet:
    """Annotates ``lewat_sla``: past due, not answered by the desk and not closed (sla.is_overdue)."""
    overdue = Q(first_response_at__isnull=True) & ~Q(status=Status.SELESAI) & Q(due_at__lt=now)
    return qs.annotate(
        lewat_sla=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def antrean_qs(
    *, actor, now: datetime, status: str = "", kategori: str = "", hanya_lewat_sla: bool = False
) -> QuerySet:
    if not permissions.is_petugas(actor):
        raise Forbidden("Antrean tiket hanya untuk petugas Pusat Bantuan.")
    qs = with_lewat_sla(Tiket.objects.select_related("pelapor"), now=now)
    status = status or FILTER_TERBUKA
    if status == FILTER_TERBUKA:
        qs = qs.exclude(status=Status.SELESAI)
    elif status in Status.values:
        qs = qs.filter(status=status)
    elif status != FILTER_SEMUA:
        raise ApplicationError("Filter status tidak dikenal.", code="filter_invalid")
    if kategori:
        if kategori not in Kategori.values:
            raise ApplicationError("Filter kategori tidak dikenal.", code="filter_invalid")
        qs = qs.filter(kategori=kategori)
    if hanya_lewat_sla:
        qs = qs.filter(lewat_sla=True)
    return qs.order_by("due_at", "id")


def antrean_page(
    *, actor, now: datetime, cursor: str | None = None, size: int = PAGE_SIZE, **filters
) -> Page:
    """The helpdesk queue, earliest due first (the next promise to keep at the top)."""
    qs = antrean_qs(actor=actor, now=now, **filters)
    return _keyset(qs, field="due_at", descending=False, cursor=cursor, size=size)


def tiket_saya_qs(*, actor, now: datetime) -> QuerySet:
    return with_lewat_sla(Tiket.objects.filter(pelapor=actor.user), now=now).order_by("-received_at", "-id")


def tiket_saya_page(*, actor, now: datetime, cursor: str | None = None, size: int = PAGE_SIZE) -> Page:
    qs = tiket_saya_qs(actor=actor, now=now)
    return _keyset(qs, field="received_at", descending=True, cursor=cursor, size=size)


def tiket_get(*, actor, pk: int, now: datetime) -> Tiket:
    tiket = with_lewat_sla(Tiket.objects.select_related("pelapor"), now=now).filter(pk=pk).first()
    if tiket is None or not permissions.can_see(actor, tiket):
        raise NotFound("Tiket tidak ditemukan.")
    return tiket


def tiket_thread(*, actor, tiket: Tiket) -> tuple[list, list]:
    """Replies (internal notes only for the desk) and status history, oldest first."""
    balasan = tiket.balasan.select_related("penulis")
    if not permissions.acts_as_desk(actor, tiket):
        balasan = balasan.filter(internal=False)
    riwayat = tiket.riwayat.select_related("oleh")
    return list(balasan), list(riwayat)
