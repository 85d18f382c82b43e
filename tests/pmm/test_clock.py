from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pmm import clock
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_clock_follows_real_time_until_set():
    assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


def test_clock_set_moves_today_for_every_reader():
    clock.clock_set(moment=timezone.make_aware(datetime(2025, 6, 28, 9, 0)))
    assert clock.today().isoformat() == "2025-06-28"
    clock.clock_reset()
    assert clock.today() == timezone.localdate()


def test_trainer_sets_the_clock_from_the_page(client, trainer):
    client.force_login(trainer)
    response = client.post(reverse("clock"), {"tanggal": "2025-01-15", "jam": "08:30"})
    assert response.status_code == 302
    assert clock.today().isoformat() == "2025-01-15"
    page = client.get(reverse("home")).content.decode()
    assert "15 Jan 2025" in page


def test_bad_clock_input_is_refused_and_changes_nothing(client, trainer):
    client.force_login(trainer)
    before = clock.today()
    response = client.post(reverse("clock"), {"tanggal": "2025-13-45", "jam": "99:00"})
    assert response.status_code == 200
    assert "Tanggal tidak valid" in response.content.decode()
    assert clock.today() == before


def test_non_trainer_cannot_open_the_clock_page(client, guru, operator):
    for user in (guru.user, operator):
        client.force_login(user)
        response = client.get(reverse("clock"))
        assert response.status_code == 403
        assert "pelatih" in response.content.decode()
        assert client.post(reverse("clock"), {"tanggal": "2030-01-01", "jam": "08:00"}).status_code == 302
    assert clock.today().year != 2030


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("clock")).status_code == 302


def test_me_api_reports_roles_and_simulated_time(client, kepala):
    clock.clock_set(moment=timezone.make_aware(datetime(2025, 3, 3, 10, 0)))
    client.force_login(kepala.user)
    body = client.get("/api/v1/me/").json()
    assert "kepala_sekolah" in body["peran"]
    assert body["waktu_simulasi"].startswith("2025-03-03")


def test_api_errors_have_code_message_detail(client):
    body = client.get("/api/v1/me/").json()
    assert set(body) == {"code", "message", "detail"}
    assert body["code"] == "not_authenticated"


def test_api_schema_and_docs_are_served(client):
    user = f.UserFactory()
    client.force_login(user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()
