"""Dapodik API: access by every role, error bodies, behaviour, query count and the OpenAPI schema."""

from datetime import date

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dapodik.choices import JenisPenugasan, StatusVerval
from dapodik.models import PTK, Mutasi, PenugasanKepalaSekolah, VervalPtk
from pmm import clock
from tests import factories as f
from tests.dapodik.helpers import dukcapil_for, nip_for, ptk_data

pytestmark = pytest.mark.usefixtures("hari_ini")

API = "/api/v1/dapodik"
ROLES = ["guru", "kepala", "operator", "operator_lain", "admin_instansi", "trainer", "pic_dinas", "anonim"]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def ptk_lain(sekolah_lain):
    return f.PTKFactory(sekolah=sekolah_lain, nama="Rahasia Sekolah Lain")


@pytest.fixture
def as_role(request, api, guru, kepala, ptk_lain):
    def _as(name):
        api.force_authenticate(None)
        if name != "anonim":
            user = request.getfixturevalue(name)
            api.force_authenticate(getattr(user, "user", user))
        return api

    return _as


def _error_body(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    if code:
        assert body["code"] == code
    return body


def _json(data):
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


# --- access matrix --------------------------------------------------------------------------------

# Which PTK names each role sees in GET /ptk/ (guru: g, kepala: k, PTK of the other school: x).
PTK_LIST_SCOPE = {
    "guru": {"g"},
    "kepala": {"k"},
    "operator": {"g", "k"},
    "operator_lain": {"x"},
    "admin_instansi": {"g", "k"},
    "trainer": {"g", "k", "x"},
    "pic_dinas": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_ptk_list_is_scoped_by_role(as_role, role, guru, kepala, ptk_lain):
    response = as_role(role).get(f"{API}/ptk/")
    if role == "anonim":
        _error_body(response, 403, "not_authenticated")
        return
    assert response.status_code == 200
    names = {row["nama"] for row in response.json()["results"]}
    by_key = {"g": guru.nama, "k": kepala.nama, "x": ptk_lain.nama}
    assert names == {by_key[k] for k in PTK_LIST_SCOPE[role]}


DETAIL = {
    "guru": 200,
    "kepala": 404,
    "operator": 200,
    "operator_lain": 404,
    "admin_instansi": 200,
    "trainer": 200,
    "pic_dinas": 404,
    "anonim": 403,
}
WRITE = {**DETAIL, "guru": 403, "admin_instansi": 403}


@pytest.mark.parametrize("role", ROLES)
def test_ptk_detail_access(as_role, role, guru):
    response = as_role(role).get(f"{API}/ptk/{guru.pk}/")
    if DETAIL[role] == 200:
        assert response.json()["nik"] == guru.nik
    else:
        body = _error_body(response, DETAIL[role])
        assert guru.nik not in str(body)


@pytest.mark.parametrize("role", ROLES)
def test_ptk_patch_access(as_role, role, guru):
    response = as_role(role).patch(f"{API}/ptk/{guru.pk}/", {"nama": "Diubah Lewat API"}, format="json")
    guru.refresh_from_db()
    if WRITE[role] == 200:
        assert response.status_code == 200
        assert response.json()["nama"] == guru.nama == "Diubah Lewat API"
    else:
        _error_body(response, WRITE[role])
        assert guru.nama != "Diubah Lewat API"


@pytest.mark.parametrize("role", ROLES)
def test_ptk_create_access(as_role, role, sekolah):
    response = as_role(role).post(f"{API}/ptk/", _json({**ptk_data(), "sekolah": sekolah.pk}), format="json")
    # the guru and kepala see their school (404 would hide nothing), so they are refused with 403
    expected = {**WRITE, "kepala": 403}[role]
    if expected == 200:
        assert response.status_code == 201
        assert response.json()["sekolah"]["id"] == sekolah.pk
    else:
        _error_body(response, expected)
        assert not PTK.objects.filter(nama="Siti Rahmawati").exists()


@pytest.mark.parametrize("role", ROLES)
def test_transfer_access(as_role, role, guru, sekolah_lain):
    response = as_role(role).post(
        f"{API}/ptk/{guru.pk}/mutasi/", {"npsn_tujuan": sekolah_lain.npsn, "tanggal_efektif": "2025-04-01"}
    )
    if WRITE[role] == 200:
        assert response.status_code == 201
        assert response.json()["sekolah_tujuan"]["npsn"] == sekolah_lain.npsn
    else:
        _error_body(response, WRITE[role])
        assert not Mutasi.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_verval_submit_access(as_role, role, guru):
    dukcapil_for(guru)
    response = as_role(role).post(f"{API}/ptk/{guru.pk}/verval/", {"nip_baru": nip_for(guru)})
    if WRITE[role] == 200:
        assert response.status_code == 201
        assert response.json()["status"] == StatusVerval.DISETUJUI
    else:
        _error_body(response, WRITE[role])
        assert not VervalPtk.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_verval_list_is_scoped(as_role, role, guru, ptk_lain):
    for ptk in (guru, ptk_lain):
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    response = as_role(role).get(f"{API}/verval/")
    if role == "anonim":
        _error_body(response, 403)
        return
    seen = {row["ptk"]["nama"] for row in response.json()["results"]}
    expected = {k for k in PTK_LIST_SCOPE[role] if k != "k"}
    assert seen == {{"g": guru.nama, "x": ptk_lain.nama}[k] for k in expected}


SEKOLAH_SCOPE = {
    "guru": {"s"},
    "kepala": {"s"},
    "operator": {"s"},
    "operator_lain": {"l"},
    "admin_instansi": {"s"},
    "trainer": {"s", "l"},
    "pic_dinas": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_sekolah_list_and_detail_are_scoped(as_role, role, sekolah, sekolah_lain):
    client = as_role(role)
    response = client.get(f"{API}/sekolah/")
    detail = client.get(f"{API}/sekolah/{sekolah.pk}/")
    if role == "anonim":
        _error_body(response, 403)
        _error_body(detail, 403)
        return
    npsn = {row["npsn"] for row in response.json()["results"]}
    assert npsn == {{"s": sekolah.npsn, "l": sekolah_lain.npsn}[k] for k in SEKOLAH_SCOPE[role]}
    if "s" in SEKOLAH_SCOPE[role]:
        assert detail.json()["npsn"] == sekolah.npsn
    else:
        _error_body(detail, 404, "not_found")


@pytest.mark.parametrize("role", ROLES)
def test_kepala_assign_and_end_access(as_role, role, sekolah, kepala, guru):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    client = as_role(role)
    ended = client.post(f"{API}/kepala/{penugasan.pk}/akhiri/", {"tanggal_selesai": "2025-03-09"})
    assigned = client.post(
        f"{API}/sekolah/{sekolah.pk}/kepala/",
        {"jenis": JenisPenugasan.PLT, "ptk": guru.pk, "tanggal_mulai": "2025-03-10"},
    )
    expected = {**WRITE, "kepala": 403}[role]
    if expected == 200:
        assert ended.status_code == 200 and ended.json()["tanggal_selesai"] == "2025-03-09"
        assert assigned.status_code == 201 and assigned.json()["ptk"]["id"] == guru.pk
    else:
        _error_body(ended, expected)
        _error_body(assigned, expected)
        penugasan.refresh_from_db()
        assert penugasan.tanggal_selesai is None
        assert not PenugasanKepalaSekolah.objects.filter(ptk=guru).exists()


@pytest.mark.parametrize("role", ROLES)
def test_kepala_list_access(as_role, role, sekolah, kepala):
    response = as_role(role).get(f"{API}/sekolah/{sekolah.pk}/kepala/")
    if role == "anonim":
        _error_body(response, 403)
    elif "s" in SEKOLAH_SCOPE[role]:
        assert [row["ptk"]["nama"] for row in response.json()["results"]] == [kepala.nama]
    else:
        _error_body(response, 404)


# --- behaviour and errors -------------------------------------------------------------------------


def test_create_refusal_carries_per_field_detail(api, operator, sekolah):
    api.force_authenticate(operator)
    response = api.post(
        f"{API}/ptk/",
        _json({**ptk_data(jenis_kelamin="L", email="x@gmail.com"), "sekolah": sekolah.pk}),
        format="json",
    )
    body = _error_body(response, 400, "ptk_invalid")
    assert "nik" in body["detail"] and "nip" in body["detail"] and "email" in body["detail"]
    assert body["message"] == body["detail"]["nik"][0]


def test_unparseable_input_is_a_400_with_the_error_body(api, operator, sekolah, guru):
    api.force_authenticate(operator)
    response = api.post(f"{API}/ptk/", {"sekolah": "abc", "tanggal_lahir": "31-02-1988"}, format="json")
    body = _error_body(response, 400, "invalid")
    assert {"sekolah", "tanggal_lahir", "nama"} <= set(body["detail"])
    _error_body(api.post(f"{API}/ptk/{guru.pk}/verval/", "{bukan json", content_type="application/json"), 400)
    _error_body(api.patch(f"{API}/ptk/{guru.pk}/", {"nama": "a\x00b"}, format="json"), 400)
    assert api.get(f"{API}/ptk/", {"q": "\x00", "sekolah": "abc", "jenis_ptk": "\x00"}).status_code == 200


def test_patch_changes_only_the_fields_sent(api, operator, guru):
    api.force_authenticate(operator)
    before = PTK.objects.values().get(pk=guru.pk)
    response = api.patch(f"{API}/ptk/{guru.pk}/", {"jenis_ptk": "guru_mapel"}, format="json")
    assert response.status_code == 200
    after = PTK.objects.values().get(pk=guru.pk)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"jenis_ptk", "updated_at"}


def test_patch_of_a_recorded_nip_is_refused(api, operator, guru):
    api.force_authenticate(operator)
    body = _error_body(api.patch(f"{API}/ptk/{guru.pk}/", {"nip": nip_for(guru)}, format="json"), 400)
    assert "Verval PTK" in body["detail"]["nip"][0]


def test_verval_mismatch_is_recorded_as_rejected(api, operator, guru):
    dukcapil_for(guru, tanggal_lahir=date(1960, 1, 1))
    api.force_authenticate(operator)
    response = api.post(f"{API}/ptk/{guru.pk}/verval/", {"nip_baru": nip_for(guru)})
    assert response.status_code == 201
    assert response.json()["status"] == StatusVerval.DITOLAK
    assert response.json()["alasan"] == "data tidak sesuai dengan Dukcapil"
    history = api.get(f"{API}/ptk/{guru.pk}/verval/").json()["results"]
    assert [row["status"] for row in history] == [StatusVerval.DITOLAK]


def test_verval_format_error_is_a_400_without_a_row(api, operator, guru):
    api.force_authenticate(operator)
    body = _error_body(api.post(f"{API}/ptk/{guru.pk}/verval/", {"nip_baru": "123"}), 400, "nip_invalid")
    assert body["detail"]["nip_baru"] == ["NIP harus 18 digit (saat ini 3 digit)."]
    assert not VervalPtk.objects.exists()


def test_transfer_to_an_unknown_npsn_is_refused(api, operator, guru):
    api.force_authenticate(operator)
    body = _error_body(
        api.post(
            f"{API}/ptk/{guru.pk}/mutasi/", {"npsn_tujuan": "00000000", "tanggal_efektif": "2025-04-01"}
        ),
        400,
        "sekolah_tujuan_not_found",
    )
    assert body["message"] == "Sekolah tujuan tidak ditemukan."


def test_kepala_assign_by_identitas_and_refusals(api, operator, sekolah, kepala):
    api.force_authenticate(operator)
    url = f"{API}/sekolah/{sekolah.pk}/kepala/"
    neighbour = f.PTKFactory(sekolah=f.SekolahFactory(instansi=sekolah.instansi))
    _error_body(
        api.post(url, {"jenis": "plt", "identitas": neighbour.nik, "tanggal_mulai": "2025-03-10"}), 400
    )
    _error_body(api.post(url, {"jenis": "plt", "tanggal_mulai": "2025-03-10"}), 400, "invalid")
    _error_body(api.post(url, {"jenis": "plt", "ptk": neighbour.pk, "tanggal_mulai": "2025-03-10"}), 404)
    _error_body(api.post(url, {"jenis": "plt", "identitas": "999", "tanggal_mulai": "2025-03-10"}), 404)
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    api.post(f"{API}/kepala/{penugasan.pk}/akhiri/", {"tanggal_selesai": "2025-03-09"})
    response = api.post(url, {"jenis": "plt", "identitas": neighbour.nik, "tanggal_mulai": "2025-03-10"})
    assert response.status_code == 201
    assert response.json()["ptk"]["nama"] == neighbour.nama


def test_token_authentication_gets_the_token_owners_scope(operator, guru, ptk_lain):
    token = Token.objects.create(user=operator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    names = {row["nama"] for row in client.get(f"{API}/ptk/").json()["results"]}
    assert guru.nama in names and ptk_lain.nama not in names


def test_ptk_list_pages_with_a_cursor(api, trainer, sekolah):
    for _ in range(55):
        f.PTKFactory(sekolah=sekolah, user=None)
    api.force_authenticate(trainer)
    first = api.get(f"{API}/ptk/").json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 50
    assert len(second["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize("size", [5, 50])
def test_ptk_list_api_query_count_does_not_grow(api, operator, sekolah, django_assert_max_num_queries, size):
    for _ in range(size):
        f.PTKFactory(sekolah=sekolah, user=None)
    api.force_authenticate(operator)
    with django_assert_max_num_queries(8):
        response = api.get(f"{API}/ptk/")
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("size", [5, 50])
def test_verval_list_api_query_count_does_not_grow(
    api, operator, sekolah, django_assert_max_num_queries, size
):
    for _ in range(size):
        ptk = f.PTKFactory(sekolah=sekolah, user=None)
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    api.force_authenticate(operator)
    with django_assert_max_num_queries(8):
        response = api.get(f"{API}/verval/")
    assert len(response.json()["results"]) == size


def _schema_warnings(patterns=None):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return schema, messages


def test_openapi_schema_of_the_dapodik_endpoints_is_valid_without_warnings():
    schema, messages = _schema_warnings([path("api/v1/dapodik/", include("dapodik.api_urls"))])
    assert messages == []
    validate_schema(schema)
    assert "/api/v1/dapodik/ptk/{id}/verval/" in schema["paths"]
    assert "PaginatedPtkList" in schema["components"]["schemas"]


def test_the_project_schema_has_no_warning_about_dapodik_components():
    # Whole /api/schema/: other areas' warnings are theirs; none may involve this app's components.
    schema, messages = _schema_warnings()
    ours = [m for m in messages if "dapodik" in m.lower() and "roster" not in m.lower()]
    assert ours == []
    validate_schema(schema)
