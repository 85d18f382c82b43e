"""Roster API: import (multipart), result with paginated errors, export; access by role."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from dapodik.models import PTK, RosterImport
from dapodik.roster.columns import COLUMNS
from dapodik.roster.services import roster_import
from pmm.roles import Role
from tests import factories as f
from tests.dapodik.test_roster_support import csv_bytes, roster_row, trainer_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_operator(db):
    user = f.UserFactory(email="operator.lain@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=f.SekolahFactory())
    return user


def _post(client, sekolah, content: bytes, name="roster.csv"):
    return client.post(
        reverse("roster_api_import", args=[sekolah.npsn]), {"berkas": SimpleUploadedFile(name, content)}
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_import_of_a_good_file_returns_201_with_counts(client, operator, sekolah):
    client.force_login(operator)
    response = _post(client, sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["jumlah_baru"], body["sekolah_npsn"]) == ("berhasil", 2, sekolah.npsn)
    assert PTK.objects.filter(sekolah=sekolah).count() == 2


def test_refused_file_returns_400_with_the_import_and_its_errors(client, operator, sekolah):
    client.force_login(operator)
    response = _post(client, sekolah, csv_bytes([roster_row(i, jenis_kelamin="X") for i in range(60)]))
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == "roster_ditolak"
    assert body["detail"]["jumlah_galat"] == 60
    detail = client.get(reverse("roster_api_import_detail", args=[body["detail"]["id"]])).json()
    assert detail["galat"]["count"] == 60 and len(detail["galat"]["results"]) == 50
    assert detail["galat"]["results"][0] == {
        "baris": 2,
        "kolom": "jenis_kelamin",
        "pesan": "Jenis kelamin harus L atau P.",
    }
    second = client.get(detail["galat"]["next"]).json()
    assert [e["baris"] for e in second["galat"]["results"]] == list(range(52, 62))
    assert not PTK.objects.exists()


def test_whole_file_refusal_is_a_400_too(client, operator, sekolah):
    client.force_login(operator)
    body = _post(client, sekolah, b"%PDF-1.4 bukan csv", "roster.csv").json()
    assert body["code"] == "roster_ditolak" and "PDF" in body["message"]


def test_import_without_a_file_is_refused(client, operator, sekolah):
    client.force_login(operator)
    response = client.post(reverse("roster_api_import", args=[sekolah.npsn]), {})
    assert response.status_code == 400 and response.json()["code"] == "roster_berkas_wajib"
    assert not RosterImport.objects.exists()


def test_token_authenticated_operator_can_import(client, operator, sekolah):
    token = Token.objects.create(user=operator)
    response = client.post(
        reverse("roster_api_import", args=[sekolah.npsn]),
        {"berkas": SimpleUploadedFile("r.csv", csv_bytes([roster_row(1)]))},
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201


def test_access_by_role_for_import(client, operator, other_operator, trainer, guru, sekolah):
    for user, expected in ((other_operator, 403), (guru.user, 403), (trainer, 201)):
        client.force_login(user)
        response = _post(client, sekolah, csv_bytes([roster_row(1)]))
        assert response.status_code == expected, user
    client.logout()
    anonymous = _post(client, sekolah, csv_bytes([roster_row(2)]))
    assert anonymous.status_code in (401, 403) and anonymous.json()["code"] == "not_authenticated"
    assert RosterImport.objects.count() == 1


def test_access_by_role_for_the_result(client, operator, other_operator, trainer, guru, sekolah):
    imp = roster_import(
        actor=trainer_actor(),
        sekolah=sekolah,
        berkas=io.BytesIO(csv_bytes([roster_row(1)])),
        nama_berkas="r.csv",
    )
    url = reverse("roster_api_import_detail", args=[imp.pk])
    for user, expected in ((operator, 200), (trainer, 200), (other_operator, 404), (guru.user, 403)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, user
        if expected != 200:
            assert "nama_berkas" not in response.json()["detail"]
    client.logout()
    assert client.get(url).status_code in (401, 403)


def test_export_csv_and_xlsx(client, operator, sekolah):
    ptk = f.PTKFactory(sekolah=sekolah)
    client.force_login(operator)
    url = reverse("roster_api_export", args=[sekolah.npsn])
    as_csv = client.get(url, {"format": "csv"})
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert ptk.nik in _body(as_csv).decode("utf-8-sig")
    as_xlsx = client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(_body(as_xlsx)), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS) and rows[1][0] == ptk.nik
    assert client.get(url).status_code == 200  # csv by default
    bad = client.get(url, {"format": "pdf"})
    assert bad.status_code == 400 and bad.json()["code"] == "roster_format"


def test_access_by_role_for_export(client, other_operator, guru, sekolah):
    ptk = f.PTKFactory(sekolah=sekolah)
    url = reverse("roster_api_export", args=[sekolah.npsn])
    for user in (other_operator, guru.user):
        client.force_login(user)
        response = client.get(url, {"format": "csv"})
        assert response.status_code == 403 and ptk.nik not in response.content.decode()
    client.logout()
    assert client.get(url).status_code in (401, 403)


@pytest.mark.parametrize("bad_rows", [3, 120])
def test_result_api_queries_do_not_grow_with_errors(
    client, operator, sekolah, bad_rows, django_assert_max_num_queries
):
    imp = roster_import(
        actor=trainer_actor(),
        sekolah=sekolah,
        berkas=io.BytesIO(csv_bytes([roster_row(i, jenis_kelamin="X") for i in range(bad_rows)])),
        nama_berkas="r.csv",
    )
    client.force_login(operator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("roster_api_import_detail", args=[imp.pk])).status_code == 200
