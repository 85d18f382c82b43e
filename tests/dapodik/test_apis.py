"""Dapodik API: access by every role, error bodies, behaviour, query count and the OpenAPI schema.

The access matrix tries every endpoint with every role of tests/dapodik/matrix.py (each role of
pmm/roles.py, the same roles of another school or instansi, and anonymous) and derives the expected
answer from the product rules written there (``SCOPE``)."""

from datetime import date

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dapodik import permissions
from dapodik.choices import JenisPenugasan, StatusKepegawaian, StatusVerval
from dapodik.models import PTK, Mutasi, PenugasanKepalaSekolah, VervalPtk
from pmm import clock
from tests import factories as f
from tests.dapodik.helpers import dukcapil_for, nip_for, ptk_data
from tests.dapodik.matrix import ROLES, read_status, reads, write_status

pytestmark = pytest.mark.usefixtures("hari_ini")

API = "/api/v1/dapodik"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_role(api, world):
    """``as_role(name)``: the API client authenticated as that role (anonymous for "anonim")."""

    def _as(role):
        api.force_authenticate(world.user(role))
        return api

    return _as


def _error_body(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"code", "message", "detail"}
    if code:
        assert body["code"] == code
    return body


def _expect(response, role, expected, success=200):
    """Anonymous is refused (403 not_authenticated); a refusal carries the error body; ``expected``
    200 stands for the endpoint's ``success`` status. Returns whether the request succeeded."""
    if role == "anonim":
        _error_body(response, 403, "not_authenticated")
        return False
    if expected == 200:
        assert response.status_code == success, (role, response.status_code, response.content)
        return True
    _error_body(response, expected, "not_found" if expected == 404 else None)
    return False


def _json(data):
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


# --- access matrix: reading -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_ptk_list_is_scoped_by_role(as_role, world, role):
    response = as_role(role).get(f"{API}/ptk/")
    world.assert_no_leak(response.content, role)
    if _expect(response, role, 200):
        assert {row["id"] for row in response.json()["results"]} == world.readable_ptk(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["G", "K", "X"])
def test_ptk_detail_access(as_role, world, role, target):
    ptk = world.ptk[target]
    response = as_role(role).get(f"{API}/ptk/{ptk.pk}/")
    world.assert_no_leak(response.content, role)
    if _expect(response, role, read_status(role, target)):
        assert response.json()["nik"] == ptk.nik


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("history", ["mutasi", "verval"])
def test_ptk_history_access(as_role, world, role, history):
    guru = world.ptk["G"]
    Mutasi.objects.create(
        ptk=guru,
        sekolah_asal=world.schools["N"],
        sekolah_tujuan=world.schools["S"],
        tanggal_efektif=date(2024, 7, 1),
    )
    VervalPtk.objects.create(
        ptk=guru, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
    )
    response = as_role(role).get(f"{API}/ptk/{guru.pk}/{history}/")
    # Who reads G's record reads its history, with the school G came from.
    world.assert_no_leak(response.content, role, allow="N" if reads(role, "G") else "")
    if _expect(response, role, read_status(role, "G")):
        body = response.json()
        rows = body if history == "mutasi" else body["results"]
        assert len(rows) == 1


@pytest.mark.parametrize("role", ROLES)
def test_verval_list_is_scoped(as_role, world, role):
    for ptk in world.ptk.values():
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    response = as_role(role).get(f"{API}/verval/")
    world.assert_no_leak(response.content, role)
    if _expect(response, role, 200):
        seen = {row["ptk"]["id"] for row in response.json()["results"]}
        assert seen == {p.pk for letter, p in world.ptk.items() if reads(role, letter)}


@pytest.mark.parametrize("role", ROLES)
def test_sekolah_list_is_scoped(as_role, world, role):
    response = as_role(role).get(f"{API}/sekolah/")
    world.assert_no_leak(response.content, role)
    if _expect(response, role, 200):
        assert {row["id"] for row in response.json()["results"]} == world.readable_schools(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["S", "N", "L"])
def test_sekolah_detail_access(as_role, world, role, target):
    sekolah = world.schools[target]
    response = as_role(role).get(f"{API}/sekolah/{sekolah.pk}/")
    world.assert_no_leak(response.content, role)
    if _expect(response, role, read_status(role, target)):
        assert response.json()["npsn"] == sekolah.npsn


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["S", "N", "L"])
def test_kepala_list_access(as_role, world, role, target):
    sekolah = world.schools[target]
    response = as_role(role).get(f"{API}/sekolah/{sekolah.pk}/kepala/")
    # The principal of a school is part of the school's data: who reads S sees K's summary (name,
    # NIP, NUPTK; never the NIK).
    world.assert_no_leak(response.content, role, allow="K" if reads(role, target) else "")
    if not reads(role, "K"):
        assert world.ptk["K"].nik not in response.content.decode()
    if _expect(response, role, read_status(role, target)):
        expected = set(PenugasanKepalaSekolah.objects.filter(sekolah=sekolah).values_list("pk", flat=True))
        assert {row["id"] for row in response.json()["results"]} == expected
        if target == "S":
            assert [row["ptk"]["id"] for row in response.json()["results"]] == [world.ptk["K"].pk]


