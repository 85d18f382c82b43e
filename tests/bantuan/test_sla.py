"""The SLA arithmetic of seed 000 (8 working hours, Mon–Fri 08:00–18:00 WIB, national holidays off).
Expected times are worked out by hand in each test, not computed with the code under test."""

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from pmm.bantuan import sla
from tests.bantuan.conftest import wib


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Seed 000's two examples.
        (wib(2025, 11, 17, 9, 0), wib(2025, 11, 17, 17, 0)),
        (wib(2025, 11, 14, 16, 0), wib(2025, 11, 17, 14, 0)),
        # Runs out exactly at closing time: due 18:00 the same day, not 08:00 the next.
        (wib(2025, 11, 17, 10, 0), wib(2025, 11, 17, 18, 0)),
        # Exactly at opening.
        (wib(2025, 11, 18, 8, 0), wib(2025, 11, 18, 16, 0)),
        # Before opening: counts from 08:00.
        (wib(2025, 11, 18, 5, 45), wib(2025, 11, 18, 16, 0)),
        # Exactly 18:00 is already closed: next working day from 08:00.
        (wib(2025, 11, 18, 18, 0), wib(2025, 11, 19, 16, 0)),
        (wib(2025, 11, 18, 17, 59), wib(2025, 11, 19, 15, 59)),
        (wib(2025, 11, 18, 23, 30), wib(2025, 11, 19, 16, 0)),
        # Weekend: Saturday and Sunday count from Monday 08:00.
        (wib(2025, 11, 15, 11, 0), wib(2025, 11, 17, 16, 0)),
        (wib(2025, 11, 16, 20, 0), wib(2025, 11, 17, 16, 0)),
        # Friday after hours.
        (wib(2025, 11, 21, 18, 30), wib(2025, 11, 24, 16, 0)),
        # Hari Buruh, Thursday 1 May 2025: 3 hours Wednesday, none Thursday, 5 hours Friday.
        (wib(2025, 4, 30, 15, 0), wib(2025, 5, 2, 13, 0)),
        (wib(2025, 5, 1, 10, 0), wib(2025, 5, 2, 16, 0)),
        # Minutes are kept.
        (wib(2025, 11, 17, 9, 25), wib(2025, 11, 17, 17, 25)),
        # New Year: Wednesday 31 Dec 2025 16:00 → 2 hours, Thursday 1 Jan 2026 off, Friday 2 Jan.
        (wib(2025, 12, 31, 16, 0), wib(2026, 1, 2, 14, 0)),
    ],
)
def test_due_at(received, expected):
    assert sla.due_at(received) == expected


def test_the_holidays_used_in_these_tests_are_real_indonesian_holidays():
    national = holidays.country_holidays("ID", years=[2025, 2026])
    assert date(2025, 5, 1) in national
    assert date(2025, 12, 25) in national
    assert date(2026, 1, 1) in national
    assert date(2025, 12, 26) not in national  # cuti bersama, not a national holiday


def test_spanning_a_long_holiday_skips_every_holiday_and_weekend():
    # Idul Fitri 2025: Mon 31 Mar and Tue 1 Apr are national holidays (2–4 and 7 Apr are cuti bersama,
    # worked). Friday 28 Mar is also cuti bersama (worked): 17:00 → 1 hour; Mon/Tue off; Wed 2 Apr
    # 08:00 + 7 hours.
    assert sla.due_at(wib(2025, 3, 28, 17, 0)) == wib(2025, 4, 2, 15, 0)


def test_cuti_bersama_count_as_working_days_by_default(settings):
    # Christmas Thursday 25 Dec 2025; Friday 26 Dec is cuti bersama.
    settings.BANTUAN_CUTI_BERSAMA_LIBUR = False
    assert sla.due_at(wib(2025, 12, 24, 16, 0)) == wib(2025, 12, 26, 14, 0)


def test_cuti_bersama_can_be_made_holidays(settings):
    settings.BANTUAN_CUTI_BERSAMA_LIBUR = True
    assert sla.due_at(wib(2025, 12, 24, 16, 0)) == wib(2025, 12, 29, 14, 0)


def test_input_in_utc_gives_the_same_moment_and_output_is_utc():
    received = datetime(2025, 11, 14, 9, 0, tzinfo=UTC)  # Friday 16:00 WIB
    due = sla.due_at(received)
    assert due.utcoffset() == timedelta(0)
    assert due == datetime(2025, 11, 17, 7, 0, tzinfo=UTC)  # Monday 14:00 WIB


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        sla.due_at(datetime(2025, 11, 17, 9, 0))


def test_format_wib_writes_the_time_the_way_users_read_it():
    assert (
        sla.format_wib(datetime(2025, 11, 17, 7, 0, tzinfo=UTC)) == "Senin, 17 November 2025 pukul 14.00 WIB"
    )
    assert sla.format_wib(wib(2025, 5, 2, 9, 5)) == "Jumat, 2 Mei 2025 pukul 09.05 WIB"


@pytest.mark.parametrize(
    ("now", "answered", "closed", "overdue"),
    [
        (wib(2025, 11, 17, 17, 1), False, False, True),
        (wib(2025, 11, 17, 17, 0), False, False, False),
        (wib(2025, 11, 17, 16, 0), False, False, False),
        (wib(2025, 11, 18, 9, 0), True, False, False),
        (wib(2025, 11, 18, 9, 0), False, True, False),
    ],
)
def test_is_overdue(now, answered, closed, overdue):
    due = wib(2025, 11, 17, 17, 0)
    assert sla.is_overdue(due=due, now=now, answered=answered, closed=closed) is overdue
