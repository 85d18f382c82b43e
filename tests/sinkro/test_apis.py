"""The Sinkro PMM API: the same actions and the same access rules as the pages."""

import pytest
from rest_framework.authtoken.models import Token

from pmm.roles import Role
from sinkro.models import Status, SyncBatch, SyncIntent
from tests import factories as f

from .conftest import setujui_semua

pytestmark = pytest.mark.django_db(transaction=True)
API = "/api/v1/sinkro/"


@pytest.fixture
def admin_lain(dunia):
    user = f.UserFactory(email="admin.lain@bkd.go.id")
    f.grant(user, Role.ADMIN_INSTANSI, instansi=f.InstansiFactory())
    return user


def _as(client, user):
    client.force_login(user)
    return client


def test_a_pegawai_diagnoses_their_own_sync(client, dunia):
    w = dunia
    setujui_semua(w, w.kepala, w.guru)
    r = _as(client, w.guru.user).get(API + "diagnosis/")
    assert r.status_code == 200
    body = r.json()
    assert [(d["peran"], d["menghentikan"]) for d in body] == [
        ("guru", "E15")
    ]  # the principal has not synced
    assert body[0]["errors"][0]["bantuan"] == "/sinkro/bantuan/#E15"
    r = client.get(API + "diagnosis/", {"peran": "plt_kepala_sekolah"})
    assert [d["menghentikan"] for d in r.json()] == ["E18"]
    assert client.get(API + "diagnosis/", {"peran": "x"}).json()["code"] == "peran_tidak_valid"


def test_diagnosis_by_nip_is_limited_to_the_actors_reach(client, dunia, admin_lain):
    w = dunia
    assert _as(client, w.admin).get(API + "diagnosis/", {"nip": w.guru.nip}).status_code == 200
    assert _as(client, admin_lain).get(API + "diagnosis/", {"nip": w.guru.nip}).status_code == 404
    assert _as(client, w.guru2.user).get(API + "diagnosis/", {"nip": w.guru.nip}).status_code == 404
    assert _as(client, w.admin).get(API + "diagnosis/").status_code == 403  # an admin has no PTK
    client.logout()
    assert client.get(API + "diagnosis/").status_code in (401, 403)


def test_a_sync_request_answers_202_and_its_status_is_readable(client, dunia, tanpa_broker):
    w = dunia
    token = Token.objects.create(user=w.guru.user)
    r = client.post(
        API + "sinkron/",
        {"peran": "guru"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert r.status_code == 202, r.json()
    body = r.json()
    assert (body["status"], body["peran"], body["nip"]) == (Status.PENDING, "guru", w.guru.nip)
    assert tanpa_broker == [body["id"]]
    assert _as(client, w.guru.user).get(f"{API}permintaan/{body['id']}/").json()["id"] == body["id"]
    assert _as(client, w.guru2.user).get(f"{API}permintaan/{body['id']}/").status_code == 404
    r = client.post(API + "sinkron/", {"peran": "x"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "invalid"
    r = _as(client, w.guru.user).post(f"{API}permintaan/{body['id']}/konfirmasi/")
    assert r.status_code == 400 and r.json()["code"] == "status_tidak_sesuai"


def test_an_admin_syncs_by_nip_within_their_instansi(client, dunia, admin_lain, tanpa_broker):
    w = dunia
    r = _as(client, w.admin).post(
        API + "sinkron/", {"peran": "guru", "nip": w.guru.nip}, content_type="application/json"
    )
    assert r.status_code == 202
    r = _as(client, admin_lain).post(
        API + "sinkron/", {"peran": "guru", "nip": w.guru2.nip}, content_type="application/json"
    )
    assert r.status_code == 404
    assert SyncIntent.objects.count() == 1


def test_instansi_diagnosis_and_bulk_sync_are_for_its_admin(client, dunia, admin_lain, tanpa_broker):
    w = dunia
    url = f"{API}instansi/{w.instansi.pk}/"
    r = _as(client, w.admin).get(url + "diagnosis/")
    assert r.status_code == 200
    body = r.json()
    assert body["jumlah"] == 6 and {k["kode"] for k in body["per_kode"]} <= {"E02", "E18"}
    assert _as(client, admin_lain).get(url + "diagnosis/").status_code == 404
    assert _as(client, w.guru.user).get(url + "diagnosis/").status_code == 403

    r = _as(client, w.admin).post(
        url + "massal/", {"nip": [w.guru.nip, w.guru2.nip]}, content_type="application/json"
    )
    assert r.status_code == 202 and r.json()["jumlah"] == 2
    batch = SyncBatch.objects.get()
    progres = client.get(f"{API}massal/{batch.pk}/").json()
    assert (progres["jumlah"], progres["tuntas"], progres["per_status"]["pending"]) == (2, False, 2)
    assert _as(client, admin_lain).get(f"{API}massal/{batch.pk}/").status_code == 404
    r = _as(client, admin_lain).post(url + "massal/", {}, content_type="application/json")
    assert r.status_code == 404 and SyncBatch.objects.count() == 1
    r = _as(client, w.admin).post(url + "massal/", {"nip": ["12"]}, content_type="application/json")
    assert r.status_code == 400
