"""``manage.py bench pages`` runs end to end on a tiny school: the pages answer over loopback HTTP
through the whole middleware stack, the RESULT lines are printed, and the throwaway region is gone."""

import io
import re

import pytest
from django.core.management import call_command

from dapodik.models import PTK, Sekolah
from kinerja.benchmarks import PagesBenchmark
from kinerja.models import Rencana
from pmm.models import Instansi, Provinsi, User

from .helpers import hari

pytestmark = pytest.mark.django_db(transaction=True)


def test_bench_pages_prints_the_ratios_and_leaves_nothing_behind(katalog):
    hari(6, 10)
    before = (
        Provinsi.objects.count(),
        Instansi.objects.count(),
        Sekolah.objects.count(),
        User.objects.count(),
    )
    out = io.StringIO()
    call_command("bench", "pages", "guru=12", "klien=2", "putaran=1", "permintaan=4", stdout=out)
    text = out.getvalue()
    for name, goal in (("teacher_home", 3), ("principal_approval_list", 5), ("rating", 5)):
        assert re.search(rf"^RESULT pages_{name} ratio=\d+\.\d{{3}} goal<={goal}$", text, re.M), text
        assert re.search(rf"^RESULT pages_{name}_p50 ratio=\d+\.\d{{3}} goal<={goal}$", text, re.M), text
    assert re.search(r"^trivial\s+\d", text, re.M)
    after = (
        Provinsi.objects.count(),
        Instansi.objects.count(),
        Sekolah.objects.count(),
        User.objects.count(),
    )
    assert after == before
    assert not PTK.objects.filter(nama__startswith="Guru Benchmark").exists()
    assert not Rencana.objects.exists()


def test_bench_pages_refuses_unknown_or_bad_options():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Opsi tidak dikenal"):
        PagesBenchmark(stdout=io.StringIO(), sekolah="3")
    with pytest.raises(CommandError, match="bilangan bulat"):
        PagesBenchmark(stdout=io.StringIO(), guru="banyak")
