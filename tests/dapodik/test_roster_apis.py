"""Roster API: import (multipart), result with paginated errors, export; access by every role."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from dapodik.models import PTK, RosterImport
from dapodik.roster.columns import COLUMNS
from dapodik.roster.services import roster_import
from tests import factories as f
from tests.dapodik.matrix import ROLES, SCOPE, roster_status
from tests.dapodik.test_roster_support import csv_bytes, roster_row, trainer_actor

pytestmark = pytest.mark.django_db


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


# -- access matrix: every endpoint by every role (tests/dapodik/matrix.py) -----------------------------
# Only the school's Operator Sekolah and trainers; everyone else gets 403 and nothing of the school,
# except an operator of another school asking for an import result: "not found" (its existence does
# not leak). Anonymous requests are refused with 403 not_authenticated.


def _refused(response, role, expected, world):
    """A refusal with the API error body that shows nothing of S."""
    code = "not_authenticated" if role == "anonim" else None
    expected = 403 if role == "anonim" else expected
    assert response.status_code == expected, (role, response.status_code)
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and (code is None or body["code"] == code)
    text = _body(response).decode()
    assert world.schools["S"].nama not in text
    for ptk in (world.ptk["G"], world.ptk["K"]):
        assert ptk.nik not in text and ptk.nip not in text


@pytest.mark.parametrize("role", ROLES)
def test_import_by_role(as_role, world, role):
    response = _post(as_role(role), world.schools["S"], csv_bytes([roster_row(1)]))
    done = roster_status(role) == 200 and role != "anonim"
    if done:
        assert response.status_code == 201 and response.json()["sekolah_npsn"] == world.schools["S"].npsn
    else:
        _refused(response, role, 403, world)
    assert RosterImport.objects.exists() == done
    assert PTK.objects.filter(nama="Guru Roster 1").exists() == done


@pytest.mark.parametrize("role", ROLES)
def test_import_result_by_role(as_role, world, role):
    imp = roster_import(
        actor=trainer_actor(),
        sekolah=world.schools["S"],
        berkas=io.BytesIO(csv_bytes([roster_row(1, jenis_kelamin="X")])),
        nama_berkas="roster-rahasia-s.csv",
    )
    response = as_role(role).get(reverse("roster_api_import_detail", args=[imp.pk]))
    if roster_status(role) == 200 and role != "anonim":
        assert response.status_code == 200 and response.json()["galat"]["count"] == 1
    else:
        _refused(response, role, 404 if SCOPE[role].writes else 403, world)
        assert "roster-rahasia-s.csv" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_export_by_role(as_role, world, role):
    response = as_role(role).get(
        reverse("roster_api_export", args=[world.schools["S"].npsn]), {"format": "csv"}
    )
    if roster_status(role) == 200 and role != "anonim":
        assert response.status_code == 200
        text = _body(response).decode("utf-8-sig")
        assert world.ptk["G"].nik in text and world.ptk["X"].nik not in text
    else:
        _refused(response, role, 403, world)
