"""The e-Kinerja pages: access by role and instansi, the admin menus, #13, the log and its recap."""

from datetime import date

import pytest
from django.urls import reverse

from pmm.roles import Role
from sinkro.ekinerja import models as m
from sinkro.ekinerja import services
from tests import factories as f

from . import factories as ef
from .conftest import SYNC, guru_payload, kepala_payload

pytestmark = pytest.mark.django_db

E13 = "Pengguna PMM tidak dapat menambah SKP setelah tahun 2023, silahkan buat SKP di PMM/sinkrodata PMM"

ADMIN_PAGES = [
    "ekinerja:instansi",
    "ekinerja:unor_list",
    "ekinerja:pegawai_list",
    "ekinerja:user_pmm_list",
    "ekinerja:plt_list",
    "ekinerja:periode_list",
    "ekinerja:api_key_list",
    "ekinerja:log_list",
]


def admin_urls(w):
    log = services.skp_sync(raw_key=w.key, data=kepala_payload(w))  # one log row and one SKP
    log_id = log.body["log_id"]
    urls = [reverse(name, args=[w.instansi.pk]) for name in ADMIN_PAGES]
    urls += [
        reverse("ekinerja:unor_edit", args=[w.instansi.pk, w.sekolah.pk]),
        reverse("ekinerja:pegawai_detail", args=[w.instansi.pk, w.pegawai(w.guru).pk]),
        reverse("ekinerja:log_detail", args=[w.instansi.pk, log_id]),
    ]
    return urls


@pytest.fixture
def guru_user(dunia):
    return f.PTKFactory().user


