from datetime import date

import pytest

from kinerja import periods
from kinerja.models import Periode
from pmm.errors import ApplicationError

from .helpers import hari

pytestmark = pytest.mark.django_db


def test_first_semester_defaults_follow_seed_001():
    p = periods.periode_for_date(date(2024, 3, 15))
    assert (p.tahun, p.semester) == (2024, 1)
    assert (p.tanggal_mulai, p.tanggal_selesai) == (date(2024, 1, 1), date(2024, 6, 30))
    assert (p.perencanaan_mulai, p.perencanaan_selesai) == (date(2024, 1, 1), date(2024, 1, 31))
    assert (p.persiapan_mulai, p.persiapan_selesai) == (date(2024, 2, 1), date(2024, 2, 29))  # leap year
    assert (p.observasi_mulai, p.observasi_selesai) == (date(2024, 3, 1), date(2024, 3, 31))
    assert (p.tindak_lanjut_mulai, p.tindak_lanjut_selesai) == (date(2024, 4, 1), date(2024, 5, 31))
    assert (p.penilaian_mulai, p.penilaian_selesai) == (date(2024, 6, 1), date(2024, 6, 30))
    assert p.batas_akhir == date(2024, 6, 30)


def test_second_semester_mirrors_with_rating_only_in_december():
    p = periods.periode_for_date(date(2025, 9, 1))
    assert (p.tahun, p.semester) == (2025, 2)
    assert (p.perencanaan_mulai, p.perencanaan_selesai) == (date(2025, 7, 1), date(2025, 7, 31))
    assert p.persiapan_mulai == date(2025, 8, 1)
    assert p.observasi_mulai == date(2025, 9, 1)
    assert (p.tindak_lanjut_mulai, p.tindak_lanjut_selesai) == (date(2025, 10, 1), date(2025, 11, 30))
    assert (p.penilaian_mulai, p.penilaian_selesai) == (date(2025, 12, 1), date(2025, 12, 31))
    assert not periods.dalam_jadwal(p, periods.Kelompok.PENILAIAN, date(2025, 11, 30))
    assert periods.dalam_jadwal(p, periods.Kelompok.PENILAIAN, date(2025, 12, 1))


def test_period_is_created_once_per_semester():
    a = periods.periode_for_date(date(2025, 1, 5))
    b = periods.periode_for_date(date(2025, 6, 30))
    assert a.pk == b.pk
    assert Periode.objects.count() == 1


def test_read_path_does_not_write_a_period():
    p = periods.periode_for_date(date(2026, 2, 2), create=False)
    assert p.pk is None and p.penilaian_mulai == date(2026, 6, 1)
    assert not Periode.objects.exists()


def test_current_period_follows_the_simulated_clock():
    hari(8, 17)
    assert periods.periode_current().kode == "2025-2"
    hari(2, 1, tahun=2026)
    assert periods.periode_current().kode == "2026-1"


@pytest.mark.parametrize(
    "day, tahap",
    [
        (date(2025, 1, 15), "perencanaan"),
        (date(2025, 2, 3), "persiapan"),
        (date(2025, 3, 20), "observasi"),
        (date(2025, 5, 2), "tindak_lanjut"),
        (date(2025, 6, 10), "penilaian"),
    ],
)
def test_stage_on_a_date(day, tahap):
    p = periods.periode_for_date(day)
    assert periods.tahap_on(p, day) == tahap


def test_timeline_marks_past_running_and_coming_windows():
    p = periods.periode_for_date(date(2025, 3, 10))
    line = periods.timeline(p, date(2025, 3, 10))
    assert [j.tahap for j in line] == [
        "perencanaan",
        "persiapan",
        "observasi",
        "tindak_lanjut",
        "refleksi",
        "penilaian",
    ]
    assert [j.keadaan for j in line] == [
        "lewat",
        "lewat",
        "berjalan",
        "akan_datang",
        "akan_datang",
        "akan_datang",
    ]
    assert line[0].rentang == "1 Januari 2025 – 31 Januari 2025"


def test_edited_windows_are_what_the_rules_read():
    p = periods.periode_for_date(date(2025, 1, 1))
    p.perencanaan_mulai = date(2025, 1, 10)
    p.save()
    with pytest.raises(ApplicationError) as err:
        periods.require_window(p, periods.Kelompok.PERENCANAAN, date(2025, 1, 9))
    assert err.value.code == "di_luar_jadwal"
    assert "baru dibuka pada 10 Januari 2025" in err.value.message
    periods.require_window(p, periods.Kelompok.PERENCANAAN, date(2025, 1, 10))


def test_rating_window_refuses_before_and_after():
    p = periods.periode_for_date(date(2025, 1, 1))
    with pytest.raises(ApplicationError, match="baru dibuka pada 1 Juni 2025"):
        periods.require_window(p, periods.Kelompok.PENILAIAN, date(2025, 5, 31))
    p.penilaian_selesai = date(2025, 7, 15)  # a Dinas extends the rating for late schools
    p.save()
    periods.require_window(p, periods.Kelompok.PENILAIAN, date(2025, 7, 15))
    with pytest.raises(ApplicationError, match="sudah ditutup pada 15 Juli 2025"):
        periods.require_window(p, periods.Kelompok.PENILAIAN, date(2025, 7, 16))


def test_windows_out_of_order_are_refused_by_the_database():
    from django.db import IntegrityError, transaction

    p = periods.periode_for_date(date(2025, 1, 1))
    p.penilaian_mulai = date(2025, 7, 1)
    p.penilaian_selesai = date(2025, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        p.save()
