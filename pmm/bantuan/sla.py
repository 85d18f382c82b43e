"""Response-time promise of Pusat Bantuan (seed 000, DESIGN.md §6).

A ticket is answered within 8 working hours. Working hours are Monday–Friday 08:00–18:00 WIB
(Asia/Jakarta, no daylight saving), Indonesian national holidays excluded. Seed 000's two examples
define the arithmetic: received Monday 09:00 → due Monday 17:00; received Friday 16:00 → two hours
on Friday, six on Monday → due Monday 14:00.

Decisions where the seed is silent:

- A ticket received outside working hours (before 08:00, from 18:00 on, at a weekend or on a holiday)
  starts counting at the next working moment; a ticket received at exactly 18:00 is already outside.
- When the hours run out exactly at 18:00 the ticket is due at 18:00 that day, not 08:00 the next.
- Holidays are the *public* national holidays of the ``holidays`` package (Keputusan Bersama
  Menteri on hari libur nasional). *Cuti bersama* (category "government" in the package) are NOT
  holidays here: they are collective leave taken from the civil servants' annual leave, not days on
  which the State closes, and seed 000 promises service on every day except weekends and
  "libur nasional". A deployment that closes the desk on cuti bersama sets
  ``BANTUAN_CUTI_BERSAMA_LIBUR = True``.
- Islamic holidays of future years are the package's estimates until the government fixes them.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")
SLA_HOURS = 8
JAM_BUKA = time(8, 0)
JAM_TUTUP = time(18, 0)

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _cuti_bersama_libur() -> bool:
    return bool(getattr(settings, "BANTUAN_CUTI_BERSAMA_LIBUR", False))


@lru_cache(maxsize=64)
def _holidays_of(year: int, with_cuti_bersama: bool) -> frozenset[date]:
    categories = ("public", "government") if with_cuti_bersama else ("public",)
    return frozenset(holidays.country_holidays("ID", years=year, categories=categories))


def is_holiday(day: date) -> bool:
    return day in _holidays_of(day.year, _cuti_bersama_libur())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def _opening(day: date) -> datetime:
    return datetime.combine(day, JAM_BUKA, tzinfo=WIB)


def _closing(day: date) -> datetime:
    return datetime.combine(day, JAM_TUTUP, tzinfo=WIB)


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_working_moment(moment: datetime) -> datetime:
    """The first moment at or after ``moment`` (WIB) at which the desk works."""
    day = moment.date()
    if is_working_day(day):
        if moment < _opening(day):
            return _opening(day)
        if moment < _closing(day):
            return moment
    return _opening(_next_working_day(day))


def due_at(received_at: datetime, hours: int = SLA_HOURS) -> datetime:
    """``received_at`` plus ``hours`` working hours; aware in, aware (UTC) out."""
    if timezone.is_naive(received_at):
        raise ValueError("received_at harus berzona waktu (aware).")
    remaining = timedelta(hours=hours)
    cursor = next_working_moment(received_at.astimezone(WIB))
    while True:
        available = _closing(cursor.date()) - cursor
        if remaining <= available:
            return (cursor + remaining).astimezone(UTC)
        remaining -= available
        cursor = _opening(_next_working_day(cursor.date()))


def is_overdue(*, due: datetime, now: datetime, answered: bool, closed: bool) -> bool:
    """Past the promised time and neither answered by the desk nor closed."""
    return not answered and not closed and now > due


def format_wib(moment: datetime) -> str:
    """``Senin, 17 November 2025 pukul 14.00 WIB``: the way the desk writes a time to users,
    independent of the active translation (e-mails are rendered in the worker)."""
    local = moment.astimezone(WIB)
    return (
        f"{HARI[local.weekday()]}, {local.day} {BULAN[local.month - 1]} {local.year} pukul {local:%H.%M} WIB"
    )
