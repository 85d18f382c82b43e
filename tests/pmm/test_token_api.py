"""API tokens for clients without a browser session: the page's login rules, JSON errors, revocation."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db


def _minta(client, email, password):
    return client.post(reverse("api_token"), {"email": email, "password": password}, format="json")


def test_token_is_given_for_the_right_password_and_opens_the_api():
    user = f.UserFactory(email="rina@guru.sd.belajar.id")
    client = APIClient()
    response = _minta(client, "rina@guru.sd.belajar.id", "rahasia123")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token
    assert _minta(client, "RINA@guru.sd.belajar.id", "rahasia123").json()["token"] == token  # one per user
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert other.get(reverse("api_me")).json()["email"] == "rina@guru.sd.belajar.id"


@pytest.mark.parametrize(
    "body, code",
    [
        ({"email": "rina@guru.sd.belajar.id", "password": "salah"}, "login_gagal"),
        ({"email": "tidak.ada@guru.sd.belajar.id", "password": "rahasia123"}, "login_gagal"),
        ({"email": "bukan-email", "password": "rahasia123"}, "login_gagal"),
        ({"email": "rina@guru.sd.belajar.id"}, "isian_wajib"),
        ({"email": ["rina@guru.sd.belajar.id"], "password": "rahasia123"}, "isian_wajib"),
        ([], "isian_wajib"),
    ],
)
def test_bad_credentials_get_an_indonesian_error_and_no_token(body, code):
    f.UserFactory(email="rina@guru.sd.belajar.id")
    response = APIClient().post(reverse("api_token"), body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    assert not Token.objects.exists()


def test_five_failures_lock_the_account_for_the_api_too():
    f.UserFactory(email="budi@guru.sd.belajar.id")
    client = APIClient()
    for _ in range(4):
        assert _minta(client, "budi@guru.sd.belajar.id", "salah").status_code == 400
    assert _minta(client, "budi@guru.sd.belajar.id", "salah").status_code == 429
    locked = _minta(client, "budi@guru.sd.belajar.id", "rahasia123")
    assert locked.status_code == 429 and locked.json()["code"] == "akun_dikunci"
    assert not Token.objects.exists()


def test_a_token_can_be_revoked():
    f.UserFactory(email="rina@guru.sd.belajar.id")
    token = _minta(APIClient(), "rina@guru.sd.belajar.id", "rahasia123").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete(reverse("api_token")).status_code == 204
    assert not Token.objects.exists()
    assert client.get(reverse("api_me")).status_code in (401, 403)
    anonymous = APIClient().delete(reverse("api_token"))
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "token_wajib"
