"""The ``bench import`` benchmark at a small size: it runs, prints its RESULT lines, cleans up."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dapodik.benchmarks import ImportBenchmark, _prefix
from dapodik.models import PTK, RosterImport, Sekolah
from pmm.models import Instansi, KabupatenKota, Provinsi
from tests import factories as f

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
    # the baseline is named, and the TEMP and indexed COPY are printed beside it for information
    assert "COPY mentah ke tabel staging" in text and "tanpa indeks; pembanding" in text
    assert "COPY mentah ke tabel TEMP (informasi)" in text
    assert re.search(r"^batas atas kasar rasio .*: \d+\.\d{3}$", text, re.M), text
    assert re.search(
        r"^batas atas rasio bila tabel PTK hanya punya kunci identitas .*rasio \d+\.\d{3}$", text, re.M
    )
    assert _counts() == before
    assert "bench_copy" not in connection.introspection.table_names()


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


def test_prefix_range_finds_exactly_the_identifiers_with_that_prefix(sekolah):
    # The free-code probe of the benchmark needs no LIKE index: a range over digit strings.
    for value in ("9930000000000001", "9939999999999999", "9940000000000000", "9929999999999999", "993"):
        f.PTKFactory(sekolah=sekolah, nuptk=value)
    found = set(PTK.objects.filter(**_prefix("nuptk", "993")).values_list("nuptk", flat=True))
    assert found == set(PTK.objects.filter(nuptk__startswith="993").values_list("nuptk", flat=True))
    assert found == {"9930000000000001", "9939999999999999", "993"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark compares with PostgreSQL COPY")
def test_copy_target_must_be_known():
    with pytest.raises(ValueError):
        ImportBenchmark(stdout=io.StringIO(), rows="50")._copy("/dev/null", target="unlogged")
