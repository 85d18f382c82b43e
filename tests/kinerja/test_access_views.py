"""The access page, its API and the guard of the Pengelolaan Kinerja pages, for every role."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from dapodik.choices import JenisPTK, StatusKepegawaian, StatusSekolah
from kinerja.access import HasPengelolaanKinerja, require_pengelolaan_kinerja
from pmm.actors import actor_for
from pmm.errors import Forbidden
from pmm.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/kinerja/akses/"
API = "/api/v1/kinerja/akses/"


def test_urls_are_named():
    assert reverse("kinerja:akses") == PAGE
    assert reverse("api_kinerja_akses") == API


def _helpdesk_params(body: str) -> dict:
    start = body.index("/bantuan/tiket/baru/?")
    href = body[start : body.index('"', start)].replace("&amp;", "&")
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_guru_asn_is_told_they_may_use_and_sync(client, guru):
    client.force_login(guru.user)
    response = client.get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dapat menggunakan Pengelolaan Kinerja dan sinkron ke e-Kinerja" in body
    assert guru.nama in body
    assert "Syarat yang belum terpenuhi" not in body


def test_kepala_sekolah_is_told_they_may_use_and_sync(client, kepala):
    client.force_login(kepala.user)
    body = client.get(PAGE).content.decode()
    assert "Dapat menggunakan Pengelolaan Kinerja dan sinkron ke e-Kinerja" in body
    assert "Kepala Sekolah" in body


def test_operator_without_ptk_is_told_why(client, operator):
    client.force_login(operator)
    response = client.get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Belum dapat menggunakan Pengelolaan Kinerja" in body
    assert 'data-kode="tanpa_ptk"' in body
    assert "tidak terhubung dengan data PTK" in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("login") in response.url
    api = client.get(API)
    assert api.status_code in (401, 403)
    assert api.json()["code"] == "not_authenticated"


def test_non_asn_guru_sees_they_may_use_but_not_sync(client, sekolah):
    honor = f.PTKFactory(sekolah=sekolah, nip=None, status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH)
    client.force_login(honor.user)
    body = client.get(PAGE).content.decode()
    assert "tetapi tidak dapat sinkron ke e-Kinerja" in body
    assert 'data-kode="non_asn"' in body


def test_tenaga_administrasi_sees_the_failed_requirement_and_the_fix(client, sekolah):
    tas = f.PTKFactory(sekolah=sekolah, jenis_ptk=JenisPTK.TENAGA_ADMINISTRASI)
    client.force_login(tas.user)
    body = client.get(PAGE).content.decode()
    assert 'data-kode="jenis_ptk"' in body
    assert "Operator Sekolah memperbarui Jenis PTK di Dapodik" in body
    assert "Tenaga Administrasi Sekolah" in body


def test_page_shows_the_seed_checklist_and_the_helpdesk_information(client, guru):
    client.force_login(guru.user)
    body = client.get(PAGE).content.decode()
    for text in (
        "koneksi yang stabil",
        "Akun belajar.id",
        "minimal 1.47",
        "menu Pengaturan",
        "cache",
        "Jenis PTK (Jenis GTK)",
        "Status Kepegawaian",
        "8 jam kerja",
        "Laporkan ke Pusat Bantuan",
    ):
        assert text in body, text


def test_helpdesk_link_is_prefilled_with_the_context_of_the_refusal(client, sekolah):
    tas = f.PTKFactory(sekolah=sekolah, jenis_ptk=JenisPTK.LABORAN, email="lab@guru.sd.belajar.id")
    client.force_login(tas.user)
    body = client.get(PAGE, HTTP_X_PMM_APP_VERSION="1.46").content.decode()
    params = _helpdesk_params(body)
    assert params["email"] == "lab@guru.sd.belajar.id"
    assert set(params["kode"].split(",")) == {"jenis_ptk", "versi_aplikasi"}
    assert "1.46" in params["versi_aplikasi"]
    assert params["jenis_ptk"] == JenisPTK.LABORAN
    assert params["status_kepegawaian"] == StatusKepegawaian.PNS


def test_old_android_app_is_told_to_update_on_the_page(client, guru):
    client.force_login(guru.user)
    body = client.get(
        PAGE, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 12) MerdekaMengajar/1.46"
    ).content.decode()
    assert 'data-kode="versi_aplikasi"' in body
    assert "Perbarui aplikasi ke versi 1.47 atau lebih baru" in body


def test_garbled_version_header_is_a_message_not_a_500(client, guru):
    client.force_login(guru.user)
    response = client.get(PAGE, HTTP_X_PMM_APP_VERSION="versi-baru!!<b>")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-kode="versi_aplikasi_tidak_dikenal"' in body
    assert "<b>" not in body.split("Syarat yang belum terpenuhi")[1]
    api = client.get(API, HTTP_X_PMM_APP_VERSION="\x00\xff")
    assert api.status_code == 200
    assert api.json()["klien"]["versi_dikenali"] is False


def test_another_schools_guru_sees_only_their_own_data(client, guru):
    other = f.PTKFactory(status_kepegawaian=StatusKepegawaian.PPPK, nama="Guru Sekolah Lain")
    assert other.sekolah_id != guru.sekolah_id
    client.force_login(other.user)
    body = client.get(PAGE).content.decode()
    assert "Guru Sekolah Lain" in body
    assert guru.nama not in body and guru.sekolah.nama not in body
    data = client.get(API).json()
    assert data["ptk"]["nama"] == "Guru Sekolah Lain"
    assert data["ptk"]["npsn"] == other.sekolah.npsn


def test_another_schools_operator_sees_no_school_data(client, guru):
    sekolah_lain = f.SekolahFactory()
    user = f.UserFactory(email=f"operator.{sekolah_lain.npsn}@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=sekolah_lain)
    client.force_login(user)
    body = client.get(PAGE).content.decode()
    assert guru.nama not in body and guru.sekolah.nama not in body
    assert client.get(API).json()["ptk"] is None


def test_api_returns_the_same_result_as_the_rule(client, kepala):
    client.force_login(kepala.user)
    data = client.get(API).json()
    assert data["level"] == "penuh"
    assert data["boleh_akses"] is True and data["boleh_sinkro"] is True
    assert data["syarat_gagal"] == []
    assert data["ptk"]["jenis_ptk"] == JenisPTK.KEPALA_SEKOLAH
    assert data["versi_android_minimum"] == "1.47"


def test_api_for_operator_lists_the_missing_ptk(client, operator):
    client.force_login(operator)
    data = client.get(API).json()
    assert data["level"] == "ditolak"
    assert [s["kode"] for s in data["syarat_gagal"]] == ["tanpa_ptk"]
    assert data["syarat_gagal"][0]["perbaikan"]


def test_api_for_old_android_app(client, guru):
    client.force_login(guru.user)
    data = client.get(API, HTTP_X_PMM_APP_VERSION="1.46").json()
    assert data["level"] == "ditolak"
    assert data["syarat_gagal"][0]["kode"] == "versi_aplikasi"
    assert client.get(API, HTTP_X_PMM_APP_VERSION="2.0").json()["level"] == "penuh"


def test_api_accepts_token_authentication(client, guru):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=guru.user)
    data = client.get(API, HTTP_AUTHORIZATION=f"Token {token.key}").json()
    assert data["ptk"]["nama"] == guru.nama


def test_page_runs_a_fixed_number_of_queries(client, guru, django_assert_max_num_queries):
    client.force_login(guru.user)
    with django_assert_max_num_queries(8):
        assert client.get(PAGE).status_code == 200


def test_page_refuses_post(client, guru):
    client.force_login(guru.user)
    assert client.post(PAGE).status_code == 405


# The guard used by the cycle pages.


def _request(user, path="/kinerja/siklus/", **headers):
    request = RequestFactory().get(path, **headers)
    request.user = user or AnonymousUser()
    request.actor = actor_for(request.user)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@require_pengelolaan_kinerja
def _cycle_page(request):
    return HttpResponse(f"ok {request.akses_kinerja.level}")


def test_guard_lets_asn_guru_through_with_the_result(guru):
    response = _cycle_page(_request(guru.user))
    assert response.status_code == 200
    assert response.content == b"ok penuh"


def test_guard_lets_non_asn_through_without_sync(sekolah):
    honor = f.PTKFactory(sekolah=sekolah, nip=None, status_kepegawaian=StatusKepegawaian.GTT_PTT_KABKOTA)
    assert _cycle_page(_request(honor.user)).content == b"ok tanpa_sinkro"


def test_guard_sends_refused_users_to_the_access_page(operator, sekolah):
    swasta = f.SekolahFactory(status=StatusSekolah.SWASTA, instansi=None, kabupaten=sekolah.kabupaten)
    gty = f.PTKFactory(sekolah=swasta, nip=None, status_kepegawaian=StatusKepegawaian.GTY_PTY)
    for user in (operator, gty.user):
        response = _cycle_page(_request(user))
        assert response.status_code == 302
        assert response.url == PAGE


def test_guard_sends_old_android_app_to_the_access_page(guru):
    response = _cycle_page(_request(guru.user, HTTP_X_PMM_APP_VERSION="1.46"))
    assert response.status_code == 302 and response.url == PAGE


def test_guard_sends_anonymous_to_login():
    response = _cycle_page(_request(None))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_guard_answers_api_with_403_json(operator, guru):
    response = _cycle_page(_request(operator, path="/api/v1/kinerja/rencana/"))
    assert response.status_code == 403
    body = json.loads(response.content)
    assert body["code"] == "akses_kinerja_ditolak"
    assert body["detail"]["syarat_gagal"][0]["kode"] == "tanpa_ptk"
    assert _cycle_page(_request(guru.user, path="/api/v1/kinerja/rencana/")).status_code == 200
    assert _cycle_page(_request(None, path="/api/v1/kinerja/rencana/")).status_code == 401


def test_drf_permission_refuses_with_the_reason(operator, guru):
    permission = HasPengelolaanKinerja()
    with pytest.raises(Forbidden) as refused:
        permission.has_permission(_request(operator), None)
    assert refused.value.detail["syarat_gagal"][0]["kode"] == "tanpa_ptk"
    assert permission.has_permission(_request(guru.user), None) is True
    assert permission.has_permission(_request(None), None) is False
