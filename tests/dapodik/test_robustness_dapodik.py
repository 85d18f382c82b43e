"""Regressions found by the robustness sweep (tests/test_robustness.py): an NPSN holding a NUL byte
used to reach PostgreSQL from the roster pages and API and give a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dapodik.models import RosterImport
from dapodik.roster.selectors import roster_sekolah_get
from pmm.actors import actor_for
from pmm.errors import NotFound

pytestmark = pytest.mark.django_db

NUL_NPSN = "6030\x004001"


def test_roster_school_with_a_nul_in_the_npsn_is_not_found(trainer):
    with pytest.raises(NotFound):
        roster_sekolah_get(actor=actor_for(trainer), npsn=NUL_NPSN)


@pytest.mark.parametrize(
    ("name", "args"), [("roster:sekolah", [NUL_NPSN]), ("roster:ekspor", [NUL_NPSN, "csv"])]
)
def test_roster_pages_with_a_nul_in_the_npsn_are_not_found(client, operator, name, args):
    client.force_login(operator)
    assert client.get(reverse(name, args=args)).status_code == 404


def test_trainer_choosing_a_nul_npsn_is_told_it_does_not_exist(client, trainer):
    client.force_login(trainer)
    response = client.get(reverse("roster:import"), {"npsn": NUL_NPSN})
    assert response.status_code == 200 and "tidak ditemukan" in response.content.decode()


def test_roster_api_import_with_a_nul_in_the_npsn_is_a_json_404_and_imports_nothing(client, operator):
    client.force_login(operator)
    response = client.post(
        reverse("roster_api_import", args=[NUL_NPSN]),
        {"berkas": SimpleUploadedFile("roster.csv", b"nik,nama\n")},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not RosterImport.objects.exists()
