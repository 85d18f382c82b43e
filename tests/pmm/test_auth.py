import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def _post_login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_login_by_belajar_id_email_and_password_lands_on_home(client):
    user = f.UserFactory(email="siti@guru.sd.belajar.id")
    response = _post_login(client, "SITI@guru.sd.belajar.id", "rahasia123")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_wrong_password_shows_indonesian_message(client):
    f.UserFactory(email="siti@guru.sd.belajar.id")
    response = _post_login(client, "siti@guru.sd.belajar.id", "salah-sandi")
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()


def test_fifth_failed_login_locks_the_account_even_for_the_right_password(client):
    f.UserFactory(email="budi@guru.sd.belajar.id")
    for _ in range(4):
        assert _post_login(client, "budi@guru.sd.belajar.id", "salah").status_code == 200
    locked = _post_login(client, "budi@guru.sd.belajar.id", "salah")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "dikunci selama 30 menit" in page and "(5 kali)" in page and "PT30M" not in page
    again = _post_login(client, "budi@guru.sd.belajar.id", "rahasia123")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_account_leaves_another_free(client):
    f.UserFactory(email="budi@guru.sd.belajar.id")
    f.UserFactory(email="ani@guru.sd.belajar.id")
    for _ in range(5):
        _post_login(client, "budi@guru.sd.belajar.id", "salah")
    assert _post_login(client, "ani@guru.sd.belajar.id", "rahasia123").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    user = f.UserFactory()
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_home_lists_the_roles_of_the_user(client, kepala, operator):
    client.force_login(kepala.user)
    body = client.get(reverse("home")).content.decode()
    assert "Kepala Sekolah" in body
    client.force_login(operator)
    body = client.get(reverse("home")).content.decode()
    assert "Operator Sekolah" in body


def test_account_without_role_is_shown_the_ways_in(client):
    user = f.UserFactory(email="pic.baru@dinas.belajar.id")
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert reverse("dinas:akses") in body
    assert reverse("kinerja:akses") in body


@pytest.mark.parametrize(
    "menit, teks",
    [(0, "kurang dari 1 menit"), (1, "1 menit"), (30, "30 menit"), (60, "1 jam"), (90, "1 jam 30 menit"),
     (24 * 60 + 5, "1 hari 5 menit")],
)  # fmt: skip
def test_lockout_duration_reads_in_indonesian(menit, teks):
    from datetime import timedelta

    from pmm.templatetags.pmm_tags import durasi

    assert durasi(timedelta(minutes=menit)) == teks
    assert durasi(None) == ""
