"""Bodies larger than any form accepts are refused before they are read (413), on pages and APIs;
ordinary requests are unaffected."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dapodik.models import PTK, RosterImport
from pmm.middleware import request_max_bytes

pytestmark = pytest.mark.django_db


def test_limit_leaves_room_for_the_largest_roster_file(settings):
    settings.ROSTER_MAX_BYTES = 40 * 1024 * 1024
    assert request_max_bytes() == 41 * 1024 * 1024
    settings.REQUEST_MAX_BYTES = 1000
    assert request_max_bytes() == 1000


def test_oversized_upload_to_a_page_is_refused_and_changes_nothing(client, operator, sekolah):
    client.force_login(operator)
    too_big = str(request_max_bytes() + 1)
    response = client.post(
        reverse("roster:sekolah", args=[sekolah.npsn]),
        {"berkas": SimpleUploadedFile("roster.csv", b"nik,nama\n")},
        CONTENT_LENGTH=too_big,
    )
    assert response.status_code == 413
    assert "Permintaan terlalu besar" in response.content.decode()
    assert not RosterImport.objects.exists() and not PTK.objects.filter(sekolah=sekolah).exists()


def test_oversized_request_to_an_api_gets_the_json_error(client, operator, sekolah):
    client.force_login(operator)
    response = client.post(
        reverse("roster_api_import", args=[sekolah.npsn]),
        {"berkas": SimpleUploadedFile("roster.csv", b"nik,nama\n")},
        CONTENT_LENGTH=str(request_max_bytes() + 1),
    )
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "permintaan_terlalu_besar" and body["detail"]["maks_bytes"] == request_max_bytes()
    assert not RosterImport.objects.exists()


def test_requests_within_the_limit_and_bad_lengths_pass_through(client, operator, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    response = client.post(reverse("login"), {"username": operator.email, "password": "rahasia123"})
    assert response.status_code == 302
    # A malformed Content-Length is Django's to handle, never a 500 here.
    assert client.get(reverse("home"), CONTENT_LENGTH="abc").status_code in (200, 302, 400)