# --- access matrix: changes -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_ptk_patch_access(as_role, world, role):
    guru = world.ptk["G"]
    response = as_role(role).patch(f"{API}/ptk/{guru.pk}/", {"nama": "Diubah Lewat API"}, format="json")
    world.assert_no_leak(response.content, role)
    done = _expect(response, role, write_status(role, "G"))
    guru.refresh_from_db()
    assert (guru.nama == "Diubah Lewat API") == done
    if done:
        assert response.json()["nama"] == "Diubah Lewat API"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("school", ["S", "L"])
def test_ptk_create_access(as_role, world, role, school):
    sekolah = world.schools[school]
    response = as_role(role).post(f"{API}/ptk/", _json({**ptk_data(), "sekolah": sekolah.pk}), format="json")
    world.assert_no_leak(response.content, role)
    done = _expect(response, role, write_status(role, school), success=201)
    assert PTK.objects.filter(nama="Siti Rahmawati", sekolah=sekolah).exists() == done
    if done:
        assert response.json()["sekolah"]["id"] == sekolah.pk


@pytest.mark.parametrize("role", ROLES)
def test_transfer_access(as_role, world, role):
    guru = world.ptk["G"]
    response = as_role(role).post(
        f"{API}/ptk/{guru.pk}/mutasi/",
        {"npsn_tujuan": world.schools["N"].npsn, "tanggal_efektif": "2025-04-01"},
    )
    # The target school is the one the request names; the answer may echo it, nothing else.
    world.assert_no_leak(response.content, role, allow="N")
    done = _expect(response, role, write_status(role, "G"), success=201)
    assert Mutasi.objects.exists() == done
    guru.refresh_from_db()
    assert (guru.sekolah == world.schools["N"]) == done


@pytest.mark.parametrize("role", ROLES)
def test_verval_submit_access(as_role, world, role):
    guru = world.ptk["G"]
    dukcapil_for(guru)
    response = as_role(role).post(f"{API}/ptk/{guru.pk}/verval/", {"nip_baru": nip_for(guru)})
    world.assert_no_leak(response.content, role)
    done = _expect(response, role, write_status(role, "G"), success=201)
    assert VervalPtk.objects.exists() == done
    if done:
        assert response.json()["status"] == StatusVerval.DISETUJUI


@pytest.mark.parametrize("role", ROLES)
def test_kepala_assign_and_end_access(as_role, world, role):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=world.ptk["K"])
    guru = world.ptk["G"]
    client = as_role(role)
    ended = client.post(f"{API}/kepala/{penugasan.pk}/akhiri/", {"tanggal_selesai": "2025-03-09"})
    assigned = client.post(
        f"{API}/sekolah/{world.schools['S'].pk}/kepala/",
        {"jenis": JenisPenugasan.PLT, "ptk": guru.pk, "tanggal_mulai": "2025-03-10"},
    )
    world.assert_no_leak(ended.content, role, allow="K" if reads(role, "S") else "")
    world.assert_no_leak(assigned.content, role)
    expected = write_status(role, "S")
    assert _expect(ended, role, expected) == _expect(assigned, role, expected, success=201)
    penugasan.refresh_from_db()
    done = expected == 200 and role != "anonim"
    assert (penugasan.tanggal_selesai == date(2025, 3, 9)) == done
    assert PenugasanKepalaSekolah.objects.filter(ptk=guru).exists() == done
    if done:
        assert assigned.json()["ptk"]["id"] == guru.pk


@pytest.mark.parametrize("role", ROLES)
def test_kepala_by_identitas_reveals_nothing_outside_the_instansi(as_role, world, role):
    # X (another instansi) is a non-ASN: a refusal by the assignment rules would name them and their
    # status. Whoever may not read X learns nothing, not even whether the NIK exists.
    PenugasanKepalaSekolah.objects.filter(ptk=world.ptk["K"]).update(tanggal_selesai=date(2025, 2, 28))
    x = world.ptk["X"]
    x.status_kepegawaian = StatusKepegawaian.GURU_HONOR_SEKOLAH
    x.save()
    client = as_role(role)
    url = f"{API}/sekolah/{world.schools['S'].pk}/kepala/"
    known = client.post(url, {"jenis": "plt", "identitas": x.nik, "tanggal_mulai": "2025-03-10"})
    unknown = client.post(
        url, {"jenis": "plt", "identitas": "3201019999990001", "tanggal_mulai": "2025-03-10"}
    )
    world.assert_no_leak(known.content, role)
    expected = write_status(role, "S")
    if expected == 200 and reads(role, "X"):  # a trainer reads X and gets the rule's own refusal
        _error_body(known, 400, "kepala_not_asn")
        assert x.nama in known.json()["message"]
    else:
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
        body = _error_body(known, 403 if role == "anonim" else 404 if expected == 200 else expected)
        if expected == 200:  # the operator of S
            assert body["message"] == permissions.KEPALA_NOT_FOUND
        assert x.nama not in known.content.decode() and "Guru Honor" not in known.content.decode()
    assert not PenugasanKepalaSekolah.objects.filter(ptk=x).exists()


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
