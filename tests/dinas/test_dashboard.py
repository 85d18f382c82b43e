"""The dashboard pages, exports and API: who sees which region, no leak of another region's schools or
pegawai, keyset pagination, exports, and a query count that does not grow with the data."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dapodik.choices import JenisPTK, StatusKepegawaian
from kinerja.dinas import ekspor, rekap
from kinerja.dinas.keyset import cursor_encode
from pmm.roles import Role
from tests import factories as f
from tests.dinas.conftest import make_kepala, make_plan, make_ptk, make_sekolah

pytestmark = pytest.mark.django_db


def fill(region, periode, *, sekolah_per_kab=2, ptk_per_sekolah=3):
    """Schools with PTK and plans in kabupaten A1, A2 and B1, then one refresh."""
    made = {}
    for kab, pemkab in (
        (region.kab_a1, region.pemkab_a1),
        (region.kab_a2, region.pemkab_a2),
        (region.kab_b1, region.pemkab_b1),
    ):
        made[kab.kode] = []
        for s in range(sekolah_per_kab):
            sekolah = make_sekolah(kab, pemkab, nama=f"SD Negeri {s + 1:03d} {kab.nama}")
            make_kepala(sekolah)
            ptks = [make_ptk(sekolah, nama=f"Guru {kab.kode}-{s}-{i}") for i in range(ptk_per_sekolah)]
            for i, p in enumerate(ptks):
                make_plan(p, periode, ["draft", "diajukan", "disepakati"][i % 3])
            made[kab.kode].append((sekolah, ptks))
    rekap.rekap_refresh(periode=periode)
    return made


@pytest.fixture
def data(region, periode):
    return fill(region, periode)


def _sekolah(data, kode):
    return data[kode][0][0]


def _ptk(data, kode):
    return data[kode][0][1][0]


def urls(region, data):
    a1, b1 = _sekolah(data, "6101"), _sekolah(data, "6201")
    return {
        "nasional": reverse("dinas:nasional"),
        "prov_a": reverse("dinas:provinsi", args=["61"]),
        "prov_b": reverse("dinas:provinsi", args=["62"]),
        "kab_a1": reverse("dinas:kabupaten", args=["6101"]),
        "kab_a2": reverse("dinas:kabupaten", args=["6102"]),
        "kab_b1": reverse("dinas:kabupaten", args=["6201"]),
        "sekolah_list_nasional": reverse("dinas:sekolah_list_nasional"),
        "sekolah_list_prov_a": reverse("dinas:sekolah_list", args=["provinsi", "61"]),
        "sekolah_list_kab_b1": reverse("dinas:sekolah_list", args=["kabupaten", "6201"]),
        "pegawai_list_a1": reverse("dinas:pegawai_list", args=["6101"]),
        "pegawai_list_b1": reverse("dinas:pegawai_list", args=["6201"]),
        "sekolah_a1": reverse("dinas:sekolah", args=[a1.npsn]),
        "sekolah_b1": reverse("dinas:sekolah", args=[b1.npsn]),
        "pegawai_a1": reverse("dinas:pegawai", args=[_ptk(data, "6101").pk]),
        "pegawai_b1": reverse("dinas:pegawai", args=[_ptk(data, "6201").pk]),
        "ekspor_sekolah_a1": reverse("dinas:ekspor", args=["sekolah", "kabupaten", "6101", "csv"]),
        "ekspor_sekolah_b1": reverse("dinas:ekspor", args=["sekolah", "kabupaten", "6201", "csv"]),
        "ekspor_pegawai_a1_xlsx": reverse("dinas:ekspor", args=["pegawai", "kabupaten", "6101", "xlsx"]),
        "ekspor_pegawai_b1_xlsx": reverse("dinas:ekspor", args=["pegawai", "kabupaten", "6201", "xlsx"]),
        "ekspor_pegawai_sekolah_a1": reverse("dinas:ekspor", args=["pegawai", "sekolah", a1.npsn, "csv"]),
        "ekspor_pegawai_sekolah_b1": reverse("dinas:ekspor", args=["pegawai", "sekolah", b1.npsn, "csv"]),
        "ekspor_prov_a": reverse("dinas:ekspor", args=["sekolah", "provinsi", "61", "csv"]),
        "ekspor_nasional": reverse("dinas:ekspor", args=["sekolah", "nasional", "-", "csv"]),
        "api_kab_a1": reverse("api_dinas_dashboard") + "?tingkat=kabupaten&kode=6101",
        "api_kab_b1": reverse("api_dinas_dashboard") + "?tingkat=kabupaten&kode=6201",
        "api_prov_a": reverse("api_dinas_dashboard") + "?tingkat=provinsi&kode=61",
        "api_nasional": reverse("api_dinas_dashboard") + "?tingkat=nasional",
        "api_sekolah_list_a1": reverse("api_dinas_sekolah_list") + "?tingkat=kabupaten&kode=6101",
        "api_sekolah_list_b1": reverse("api_dinas_sekolah_list") + "?tingkat=kabupaten&kode=6201",
        "api_sekolah_a1": reverse("api_dinas_sekolah", args=[a1.npsn]),
        "api_sekolah_b1": reverse("api_dinas_sekolah", args=[b1.npsn]),
        "api_pegawai_list_a1": reverse("api_dinas_pegawai_list") + "?kabupaten=6101",
        "api_pegawai_list_b1": reverse("api_dinas_pegawai_list") + "?kabupaten=6201",
        "api_pegawai_list_sekolah_b1": reverse("api_dinas_pegawai_list") + f"?sekolah={b1.npsn}",
        "api_pegawai_a1": reverse("api_dinas_pegawai", args=[_ptk(data, "6101").pk]),
        "api_pegawai_b1": reverse("api_dinas_pegawai", args=[_ptk(data, "6201").pk]),
    }


ALL = None  # every URL allowed
# Allowed URL names per PIC; every other URL answers 403 (region) or 404 (school/pegawai).
PIC_A1_ALLOWED = {
    "kab_a1", "pegawai_list_a1", "sekolah_a1", "pegawai_a1", "ekspor_sekolah_a1", "ekspor_pegawai_a1_xlsx",
    "ekspor_pegawai_sekolah_a1", "api_kab_a1", "api_sekolah_list_a1", "api_sekolah_a1", "api_pegawai_list_a1",
    "api_pegawai_a1",
}  # fmt: skip
PIC_PROV_A_ALLOWED = PIC_A1_ALLOWED | {
    "prov_a",
    "kab_a2",
    "sekolah_list_prov_a",
    "ekspor_prov_a",
    "api_prov_a",
}
PIC_B1_ALLOWED = {
    "kab_b1", "pegawai_list_b1", "sekolah_b1", "pegawai_b1", "ekspor_sekolah_b1", "ekspor_pegawai_b1_xlsx",
    "ekspor_pegawai_sekolah_b1", "api_kab_b1", "api_sekolah_list_b1", "api_sekolah_b1", "api_pegawai_list_b1",
    "api_pegawai_list_sekolah_b1", "api_pegawai_b1", "sekolah_list_kab_b1",
}  # fmt: skip


def _check_matrix(client, user, allowed, region, data):
    client.force_login(user)
    for name, url in urls(region, data).items():
        response = client.get(url)
        if allowed is ALL or name in allowed:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code in (403, 404), (name, response.status_code)
            # The refusal says nothing about the other region's schools or pegawai.
            body = b"".join(response.streaming_content) if response.streaming else response.content
            for kode in data:
                if (name.endswith("b1") and kode == "6201") or (name.endswith("a1") and kode == "6101"):
                    for sekolah, ptks in data[kode]:
                        assert sekolah.nama.encode() not in body, name
                        assert ptks[0].nama.encode() not in body, name


def test_pic_of_a_kabupaten_sees_only_its_kabupaten(client, region, data, pic_a1):
    _check_matrix(client, pic_a1, PIC_A1_ALLOWED, region, data)


def test_pic_of_another_kabupaten_sees_only_that_one(client, region, data, pic_b1):
    _check_matrix(client, pic_b1, PIC_B1_ALLOWED, region, data)


def test_pic_of_a_provinsi_sees_its_kabupaten_but_not_another_provinsi(client, region, data, pic_prov_a):
    _check_matrix(client, pic_prov_a, PIC_PROV_A_ALLOWED, region, data)


def test_admin_pusat_and_trainer_see_everything(client, region, data, admin_pusat, trainer):
    _check_matrix(client, admin_pusat, ALL, region, data)
    _check_matrix(client, trainer, ALL, region, data)


@pytest.mark.parametrize("who", ["guru", "operator", "kepala_dinas"])
def test_other_roles_are_sent_to_the_access_page_and_refused_by_the_api(
    client, region, data, who, guru, operator
):
    user = {"guru": lambda: guru.user, "operator": lambda: operator}.get(who, lambda: None)()
    if user is None:
        user = f.UserFactory(email="kadis@dinas.belajar.id")
        f.grant(user, Role.KEPALA_DINAS, instansi=region.pemkab_a1)
    client.force_login(user)
    for name, url in urls(region, data).items():
        response = client.get(url)
        if name.startswith("api_"):
            assert response.status_code == 403, name
            assert response.json()["code"] == "bukan_pic_dinas"
        else:
            assert response.status_code == 302 and response.url == reverse("dinas:akses"), name


def test_anonymous_is_sent_to_login(client, region, data):
    for name, url in urls(region, data).items():
        response = client.get(url)
        if name.startswith("api_"):
            assert response.status_code in (401, 403), name
        else:
            assert response.status_code == 302 and reverse("login") in response.url, name


def test_kabupaten_page_lists_its_schools_and_no_others(client, region, data, pic_a1, settings):
    settings.DINAS_SINKRO_PROVIDER = ""  # the section without a sync-error source
    client.force_login(pic_a1)
    body = client.get(reverse("dinas:kabupaten", args=["6101"])).content.decode()
    for sekolah, _ in data["6101"]:
        assert sekolah.nama in body
    for kode in ("6102", "6201"):
        for sekolah, _ in data[kode]:
            assert sekolah.nama not in body
    assert "Diperbarui pada" in body or "diperbarui pada" in body
    assert "Belum tersedia" in body  # no sync-error source configured


def test_exports_hold_only_the_region_rows(client, region, data, pic_a1):
    client.force_login(pic_a1)
    response = client.get(reverse("dinas:ekspor", args=["pegawai", "kabupaten", "6101", "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ekspor.pegawai_header()
    expected = {p.nama for _, ptks in data["6101"] for p in ptks} | {
        s.penugasan_kepala.get().ptk.nama for s, _ in data["6101"]
    }
    assert {r[1] for r in rows[1:]} == expected

    response = client.get(reverse("dinas:ekspor", args=["sekolah", "kabupaten", "6101", "xlsx"]))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    values = list(wb.active.iter_rows(values_only=True))
    assert values[0][:2] == ("NPSN", "Nama sekolah")
    assert {v[0] for v in values[1:]} == {s.npsn for s, _ in data["6101"]}


def test_xlsx_larger_than_a_sheet_is_refused_with_a_message(client, region, data, admin_pusat, monkeypatch):
    monkeypatch.setattr(ekspor, "XLSX_MAKS_BARIS", 3)
    client.force_login(admin_pusat)
    response = client.get(reverse("dinas:ekspor", args=["pegawai", "kabupaten", "6101", "xlsx"]))
    assert response.status_code == 400
    assert "Gunakan ekspor CSV" in response.content.decode()


def test_csv_cells_cannot_inject_formulas(client, region, periode, admin_pusat):
    sekolah = make_sekolah(region.kab_a1, region.pemkab_a1, nama="=HYPERLINK(1)")
    make_ptk(sekolah, nama="@SUM(A1)")
    rekap.rekap_refresh(periode=periode)
    client.force_login(admin_pusat)
    text = b"".join(
        client.get(
            reverse("dinas:ekspor", args=["pegawai", "sekolah", sekolah.npsn, "csv"])
        ).streaming_content
    ).decode("utf-8-sig")
    assert "'@SUM(A1)" in text and "'=HYPERLINK(1)" in text


def test_keyset_pages_walk_every_school_once_in_name_order(client, region, periode, pic_a1):
    names = [
        make_sekolah(region.kab_a1, region.pemkab_a1, nama=f"SD Negeri {i:03d}").nama for i in range(120)
    ]
    make_sekolah(region.kab_b1, region.pemkab_b1, nama="SD Negeri 050 B1")
    rekap.rekap_refresh(periode=periode)
    client.force_login(pic_a1)
    seen, url, pages = [], reverse("dinas:kabupaten", args=["6101"]), 0
    while url:
        response = client.get(url)
        halaman = response.context["halaman"]
        seen += [r.nama for r in halaman.rows]
        pages += 1
        url = (
            f"{reverse('dinas:kabupaten', args=['6101'])}?setelah={halaman.next_cursor}"
            if halaman.has_next
            else None
        )
    assert pages == 3
    assert seen == sorted(names)


def test_api_keyset_follows_the_cursor(client, region, periode, pic_a1):
    for i in range(60):
        make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1, nama=f"SD {i:03d}"))
    rekap.rekap_refresh(periode=periode)
    client.force_login(pic_a1)
    base = reverse("api_dinas_sekolah_list") + "?tingkat=kabupaten&kode=6101"
    first = client.get(base).json()
    second = client.get(f"{base}&setelah={first['setelah']}").json()
    assert len(first["hasil"]) == 50 and len(second["hasil"]) == 10 and second["setelah"] is None
    assert [s["nama"] for s in first["hasil"] + second["hasil"]] == [f"SD {i:03d}" for i in range(60)]


@pytest.mark.parametrize(
    "cursor", ["bukan-base64!!", cursor_encode(("x",)), cursor_encode(("x", "y")), "e30"]
)
def test_tampered_cursor_is_refused_without_a_500(client, region, data, pic_a1, cursor):
    client.force_login(pic_a1)
    response = client.get(reverse("dinas:kabupaten", args=["6101"]) + f"?setelah={cursor}")
    assert response.status_code == 400
    assert "Tautan halaman tidak valid" in response.content.decode()
    response = client.get(
        reverse("api_dinas_sekolah_list") + f"?tingkat=kabupaten&kode=6101&setelah={cursor}"
    )
    assert response.status_code == 400 and response.json()["code"] == "kursor_tidak_valid"


def test_bad_filters_and_periods_never_give_a_500(client, region, data, pic_a1):
    client.force_login(pic_a1)
    base = reverse("dinas:kabupaten", args=["6101"])
    assert client.get(base + "?jenjang=XYZ&masalah=<script>").status_code == 200
    assert client.get(base + "?periode=abc").status_code == 404
    assert client.get(reverse("dinas:pegawai_list", args=["6101"]) + "?rencana=zzz").status_code == 200
    assert client.get(reverse("dinas:kabupaten", args=["9999"])).status_code == 404
    assert client.get(reverse("dinas:sekolah", args=["00000000"])).status_code == 404
    assert client.get(reverse("api_dinas_dashboard") + "?tingkat=planet").status_code == 404


def test_filters_narrow_the_pegawai_list(client, region, periode, pic_a1):
    sekolah = make_sekolah(region.kab_a1, region.pemkab_a1)
    make_kepala(sekolah)
    honorer = make_ptk(sekolah, status=StatusKepegawaian.GURU_HONOR_SEKOLAH, nama="Honorer Satu")
    tu = make_ptk(sekolah, jenis=JenisPTK.TENAGA_ADMINISTRASI, nama="Staf TU")
    draf = make_ptk(sekolah, nama="Guru Draf")
    make_plan(draf, periode, "draft")
    rekap.rekap_refresh(periode=periode)
    client.force_login(pic_a1)
    base = reverse("dinas:sekolah", args=[sekolah.npsn])

    def names(query):
        return {r.nama for r in client.get(base + query).context["halaman"].rows}

    assert names("?masalah=non_asn") == {honorer.nama}
    assert names("?masalah=tidak_layak") == {tu.nama}
    assert names("?rencana=draft") == {draf.nama}
    assert draf.nama not in names("?rencana=belum") and honorer.nama in names("?rencana=belum")


# ---------------------------------------------------------------------------------------------
# Query counts: the same at two sizes (the pages read aggregates and one page of rows).


def _pages(region, small_data):
    a1 = _sekolah(small_data, "6101")
    return [
        reverse("dinas:nasional"),
        reverse("dinas:provinsi", args=["61"]),
        reverse("dinas:kabupaten", args=["6101"]),
        reverse("dinas:sekolah_list", args=["provinsi", "61"]),
        reverse("dinas:pegawai_list", args=["6101"]),
        reverse("dinas:sekolah", args=[a1.npsn]),
        reverse("dinas:pegawai", args=[_ptk(small_data, "6101").pk]),
        reverse("api_dinas_dashboard") + "?tingkat=kabupaten&kode=6101",
        reverse("api_dinas_sekolah_list") + "?tingkat=provinsi&kode=61",
        reverse("api_dinas_pegawai_list") + "?kabupaten=6101",
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_query_count_is_the_same_at_two_sizes(
    client, region, periode, admin_pusat, django_assert_max_num_queries
):
    small = fill(region, periode, sekolah_per_kab=1, ptk_per_sekolah=2)
    client.force_login(admin_pusat)
    pages = _pages(region, small)
    counts_small = [_count(client, url) for url in pages]

    fill(region, periode, sekolah_per_kab=30, ptk_per_sekolah=8)  # 90 schools, 800 PTK more
    counts_large = [_count(client, url) for url in pages]
    assert counts_large == counts_small
    for url in pages:
        with django_assert_max_num_queries(12):
            client.get(url)


def test_provinsi_pegawai_export_walks_every_kabupaten_of_the_provinsi_only(client, region, data, pic_prov_a):
    client.force_login(pic_prov_a)
    response = client.get(reverse("dinas:ekspor", args=["pegawai", "provinsi", "61", "csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    npsn = {r[2] for r in rows}
    expected = {s.npsn for kode in ("6101", "6102") for s, _ in data[kode]}
    assert npsn == expected
    assert len(rows) == sum(len(ptks) + 1 for kode in ("6101", "6102") for _, ptks in data[kode])


def test_pegawai_transferred_out_of_the_region_is_no_longer_shown(client, region, data, pic_a1):
    ptk = _ptk(data, "6101")
    ptk.sekolah = _sekolah(data, "6201")
    ptk.save()  # no refresh yet: the rekap still places them in A1
    client.force_login(pic_a1)
    assert client.get(reverse("dinas:pegawai", args=[ptk.pk])).status_code == 404
    assert ptk.sekolah.nama not in client.get(reverse("dinas:pegawai", args=[ptk.pk])).content.decode()


def test_api_details_of_a_school_and_a_pegawai(client, region, data, pic_a1, settings):
    settings.DINAS_SINKRO_PROVIDER = ""
    client.force_login(pic_a1)
    sekolah, ptks = data["6101"][0]
    body = client.get(reverse("api_dinas_sekolah", args=[sekolah.npsn])).json()
    assert body["npsn"] == sekolah.npsn and body["angka"]["pegawai"] == len(ptks) + 1
    assert body["sinkro"] == {"tersedia": False}
    body = client.get(reverse("api_dinas_pegawai", args=[ptks[0].pk])).json()
    assert body["nama"] == ptks[0].nama and body["rencana"] == "draft" and body["layak"] is True
    listing = client.get(reverse("api_dinas_pegawai_list") + f"?sekolah={sekolah.npsn}").json()
    assert {p["ptk_id"] for p in listing["hasil"]} >= {p.pk for p in ptks}


def test_only_admin_pusat_queues_a_refresh(client, region, data, pic_a1, admin_pusat, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "kinerja.dinas.tasks.rekap_refresh_task.apply_async", lambda args, countdown: sent.append(countdown)
    )
    client.force_login(pic_a1)
    assert client.post(reverse("dinas:rekap_segarkan")).status_code == 302  # back with an error message
    assert client.post(reverse("api_dinas_rekap_segarkan")).status_code == 403
    from kinerja.dinas.models import RekapStatus

    assert RekapStatus.objects.get().diminta_pada is None
    client.force_login(admin_pusat)
    assert client.post(reverse("api_dinas_rekap_segarkan")).json() == {"diantrekan": True}
    assert RekapStatus.objects.get().diminta_pada is not None


def test_rekap_command_rebuilds_now(region, periode):
    from io import StringIO

    from django.core.management import call_command

    make_ptk(make_sekolah(region.kab_a1, region.pemkab_a1))
    out = StringIO()
    call_command("rekap_dinas", stdout=out)
    assert "1 pegawai" in out.getvalue()
    call_command("rekap_dinas", "--periode", periode.kode, stdout=out)
    with pytest.raises(Exception, match="Format periode"):
        call_command("rekap_dinas", "--periode", "kemarin")
