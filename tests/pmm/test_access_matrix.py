"""Home page, simulated clock page and /api/v1/me/ by every role (DESIGN.md §1).

The roles and their world are those of the Dapodik matrix (tests/dapodik/matrix.py): each role of
pmm/roles.py, the same roles of another school or instansi, and anonymous. Every signed-in user has
a home page and an /api/v1/me/ showing their own roles and nothing of anyone else; only the trainer
(Admin Pusat / pelatih, granted or superuser) opens and moves the simulated clock.
"""

from datetime import date, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from pmm import clock
from pmm.roles import Role
from tests.dapodik import matrix
from tests.dapodik.matrix import ROLES, SCOPE

# The fixtures of the role matrix (tests/dapodik gets them through its conftest).
admin_instansi = matrix.admin_instansi
admin_instansi_lain = matrix.admin_instansi_lain
admin_pusat = matrix.admin_pusat
guru_lain = matrix.guru_lain
helpdesk = matrix.helpdesk
kepala_dinas = matrix.kepala_dinas
kepala_dinas_lain = matrix.kepala_dinas_lain
kepala_lain = matrix.kepala_lain
operator_lain = matrix.operator_lain
pengawas = matrix.pengawas
pic_dinas = matrix.pic_dinas
plt = matrix.plt
ptk_lain = matrix.ptk_lain
sekolah_lain = matrix.sekolah_lain
sekolah_tetangga = matrix.sekolah_tetangga
world = matrix.world
as_role = matrix.as_role

# The roles each account holds (pmm/roles.py values). A Plt. Kepala Sekolah stays a Guru of their
# own school; a superuser trainer is Admin Pusat / pelatih like a granted one.
PERAN = {
    "guru": {Role.GURU},
    "guru_lain": {Role.GURU},
    "kepala": {Role.KEPALA_SEKOLAH},
    "kepala_lain": {Role.KEPALA_SEKOLAH},
    "plt": {Role.GURU, Role.PLT_KEPALA_SEKOLAH},
    "operator": {Role.OPERATOR_SEKOLAH},
    "operator_lain": {Role.OPERATOR_SEKOLAH},
    "admin_instansi": {Role.ADMIN_INSTANSI},
    "admin_instansi_lain": {Role.ADMIN_INSTANSI},
    "kepala_dinas": {Role.KEPALA_DINAS},
    "kepala_dinas_lain": {Role.KEPALA_DINAS},
    "pic_dinas": {Role.PIC_DINAS},
    "pengawas": {Role.PENGAWAS},
    "helpdesk": {Role.HELPDESK},
    "admin_pusat": {Role.ADMIN_PUSAT},
    "trainer": {Role.ADMIN_PUSAT},
}
TRAINERS = {"admin_pusat", "trainer"}

PINNED = timezone.make_aware(datetime(2025, 3, 10, 9, 0))


def _to_login(response):
    return response.status_code == 302 and reverse("login") in response.url


# --- home -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_home_shows_the_roles_of_each_role_and_nothing_else(as_role, world, role):
    response = as_role(role).get(reverse("home"))
    if role == "anonim":
        assert _to_login(response)
        return
    assert response.status_code == 200
    body = response.content.decode()
    world.assert_no_leak(body, role)
    labels = set(response.context["actor"].role_labels)
    assert labels == {Role(r).label for r in PERAN[role]}
    assert "belum memiliki peran" not in body


@pytest.mark.parametrize("role", ROLES)
def test_home_menu_offers_only_pages_the_role_may_open(as_role, world, role):
    client = as_role(role)
    response = client.get(reverse("home"))
    if role == "anonim":
        assert _to_login(response)
        return
    links = {url for _, entries in response.context["sections"] for _, url in entries}
    assert links, role
    # The Dapodik lists are offered exactly to the roles that may open them, the clock to trainers.
    assert (reverse("dapodik:sekolah_list") in links) == SCOPE[role].lists
    assert (reverse("clock") in links) == (role in TRAINERS)
    for url in sorted(links):
        response = client.get(url, follow=True)
        assert response.status_code == 200, (role, url, response.redirect_chain, response.status_code)
        assert not response.request["PATH_INFO"].startswith("/admin/login/"), (role, url)


def test_menu_of_a_granted_admin_pusat_opens_the_django_admin(as_role):
    client = as_role("admin_pusat")
    response = client.get(reverse("home"))
    links = {url for _, entries in response.context["sections"] for _, url in entries}
    if reverse("admin:index") in links:
        final = client.get(reverse("admin:index"), follow=True)
        assert not final.request["PATH_INFO"].startswith("/admin/login/")


# --- simulated clock --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_clock_page_opens_only_for_trainers(as_role, world, role):
    response = as_role(role).get(reverse("clock"))
    if role == "anonim":
        assert _to_login(response)
    elif role in TRAINERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "Hanya pelatih (Admin Pusat)" in response.content.decode()
    world.assert_no_leak(response.content, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["set", "reset"])
def test_only_trainers_move_the_clock(as_role, role, action):
    clock.clock_set(moment=PINNED)
    data = {"reset": "1"} if action == "reset" else {"tanggal": "2030-01-15", "jam": "08:00"}
    response = as_role(role).post(reverse("clock"), data)
    if role == "anonim":
        assert _to_login(response)
    else:
        # Allowed: back to the clock page with a confirmation; refused: back with the refusal.
        assert response.status_code == 302 and response.url == reverse("clock")
        message = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert ("Hanya pelatih" in message) == (role not in TRAINERS)
    if role not in TRAINERS:
        assert clock.today() == PINNED.date()
    elif action == "set":
        assert clock.today() == date(2030, 1, 15)
    else:
        assert abs(clock.now() - timezone.now()) < timedelta(seconds=5)


# --- /api/v1/me/ -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_me_reports_only_the_users_own_roles(as_role, world, role):
    response = as_role(role).get("/api/v1/me/")
    if role == "anonim":
        assert response.status_code == 403 and response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == world.user(role).email
    assert set(body["peran"]) == {r.value for r in PERAN[role]}
    world.assert_no_leak(response.content, role)