def test_admin_instansi_opens_every_page_of_their_instansi(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    for url in admin_urls(dunia):
        response = client.get(url)
        assert response.status_code == 200, url
        assert dunia.instansi.nama in response.content.decode(), url


def test_admin_of_another_instansi_gets_404_and_sees_nothing(client, dunia, admin_lain):
    client.force_login(admin_lain)
    for url in admin_urls(dunia):
        response = client.get(url)
        assert response.status_code == 404, url
        assert dunia.guru.nama not in response.content.decode()


def test_guru_gets_403_on_admin_pages(client, dunia, guru_user):
    client.force_login(guru_user)
    for url in admin_urls(dunia):
        assert client.get(url).status_code == 403, url


def test_trainer_opens_every_instansi(client, dunia, trainer):
    client.force_login(trainer)
    for url in admin_urls(dunia):
        assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_login(client, dunia):
    for url in admin_urls(dunia) + [
        reverse("ekinerja:saya"),
        reverse("ekinerja:gangguan"),
        reverse("ekinerja:beranda"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url, url


def test_beranda_sends_an_admin_of_one_instansi_to_it(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    response = client.get(reverse("ekinerja:beranda"))
    assert response.status_code == 302
    assert response.url == reverse("ekinerja:instansi", args=[dunia.instansi.pk])


def test_garbled_ids_are_404(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    assert client.get(f"/ekinerja/instansi/{dunia.instansi.pk}/unor/%00/").status_code == 404
    assert client.get(f"/ekinerja/instansi/{dunia.instansi.pk}/unor/BUKAN-HEX/").status_code == 404
    assert client.get(f"/ekinerja/instansi/{dunia.instansi.pk}/log/99999999/").status_code == 404
    assert client.get("/ekinerja/instansi/99999999999999999999/").status_code == 404


# --- admin actions ----------------------------------------------------------------------------------


def test_admin_edits_a_unor_flags_parent_and_head(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:unor_edit", args=[dunia.instansi.pk, dunia.sekolah.pk])
    response = client.post(
        url, {"nama": "SDN 4 Pagi", "aktif_siasn": "on", "diatasan": "", "pemimpin_nip": dunia.guru.nip}
    )
    assert response.status_code == 302
    dunia.sekolah.refresh_from_db()
    assert (dunia.sekolah.nama, dunia.sekolah.aktif_ekinerja, dunia.sekolah.aktif_siasn) == (
        "SDN 4 Pagi",
        False,
        True,
    )
    assert dunia.sekolah.diatasan is None and dunia.sekolah.pemimpin == dunia.guru


def test_unor_cannot_become_its_own_ancestor(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:unor_edit", args=[dunia.instansi.pk, dunia.dinas.pk])
    response = client.post(
        url,
        {"nama": dunia.dinas.nama, "aktif_ekinerja": "on", "aktif_siasn": "on", "diatasan": dunia.sekolah.pk},
    )
    assert response.status_code == 400
    assert "tidak boleh unor ini sendiri" in response.content.decode()
    dunia.dinas.refresh_from_db()
    assert dunia.dinas.diatasan_id != dunia.sekolah.pk


def test_admin_of_another_instansi_cannot_change_anything(client, dunia, admin_lain):
    client.force_login(admin_lain)
    i = dunia.instansi.pk
    pegawai = dunia.pegawai(dunia.guru)
    posts = [
        (reverse("ekinerja:unor_edit", args=[i, dunia.sekolah.pk]), {"nama": "X"}),
        (reverse("ekinerja:pegawai_move", args=[i, pegawai.pk]), {"unor": dunia.sekolah2.pk}),
        (reverse("ekinerja:pegawai_remove", args=[i, pegawai.pk]), {}),
        (reverse("ekinerja:user_pmm_list", args=[i]), {"nip": "199001012015011001"}),
        (reverse("ekinerja:periode_toggle", args=[i, dunia.periode.pk]), {}),
        (reverse("ekinerja:api_key_revoke", args=[i, dunia.api_key.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    dunia.sekolah.refresh_from_db()
    assert dunia.sekolah.nama == "SD Negeri 4 Pagi"
    assert m.Pegawai.objects.get(pk=pegawai.pk).unor == dunia.sekolah
    assert not m.UserPmm.objects.filter(nip="199001012015011001").exists()
    assert m.Periode.objects.get(pk=dunia.periode.pk).dibuka
    assert m.ApiKey.objects.get(pk=dunia.api_key.pk).aktif


def test_guru_posting_to_an_admin_page_changes_nothing(client, dunia, guru_user):
    client.force_login(guru_user)
    url = reverse("ekinerja:user_pmm_list", args=[dunia.instansi.pk])
    response = client.post(url, {"nip": "199001012015011001"})
    assert response.status_code in (302, 403)
    assert not m.UserPmm.objects.filter(nip="199001012015011001").exists()


def test_admin_moves_a_pegawai_in_ekinerja_and_siasn_dated_today(client, dunia, admin_instansi):
    from pmm import clock

    client.force_login(admin_instansi)
    pegawai = dunia.pegawai(dunia.guru)
    response = client.post(
        reverse("ekinerja:pegawai_move", args=[dunia.instansi.pk, pegawai.pk]), {"unor": dunia.sekolah2.pk}
    )
    assert response.status_code == 302
    pegawai.refresh_from_db()
    dunia.guru.refresh_from_db()
    assert pegawai.unor == dunia.sekolah2 and dunia.guru.unor == dunia.sekolah2
    assert dunia.guru.tanggal_unor == clock.today()


def test_admin_adds_a_siasn_pns_as_pegawai_once(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    pns = dunia.pns(pegawai=False)
    url = reverse("ekinerja:pegawai_list", args=[dunia.instansi.pk])
    assert pns.nama in client.get(url).content.decode()  # listed as a candidate
    client.post(url, {"nip": pns.nip, "unor": dunia.sekolah.pk})
    assert m.Pegawai.objects.get(pns=pns).unor == dunia.sekolah
    response = client.post(url, {"nip": pns.nip, "unor": dunia.sekolah.pk}, follow=True)
    assert "sudah menjadi pegawai" in response.content.decode()
    assert m.Pegawai.objects.filter(pns=pns).count() == 1


def test_admin_cannot_add_a_pns_of_another_instansi(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    stranger = ef.PnsFactory()
    url = reverse("ekinerja:pegawai_list", args=[dunia.instansi.pk])
    response = client.post(url, {"nip": stranger.nip, "unor": dunia.sekolah.pk}, follow=True)
    assert "tidak termasuk instansi ini" in response.content.decode()
    assert not m.Pegawai.objects.filter(pns=stranger).exists()


def test_admin_manages_user_pmm_plt_and_periods(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    i = dunia.instansi.pk
    client.post(reverse("ekinerja:user_pmm_list", args=[i]), {"nip": " 199001012015011001 "})
    row = m.UserPmm.objects.get(instansi=dunia.instansi, nip="199001012015011001")
    client.post(reverse("ekinerja:user_pmm_remove", args=[i, row.pk]))
    assert not m.UserPmm.objects.filter(pk=row.pk).exists()

    client.post(reverse("ekinerja:plt_list", args=[i]), {"nip": dunia.guru.nip, "unor": dunia.sekolah2.pk})
    reg = m.PltRegistrasi.objects.get(pns=dunia.guru)
    assert reg.unor == dunia.sekolah2
    client.post(reverse("ekinerja:plt_remove", args=[i, reg.pk]))
    assert not m.PltRegistrasi.objects.exists()

    client.post(reverse("ekinerja:periode_list", args=[i]), {"tahun": 2025, "semester": 2})
    periode = m.Periode.objects.get(instansi=dunia.instansi, tahun=2025, semester=2)
    assert periode.dibuka
    client.post(reverse("ekinerja:periode_toggle", args=[i, periode.pk]))
    periode.refresh_from_db()
    assert not periode.dibuka


def test_a_new_api_key_is_shown_once_stored_hashed_and_revocable(client, dunia, admin_instansi, api):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:api_key_list", args=[dunia.instansi.pk])
    response = client.post(url, {"nama": "Integrasi PMM"})
    raw = response.context["new_key"]
    assert raw in response.content.decode()
    key = m.ApiKey.objects.get(nama="Integrasi PMM")
    assert key.key_hash != raw and raw not in key.key_hash
    assert raw not in client.get(url).content.decode()
    assert api(SYNC, kepala_payload(dunia), key=raw).status_code == 200
    client.post(reverse("ekinerja:api_key_revoke", args=[dunia.instansi.pk, key.pk]))
    response = api(SYNC, kepala_payload(dunia, key="kunci-lain-01"), key=raw)
    assert response.json()["message"] == "xApiKey does not exists in whitelist"


# --- fault injection page ------------------------------------------------------------------------------


def test_trainer_sets_and_clears_a_fault(client, trainer):
    client.force_login(trainer)
    url = reverse("ekinerja:gangguan")
    assert client.get(url).status_code == 200
    client.post(url, {"mode": "timeout", "persen": 50, "nip": "", "sisa": 3})
    row = m.Gangguan.objects.get()
    assert (row.mode, row.persen, row.sisa) == ("timeout", 50, 3)
    client.post(url, {"hapus": "1"})
    assert m.Gangguan.objects.get().mode == "none"


def test_fault_form_refuses_bad_input(client, trainer):
    client.force_login(trainer)
    response = client.post(reverse("ekinerja:gangguan"), {"mode": "meledak", "persen": 500})
    assert response.status_code == 400
    assert not m.Gangguan.objects.exists()


@pytest.mark.parametrize("who", ["admin_instansi", "guru_user"])
def test_only_trainers_inject_faults(client, dunia, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("ekinerja:gangguan")).status_code == 403
    client.post(reverse("ekinerja:gangguan"), {"mode": "500", "persen": 100})
    assert not m.Gangguan.objects.exists()


# --- the pegawai's own page and #13 ---------------------------------------------------------------------


def _login_as(client, pns):
    user = f.UserFactory(email=pns.email)
    client.force_login(user)
    return user


def test_pegawai_page_shows_the_sync_button_only_for_a_user_pmm(client, dunia):
    _login_as(client, dunia.guru)
    body = client.get(reverse("ekinerja:saya")).content.decode()
    assert 'data-testid="tombol-sinkron"' in body
    m.UserPmm.objects.filter(nip=dunia.guru.nip).delete()
    body = client.get(reverse("ekinerja:saya")).content.decode()
    assert 'data-testid="tombol-sinkron"' not in body
    assert 'data-testid="tanpa-tombol-sinkron"' in body


def test_account_unknown_to_siasn_is_told_so(client, dunia, guru_user):
    client.force_login(guru_user)
    response = client.get(reverse("ekinerja:saya"))
    assert response.status_code == 200
    assert "tidak terhubung dengan data PNS di SIASN" in response.content.decode()


def test_user_pmm_adding_an_skp_by_hand_after_2023_is_refused_with_13(client, dunia):
    _login_as(client, dunia.guru)
    response = client.post(
        reverse("ekinerja:saya_skp_tambah"),
        {"periode": "2024-1", "peran": "guru", "uraian": "RHK manual"},
        follow=True,
    )
    assert E13 in response.content.decode()
    assert not m.Skp.objects.exists()
    log = m.LogSinkron.objects.get()
    assert (log.kode, log.jenis, log.instansi_id) == ("E13", "skp_manual", dunia.instansi.id)


def test_non_user_pmm_or_2023_may_add_an_skp_by_hand(client, dunia):
    ef.PeriodeFactory(instansi=dunia.instansi, tahun=2023, semester=2)
    _login_as(client, dunia.guru)
    client.post(
        reverse("ekinerja:saya_skp_tambah"), {"periode": "2023-2", "peran": "guru", "uraian": "RHK 2023"}
    )
    assert m.Skp.objects.get(pegawai__pns=dunia.guru).sumber == "manual"
    m.UserPmm.objects.filter(nip=dunia.guru.nip).delete()
    client.post(
        reverse("ekinerja:saya_skp_tambah"), {"periode": "2024-1", "peran": "guru", "uraian": "RHK 2024"}
    )
    assert m.Skp.objects.filter(pegawai__pns=dunia.guru, periode__tahun=2024).count() == 1


def test_admin_sees_the_pegawai_page_read_only(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:pegawai_detail", args=[dunia.instansi.pk, dunia.pegawai(dunia.guru).pk])
    body = client.get(url).content.decode()
    assert dunia.guru.nip in body and 'data-testid="tombol-sinkron"' in body
    assert reverse("ekinerja:saya_skp_tambah") not in body


# --- the log and its recap -----------------------------------------------------------------------------


def _failures(dunia, api):
    api(SYNC, guru_payload(dunia, key="kunci-g-0001"), key=dunia.key)  # E15 → Kepala Sekolah
    api(SYNC, guru_payload(dunia, key="kunci-g-0002"), key=dunia.key)  # E15 again
    m.UserPmm.objects.filter(nip=dunia.kepala.nip).delete()
    api(SYNC, kepala_payload(dunia), key=dunia.key)  # E01 bukan_user_pmm → Admin Instansi
    services.user_pmm_add(instansi=dunia.instansi, nip=dunia.kepala.nip)
    body = kepala_payload(dunia, key="kunci-k-0002")
    body["sekolah"]["nama"] = "SDN 4 Pagi"
    api(SYNC, body, key=dunia.key)  # E04 A warning, success → Admin Instansi


def test_log_recap_per_code_and_actor(client, dunia, admin_instansi, api):
    _failures(dunia, api)
    client.force_login(admin_instansi)
    response = client.get(reverse("ekinerja:log_list", args=[dunia.instansi.pk]))
    recap = response.context["recap"]
    assert [(r["kode"], r["gagal"], r["peringatan"]) for r in recap["per_kode"]] == [
        ("E01", 1, 0),
        ("E04", 0, 1),
        ("E15", 2, 0),
    ]
    assert {r["aktor"]: r["jumlah"] for r in recap["per_aktor"]} == {"Kepala Sekolah": 2, "Admin Instansi": 2}
    assert recap["total"] == {"gagal": 3, "peringatan": 1}
    body = response.content.decode()
    assert 'data-kode="E15"' in body and 'data-aktor="Kepala Sekolah"' in body


def test_log_filters_narrow_the_list_and_the_recap(client, dunia, admin_instansi, api):
    _failures(dunia, api)
    client.force_login(admin_instansi)
    url = reverse("ekinerja:log_list", args=[dunia.instansi.pk])
    response = client.get(url, {"kode": "E15"})
    assert [log.kode for log in response.context["page"]] == ["E15", "E15"]
    assert [r["kode"] for r in response.context["recap"]["per_kode"]] == ["E15"]
    assert len(client.get(url, {"hasil": "peringatan"}).context["page"]) == 1
    assert len(client.get(url, {"nip": dunia.kepala.nip}).context["page"]) == 2
    assert len(client.get(url, {"aktor": "Kepala Sekolah"}).context["page"]) == 2
    assert client.get(url, {"tahun": "x\x00", "semester": "99999999999"}).status_code == 200


def test_log_detail_shows_sent_beside_held(client, dunia, admin_instansi, api):
    other = dunia.pns(nama="Bukan Kepala")
    api(SYNC, guru_payload(dunia, atasan={"nip": other.nip, "nama": other.nama}), key=dunia.key)
    log = m.LogSinkron.objects.get()
    client.force_login(admin_instansi)
    body = client.get(reverse("ekinerja:log_detail", args=[dunia.instansi.pk, log.pk])).content.decode()
    assert "Bukan Kepala" in body  # what PMM sent
    assert dunia.kepala.nama in body  # what e-Kinerja holds
    assert "Atasan Pegawai tidak sama dengan data PMM" in body
    comparison = client.get(reverse("ekinerja:log_detail", args=[dunia.instansi.pk, log.pk])).context[
        "perbandingan"
    ]
    differing = [label for label, _, _, beda in comparison if beda]
    assert differing == ["Atasan"]


def test_log_of_another_instansi_is_not_listed(client, dunia, admin_instansi, api):
    other = ef.PeriodeFactory().instansi
    _, raw = services.api_key_create(instansi=other, nama="lain")
    api(SYNC, guru_payload(dunia), key=raw)
    client.force_login(admin_instansi)
    response = client.get(reverse("ekinerja:log_list", args=[dunia.instansi.pk]))
    assert len(response.context["page"]) == 0


# --- query counts ----------------------------------------------------------------------------------------


def _grow(dunia, api, n):
    for i in range(n):
        pns = dunia.pns(unor=ef.UnorFactory(instansi=dunia.instansi, diatasan=dunia.dinas))
        pns.unor.pemimpin = dunia.kepala
        pns.unor.save()
        services.plt_add(instansi=dunia.instansi, nip=pns.nip, unor=dunia.sekolah2)
        services.skp_sync(raw_key=dunia.key, data=guru_payload(dunia, key=f"kunci-q-{i:04d}"))
        services.api_key_create(instansi=dunia.instansi, nama=f"k{i}")
        ef.PeriodeFactory(instansi=dunia.instansi, tahun=2000 + i, semester=1)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_list_pages_cost_the_same_queries_at_two_sizes(
    client, dunia, admin_instansi, api, name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_instansi)
    url = reverse(name, args=[dunia.instansi.pk])
    _grow(dunia, api, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(dunia, api, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_pegawai_page_is_reached_by_email_case_insensitively(client, dunia):
    dunia.guru.email = "Guru.Uji@Guru.SD.belajar.id"
    dunia.guru.save()
    client.force_login(f.UserFactory(email="guru.uji@guru.sd.belajar.id"))
    assert dunia.guru.nip in client.get(reverse("ekinerja:saya")).content.decode()


def test_home_menu_links_the_ekinerja_pages(client, dunia, admin_instansi, trainer):
    client.force_login(admin_instansi)
    assert reverse("ekinerja:beranda") in client.get(reverse("home")).content.decode()
    client.force_login(trainer)
    assert reverse("ekinerja:gangguan") in client.get(reverse("home")).content.decode()


def test_dates_of_the_guru_stay_untouched_by_viewing(client, dunia, admin_instansi):
    before = dunia.guru.tanggal_unor
    client.force_login(admin_instansi)
    client.get(reverse("ekinerja:pegawai_detail", args=[dunia.instansi.pk, dunia.pegawai(dunia.guru).pk]))
    dunia.guru.refresh_from_db()
    assert dunia.guru.tanggal_unor == before == date(2020, 1, 1)


def test_role_is_checked_not_just_login(client, dunia):
    user = f.UserFactory()
    f.grant(user, Role.KEPALA_DINAS, instansi=dunia.instansi)
    client.force_login(user)
    assert client.get(reverse("ekinerja:log_list", args=[dunia.instansi.pk])).status_code == 403


def test_admin_adds_a_unor_and_a_duplicate_npsn_is_refused(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:unor_list", args=[dunia.instansi.pk])
    client.post(url, {"nama": "SD Negeri 9 Baru", "npsn": "69999999", "diatasan": dunia.dinas.pk})
    unor = m.Unor.objects.get(npsn="69999999")
    assert (unor.nama, unor.diatasan, unor.instansi) == ("SD Negeri 9 Baru", dunia.dinas, dunia.instansi)
    assert len(unor.pk) == 32 and unor.pk == unor.pk.upper()
    response = client.post(url, {"nama": "Kembar", "npsn": "69999999"}, follow=True)
    assert "NPSN ini sudah dipakai" in response.content.decode()
    assert m.Unor.objects.filter(npsn="69999999").count() == 1


def test_a_period_cannot_be_created_twice(client, dunia, admin_instansi):
    client.force_login(admin_instansi)
    url = reverse("ekinerja:periode_list", args=[dunia.instansi.pk])
    response = client.post(url, {"tahun": 2024, "semester": 1}, follow=True)
    assert "Periode ini sudah ada" in response.content.decode()
    assert m.Periode.objects.filter(instansi=dunia.instansi, tahun=2024, semester=1).count() == 1
