"""The ``bench import`` benchmark at a small size: it runs, prints its RESULT lines, cleans up."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dapodik.benchmarks import ImportBenchmark
from dapodik.models import PTK, RosterImport, Sekolah
from pmm.models import Instansi, KabupatenKota, Provinsi

pytestmark = pytest.mark.django_db

RESULT_SPEED = re.compile(r"^RESULT import_vs_copy ratio=\d+\.\d{3} goal>=0\.25$", re.M)
RESULT_MEMORY = re.compile(r"^RESULT import_memory_growth ratio=\d+\.\d{3} goal<=1\.5$", re.M)


def _counts():
    return [m.objects.count() for m in (PTK, RosterImport, Sekolah, Instansi, KabupatenKota, Provinsi)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark compares with PostgreSQL COPY")
def test_small_run_prints_both_result_lines_and_leaves_nothing_behind(sekolah):
    before = _counts()
    out = io.StringIO()
    ImportBenchmark(stdout=out, rows="300").run()
    text = out.getvalue()
    assert RESULT_SPEED.search(text) and RESULT_MEMORY.search(text), text
    assert text.rstrip().splitlines()[-2:] == [
        RESULT_SPEED.search(text).group(),
        RESULT_MEMORY.search(text).group(),
    ]
    assert "300 baris" in text and "30 baris" in text
    assert _counts() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark compares with PostgreSQL COPY")
def test_bench_command_runs_the_import_benchmark():
    out = io.StringIO()
    call_command("bench", "import", "rows=50", stdout=out)
    assert RESULT_SPEED.search(out.getvalue())


def test_benchmark_refuses_to_run_without_postgresql(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="hanya untuk PostgreSQL"):
        ImportBenchmark(stdout=io.StringIO(), rows="50").run()
    assert not Provinsi.objects.exists()


@pytest.mark.parametrize("options", [{"rows": "banyak"}, {"rows": "5"}, {"baris": "10"}])
def test_bad_options_are_refused(options):
    with pytest.raises(CommandError):
        ImportBenchmark(stdout=io.StringIO(), **options)
