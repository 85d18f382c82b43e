"""The principal's lists (and the homes) run the same number of queries at 5 and at 200 teachers,
through the whole page: middleware, access rule, selector and template. The schools are built with
the bench's own builder (``kinerja.benchmarks.sekolah_uji_build``), plans in every state."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kinerja.benchmarks import _KEADAAN, sekolah_uji_build
from kinerja.models import Rencana
from tests import factories as f

from .conftest import buat_kadis
from .helpers import hari
from .test_views_helpers import url

pytestmark = pytest.mark.django_db

# Fixed ceilings (the counts at 5 teachers are asserted equal to the counts at 200 as well).
BATAS = {"persetujuan": 12, "penilaian_daftar": 13, "kirim": 13, "tetapkan": 13, "beranda_kepala": 11}


def _hitung(client, target) -> int:
    client.get(target)  # warm: session, templates
    with CaptureQueriesContext(connection) as q:
        res = client.get(target)
    assert res.status_code == 200, target
    return len(q)


def _pages(uji):
    s = uji.sekolah.pk
    return {
        "persetujuan": url("persetujuan", s),
        "penilaian_daftar": url("penilaian_daftar", s),
        "kirim": url("kirim", s),
        "tetapkan": url("tetapkan", s),
        "beranda_kepala": url("beranda"),
    }


@pytest.fixture
def dua_sekolah(katalog):
    hari(6, 10)
    instansi = f.InstansiFactory()
    wilayah = (instansi.provinsi, instansi.kabupaten, instansi)
    return sekolah_uji_build(5, wilayah=wilayah), sekolah_uji_build(200, wilayah=wilayah)


@pytest.mark.parametrize("n", [5, 200])
def test_principal_lists_through_the_page_stay_under_a_fixed_ceiling(
    katalog, django_assert_max_num_queries, n
):
    hari(6, 10)
    uji = sekolah_uji_build(n)
    client = Client()
    client.force_login(uji.kepala.user)
    for name, target in _pages(uji).items():
        client.get(target)
        with django_assert_max_num_queries(BATAS[name]):
            res = client.get(target)
        assert res.status_code == 200
    body = client.get(url("persetujuan", uji.sekolah.pk)).content.decode()
    assert body.count('name="setujui"') == sum(
        1 for i in range(n) if _KEADAAN[i % len(_KEADAAN)] == "diajukan"
    )


def test_principal_lists_run_the_same_queries_at_5_and_200_teachers(dua_sekolah):
    kecil, besar = dua_sekolah
    counts = []
    for uji in (kecil, besar):
        client = Client()
        client.force_login(uji.kepala.user)
        counts.append({name: _hitung(client, target) for name, target in _pages(uji).items()})
    assert counts[0] == counts[1]
    body = client.get(url("penilaian_daftar", besar.sekolah.pk)).content.decode()
    assert body.count('data-tipe="A"') + body.count('data-tipe="B"') == sum(
        1 for i in range(200) if _KEADAAN[i % len(_KEADAAN)] not in ("terjadwal", "selesai", "dinilai")
    )


def test_teacher_home_and_plan_pages_do_not_grow_with_the_school(dua_sekolah):
    counts = []
    for uji in dua_sekolah:
        guru = next(g for i, g in enumerate(uji.guru) if _KEADAAN[i % len(_KEADAAN)] == "disetujui")
        r = Rencana.objects.get(ptk=guru)
        client = Client()
        client.force_login(guru.user)
        counts.append(
            [_hitung(client, u) for u in (url("beranda"), url("rencana", r.pk), url("observasi", r.pk))]
        )
    assert counts[0] == counts[1]


def test_kepala_dinas_school_list_runs_the_same_queries_at_2_and_20_schools(katalog):
    hari(6, 10)
    counts = []
    for n in (2, 20):
        instansi = f.InstansiFactory()
        for _ in range(n):
            f.SekolahFactory(instansi=instansi)
        client = Client()
        client.force_login(buat_kadis(instansi))
        counts.append((_hitung(client, url("dinas_sekolah")), _hitung(client, url("dinas_rencana"))))
    assert counts[0] == counts[1]
