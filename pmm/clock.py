"""The simulated clock. Every date rule reads ``now()``/``today()`` from here, never the real clock.

Within a request the offset is read once (ClockMiddleware) so that one page sees one "today".
"""

from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

_request_offset: ContextVar[timedelta | None] = ContextVar("pmm_clock_offset", default=None)


def _offset() -> timedelta:
    cached = _request_offset.get()
    if cached is not None:
        return cached
    from .models import SimulatedClock

    row = SimulatedClock.objects.filter(pk=1).values_list("offset", flat=True).first()
    return row or timedelta()


def now() -> datetime:
    """The simulated aware datetime (UTC)."""
    return timezone.now() + _offset()


def today() -> date:
    """The simulated date in Asia/Jakarta."""
    return timezone.localdate(now())


def pin_for_request():
    """Read the offset once for the current request; returns a token for ``unpin``."""
    return _request_offset.set(_offset())


def unpin(token) -> None:
    _request_offset.reset(token)


@transaction.atomic
def clock_set(*, moment: datetime, actor=None) -> timedelta:
    """Move the simulated clock so that ``now()`` equals ``moment`` at this instant."""
    from .models import SimulatedClock

    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    offset = moment - timezone.now()
    SimulatedClock.objects.update_or_create(pk=1, defaults={"offset": offset, "updated_by": actor})
    _request_offset.set(None)
    return offset


@transaction.atomic
def clock_reset(*, actor=None) -> None:
    from .models import SimulatedClock

    SimulatedClock.objects.update_or_create(pk=1, defaults={"offset": timedelta(), "updated_by": actor})
    _request_offset.set(None)
