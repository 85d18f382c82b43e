"""Every cycle page opened by every role, and by the same role of another school or region: allowed,
refused (403), not found (404, no leak), sent to the access page (non-pegawai without a Dinas role)
or to the login page (anonymous)."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.models import Peran
from kinerja.services import perencanaan
from pmm.roles import Role
from tests import factories as f

from .helpers import aktor, hari, nilai, rencana_lengkap, siap_dinilai
from .test_views_helpers import url

pytestmark = pytest.mark.django_db

ROLES = [
    "guru",
    "guru_sama",
    "guru_lain",
    "kepala",
    "kepala_lain",
    "kadis",
    "kadis_lain",
    "pengawas",
    "operator",
    "trainer",
    "anonim",
]


@dataclass
class Dunia:
    orang: dict
    r: object  # the teacher's plan: agreed, observation scheduled, rated as a draft
    r_kepala: object  # the principal's own plan, submitted to the Kepala Dinas
    sekolah: object
    sekolah_lain: object


@pytest.fixture
def dunia(wilayah, wilayah_lain):
    r = siap_dinilai(wilayah.guru[0], wilayah.kepala)
    hari(1, 20)
    rk = rencana_lengkap(wilayah.kepala, peran=Peran.KEPALA_SEKOLAH)
    perencanaan.rencana_submit(actor=aktor(wilayah.kepala), rencana=rk)
    hari(6, 10)
    nilai(r, wilayah.kepala, "sesuai", "di_atas")
    operator = f.UserFactory(email="operator.a@admin.sd.belajar.id")
    f.grant(operator, Role.OPERATOR_SEKOLAH, sekolah=wilayah.sekolah)
    trainer = f.UserFactory(email="pelatih@simulator-pmm.id", is_superuser=True, is_staff=True)
    orang = {
        "guru": wilayah.guru[0].user,
        "guru_sama": wilayah.guru[1].user,
        "guru_lain": wilayah_lain.guru[0].user,
        "kepala": wilayah.kepala.user,
        "kepala_lain": wilayah_lain.kepala.user,
        "kadis": wilayah.kadis,
        "kadis_lain": wilayah_lain.kadis,
        "pengawas": wilayah.pengawas,
        "operator": operator,
        "trainer": trainer,
        "anonim": None,
    }
    return Dunia(orang, r, rk, wilayah.sekolah, wilayah_lain.sekolah)


def buka(dunia, role, page):
    client = Client()
    if dunia.orang[role] is not None:
        client.force_login(dunia.orang[role])
    r, s = dunia.r, dunia.sekolah
    target = {
        "beranda": url("beranda"),
        "rencana": url("rencana", r.pk),
        "langkah": url("langkah", r.pk, 1),
        "observasi": url("observasi", r.pk),
        "bukti": url("bukti", r.pk),
        "penilaian": url("penilaian", r.pk),
        "predikat": url("predikat", r.pk),
        "pdf": url("pdf", r.pk),
        "riwayat": url("riwayat", r.pk),
        "persetujuan": url("persetujuan", s.pk),
        "penilaian_daftar": url("penilaian_daftar", s.pk),
        "kirim": url("kirim", s.pk),
        "tetapkan": url("tetapkan", s.pk),
        "dokumen_sekolah": url("dokumen_sekolah", s.pk),
        "dinas_sekolah": url("dinas_sekolah"),
        "dinas_rencana": url("dinas_rencana"),
        "pengawas": url("pengawas"),
        "rencana_kepala": url("rencana", dunia.r_kepala.pk),
    }[page]
    return client.get(target)


LOGIN, AKSES = "login", "akses"
_PLAN = {
    "guru": 200,
    "kepala": 200,
    "trainer": 200,
    "guru_sama": 404,
    "guru_lain": 404,
    "kepala_lain": 404,
    "kadis": 404,
    "kadis_lain": 404,
    "pengawas": 404,
    "operator": AKSES,
    "anonim": LOGIN,
}
_LIST = {
    "kepala": 200,
    "guru": 403,
    "guru_sama": 403,
    "guru_lain": 403,
    "kepala_lain": 403,
    "kadis": 403,
    "kadis_lain": 403,
    "pengawas": 403,
    "trainer": 403,
    "operator": AKSES,
    "anonim": LOGIN,
}
_DINAS = {role: 403 for role in ROLES} | {"kadis": 200, "kadis_lain": 200, "anonim": LOGIN}
EXPECTED = {
    "beranda": {role: 200 for role in ROLES} | {"operator": AKSES, "anonim": LOGIN},
    "rencana": _PLAN,
    "observasi": _PLAN,
    "bukti": _PLAN,
    "predikat": _PLAN,
    "riwayat": _PLAN,
    # The wizard is the pegawai's own: the atasan is sent to the plan, reviewers without a PTK refused.
    "langkah": _PLAN | {"kepala": 302, "trainer": 403, "kadis": 403, "kadis_lain": 403, "pengawas": 403},
    "penilaian": _PLAN | {"guru": 403},
    "pdf": _PLAN | {"guru": 400},
    "persetujuan": _LIST,
    "penilaian_daftar": _LIST,
    "kirim": _LIST,
    "tetapkan": _LIST,
    "dokumen_sekolah": _PLAN | {"guru_sama": 200, "kadis": 200},
    "dinas_sekolah": _DINAS,
    "dinas_rencana": _DINAS,
    "pengawas": {role: 403 for role in ROLES} | {"pengawas": 200, "anonim": LOGIN},
    "rencana_kepala": {role: 404 for role in ROLES}
    | {"kepala": 200, "kadis": 200, "trainer": 200, "operator": AKSES, "anonim": LOGIN},
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_every_page_for_every_role(dunia, page):
    got = {}
    for role in ROLES:
        res = buka(dunia, role, page)
        if res.status_code == 302 and "/masuk/" in res["Location"]:
            got[role] = LOGIN
        elif res.status_code == 302 and res["Location"] == url("akses"):
            got[role] = AKSES
        else:
            got[role] = res.status_code
    assert got == EXPECTED[page]


def test_a_refusal_page_says_why(dunia):
    res = buka(dunia, "guru", "persetujuan")
    assert "Daftar ini hanya untuk Kepala Sekolah sekolah tersebut." in res.content.decode()
    res = buka(dunia, "kadis", "tetapkan")
    assert "Halaman ini untuk guru dan kepala sekolah" in res.content.decode()


def test_lists_of_another_region_leak_nothing(dunia):
    teacher, school = dunia.r.ptk.nama, dunia.sekolah.nama
    assert school not in buka(dunia, "kadis_lain", "dinas_sekolah").content.decode()
    assert dunia.r_kepala.ptk.nama not in buka(dunia, "kadis_lain", "dinas_rencana").content.decode()
    assert school in buka(dunia, "kadis", "dinas_sekolah").content.decode()
    assert teacher not in buka(dunia, "kepala_lain", "beranda").content.decode()
    assert teacher not in buka(dunia, "guru_sama", "beranda").content.decode()
    assert "Sesuai Ekspektasi" not in buka(dunia, "guru_lain", "predikat").content.decode()


def test_the_teacher_sees_no_draft_rating_before_penetapan(dunia):
    body = buka(dunia, "guru", "predikat").content.decode()
    assert "Predikat belum ditetapkan" in body and "Di Atas Ekspektasi" not in body
    assert "Di Atas Ekspektasi" in buka(dunia, "kepala", "penilaian").content.decode()


def test_home_shows_each_role_its_work(dunia):
    kepala = buka(dunia, "kepala", "beranda").content.decode()
    assert "Sebagai atasan guru" in kepala and url("persetujuan", dunia.sekolah.pk) in kepala
    kadis = buka(dunia, "kadis", "beranda").content.decode()
    assert url("dinas_sekolah") in kadis and "Rencana kinerja saya" not in kadis
    assert url("pengawas") in buka(dunia, "pengawas", "beranda").content.decode()
    guru = buka(dunia, "guru", "beranda").content.decode()
    assert "Rencana kinerja saya" in guru and url("rencana", dunia.r.pk) in guru
    assert reverse("clock") in buka(dunia, "trainer", "beranda").content.decode()


def test_the_home_menu_links_the_dinas_and_pengawas_pages(dunia):
    for role, page in (("kadis", "dinas_sekolah"), ("kadis", "dinas_rencana"), ("pengawas", "pengawas")):
        client = Client()
        client.force_login(dunia.orang[role])
        assert url(page) in client.get("/").content.decode()
