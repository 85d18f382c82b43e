"""Bad input to the Sinkro PMM API is a clear refusal, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_diagnosis_api_with_a_garbage_nip_is_not_found_not_a_500(client):
    from tests import factories as f

    user = f.UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    for nip in ("a\x00b", "1" * 17, "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨"):
        response = client.get("/api/v1/sinkro/diagnosis/", {"nip": nip})
        assert response.status_code == 404, (nip, response.status_code)
        assert response.json()["code"] == "not_found"
