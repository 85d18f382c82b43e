"""Regressions found by the robustness sweep (tests/test_robustness.py): a multipart body (with a
file) sent to the e-Kinerja API reached the sync log as data and gave a 500 (API.md: the body is
JSON)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinkro.ekinerja import models as m

from .conftest import SYNC, kepala_payload

pytestmark = pytest.mark.django_db


def test_sync_with_a_multipart_body_is_400_logged_and_writes_no_skp(client, dunia):
    flat = {k: v for k, v in kepala_payload(dunia).items() if isinstance(v, str)}
    upload = SimpleUploadedFile("skp.csv", b"nip\n\x00\xff", content_type="text/csv")
    response = client.post(SYNC, {**flat, "berkas": upload}, HTTP_X_API_KEY=dunia.key)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not m.Skp.objects.exists()
    log = m.LogSinkron.objects.get()
    assert log.http_status == 400 and log.dikirim == {"_tidak_terbaca": True}
