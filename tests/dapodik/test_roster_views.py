"""Roster pages: upload, result with paginated errors, exports; access by every role and school."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dapodik.models import PTK, RosterImport
from dapodik.roster.services import roster_import
from pmm.roles import Role
from tests import factories as f
from tests.dapodik.matrix import ROLES, SCOPE, roster_status
from tests.dapodik.test_roster_support import csv_bytes, roster_row, trainer_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_school(db):
    return f.SekolahFactory(nama="SD Negeri Sebelah")


def _imported(sekolah, rows) -> RosterImport:
    return roster_import(
        actor=trainer_actor(), sekolah=sekolah, berkas=io.BytesIO(csv_bytes(rows)), nama_berkas="roster.csv"
    )


def _upload(client, sekolah, content: bytes, name="roster.csv"):
    return client.post(
        reverse("roster:sekolah", args=[sekolah.npsn]), {"berkas": SimpleUploadedFile(name, content)}
    )


# -- entry page ---------------------------------------------------------------------------------


def test_operator_of_one_school_goes_straight_to_its_roster(client, operator, sekolah):
    client.force_login(operator)
    response = client.get(reverse("roster:import"))
    assert response.status_code == 302 and response.url == reverse("roster:sekolah", args=[sekolah.npsn])


def test_operator_of_two_schools_chooses(client, operator, sekolah, other_school):
    f.grant(operator, Role.OPERATOR_SEKOLAH, sekolah=other_school)
    client.force_login(operator)
    page = client.get(reverse("roster:import")).content.decode()
    assert sekolah.nama in page and other_school.nama in page


def test_trainer_opens_any_school_by_npsn(client, trainer, other_school):
    client.force_login(trainer)
    assert client.get(reverse("roster:import")).status_code == 200
    response = client.get(reverse("roster:import"), {"npsn": other_school.npsn})
    assert response.url == reverse("roster:sekolah", args=[other_school.npsn])
    unknown = client.get(reverse("roster:import"), {"npsn": "99999999"})
    assert unknown.status_code == 200 and "tidak ditemukan" in unknown.content.decode()


def test_menu_of_the_operator_links_the_roster(client, operator):
    client.force_login(operator)
    assert reverse("roster:import") in client.get(reverse("home")).content.decode()


# -- school page and upload ---------------------------------------------------------------------


def test_school_page_documents_the_format(client, operator, sekolah):
    client.force_login(operator)
    page = client.get(reverse("roster:sekolah", args=[sekolah.npsn])).content.decode()
    assert (
        "nik,nuptk,nip,nama,tanggal_lahir,jenis_kelamin,jenis_ptk,status_kepegawaian,email,tmt_tugas" in page
    )
    assert "tidak ada di berkas tetap tersimpan" in page
    assert reverse("roster:templat", args=["xlsx"]) in page
    assert reverse("roster:ekspor", args=[sekolah.npsn, "csv"]) in page


def test_trainer_opens_any_school_page_and_unknown_npsn_is_404(client, trainer, other_school):
    client.force_login(trainer)
    assert client.get(reverse("roster:sekolah", args=[other_school.npsn])).status_code == 200
    assert client.get(reverse("roster:sekolah", args=["12345678"])).status_code == 404


def test_upload_of_a_good_file_creates_ptk_and_shows_the_result(client, operator, sekolah):
    client.force_login(operator)
    response = _upload(client, sekolah, csv_bytes([roster_row(1), roster_row(2)]))
    imp = RosterImport.objects.get()
    assert response.url == reverse("roster:hasil", args=[imp.pk])
    page = client.get(response.url).content.decode()
    assert "Impor berhasil: 2 PTK baru" in page
    assert PTK.objects.filter(sekolah=sekolah).count() == 2
    assert imp.diunggah_oleh == operator


def test_upload_of_a_bad_file_shows_every_bad_line(client, operator, sekolah):
    client.force_login(operator)
    response = _upload(client, sekolah, csv_bytes([roster_row(1), roster_row(2, jenis_kelamin="X")]))
    page = client.get(response.url).content.decode()
    assert "Berkas ditolak" in page and "Jenis kelamin harus L atau P." in page
    assert "<td>3</td>" in page
    assert not PTK.objects.exists()


def test_upload_without_a_file_is_a_form_error(client, operator, sekolah):
    client.force_login(operator)
    response = client.post(reverse("roster:sekolah", args=[sekolah.npsn]), {})
    assert response.status_code == 200 and "Pilih berkas roster" in response.content.decode()
    assert not RosterImport.objects.exists()


# -- result page --------------------------------------------------------------------------------


def test_result_errors_are_paginated(client, operator, sekolah):
    imp = _imported(sekolah, [roster_row(i, jenis_kelamin="X") for i in range(120)])
    client.force_login(operator)
    last = client.get(reverse("roster:hasil", args=[imp.pk]), {"page": 3})
    assert len(last.context["page"].object_list) == 20
    assert "Halaman 3 dari 3" in last.content.decode()
    assert last.context["page"].object_list[0].baris == 102


@pytest.mark.parametrize("bad_rows", [5, 150])
def test_result_page_queries_do_not_grow_with_errors(
    client, operator, sekolah, bad_rows, django_assert_max_num_queries
):
    imp = _imported(sekolah, [roster_row(i, jenis_kelamin="X") for i in range(bad_rows)])
    client.force_login(operator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("roster:hasil", args=[imp.pk])).status_code == 200


@pytest.mark.parametrize("imports", [1, 12])
def test_school_page_queries_do_not_grow_with_imports(
    client, operator, sekolah, imports, django_assert_max_num_queries
):
    for i in range(imports):
        _imported(sekolah, [roster_row(i)])
    client.force_login(operator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("roster:sekolah", args=[sekolah.npsn])).status_code == 200


# -- export and templates -----------------------------------------------------------------------


def test_export_in_an_unknown_format_is_404(client, operator, sekolah):
    client.force_login(operator)
    assert client.get(reverse("roster:ekspor", args=[sekolah.npsn, "pdf"])).status_code == 404
    assert client.get(reverse("roster:templat", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_upload_kept_on_disk_by_django_is_read_too(client, operator, sekolah, settings, fmt):
    from tests.dapodik.test_roster_support import xlsx_bytes

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload becomes a TemporaryUploadedFile
    client.force_login(operator)
    rows = [roster_row(1), roster_row(2)]
    content = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    _upload(client, sekolah, content, f"roster.{fmt}")
    assert RosterImport.objects.get().status == RosterImport.Status.BERHASIL
    assert PTK.objects.filter(sekolah=sekolah).count() == 2


# -- access matrix: every page by every role (tests/dapodik/matrix.py) ---------------------------------
# The roster of a school belongs to its Operator Sekolah and to trainers. Everyone else is refused
# with 403 and shown nothing of the school; an import result of a school they do not manage is "not
# found" to an operator of another school, so its existence does not leak either.


@pytest.fixture
def import_of_s(world):
    """A refused import of S: its file name and its error lines are S's data."""
    return roster_import(
        actor=trainer_actor(),
        sekolah=world.schools["S"],
        berkas=io.BytesIO(csv_bytes([roster_row(1, jenis_kelamin="X")])),
        nama_berkas="roster-rahasia-s.csv",
    )


def _expect(response, role, expected):
    if role == "anonim":
        assert response.status_code == 302 and reverse("login") in response.url, response.status_code
        return
    assert response.status_code == expected, (role, response.status_code, expected)


def _content(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def _shows_nothing_of(world, school, text):
    sekolah = world.schools[school]
    assert sekolah.nama not in text
    for ptk in world.ptk.values():
        if ptk.sekolah_id == sekolah.pk:
            assert ptk.nik not in text and ptk.nip not in text


@pytest.mark.parametrize("role", ROLES)
def test_roster_entry_by_role(as_role, world, role):
    response = as_role(role).get(reverse("roster:import"))
    writes = SCOPE[role].writes
    if len(writes) == 1:  # an operator goes straight to their school
        _expect(response, role, 302)
        assert response.url == reverse("roster:sekolah", args=[world.schools[writes].npsn])
    else:  # a trainer chooses a school by NPSN
        _expect(response, role, 200 if writes else 403)
    if response.status_code == 403:
        assert "Operator Sekolah" in response.content.decode()
    world.assert_no_leak(response.content, role)


@pytest.mark.parametrize("role", ROLES)
def test_roster_templates_by_role(as_role, role):
    # The empty template documents the format and holds no data: every signed-in user may get it.
    client = as_role(role)
    for fmt in ("csv", "xlsx"):
        _expect(client.get(reverse("roster:templat", args=[fmt])), role, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("school", ["S", "L"])
def test_roster_school_page_by_role(as_role, world, role, school):
    response = as_role(role).get(reverse("roster:sekolah", args=[world.schools[school].npsn]))
    expected = roster_status(role, school)
    _expect(response, role, expected)
    world.assert_no_leak(response.content, role)
    if expected != 200 or role == "anonim":
        _shows_nothing_of(world, school, response.content.decode())


@pytest.mark.parametrize("role", ROLES)
def test_roster_upload_by_role(as_role, world, role):
    sekolah = world.schools["S"]
    url = reverse("roster:sekolah", args=[sekolah.npsn])
    response = as_role(role).post(url, {"berkas": SimpleUploadedFile("r.csv", csv_bytes([roster_row(1)]))})
    done = roster_status(role) == 200 and role != "anonim"
    if role == "anonim":
        _expect(response, role, None)
    elif done:
        assert response.status_code == 302
        assert response.url == reverse("roster:hasil", args=[RosterImport.objects.get().pk])
    else:  # a refused form post returns to the page with the refusal as a message
        assert response.status_code == 302 and response.url == url
        assert any("Operator Sekolah" in str(m) for m in get_messages(response.wsgi_request))
    assert RosterImport.objects.exists() == done
    assert PTK.objects.filter(nama="Guru Roster 1").exists() == done


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["roster:hasil", "roster:galat_csv"])
def test_roster_result_by_role(as_role, world, import_of_s, role, page):
    response = as_role(role).get(reverse(page, args=[import_of_s.pk]))
    expected = roster_status(role)
    if expected != 200 and SCOPE[role].writes:
        expected = 404  # an operator of another school
    _expect(response, role, expected)
    text = _content(response)
    world.assert_no_leak(text, role)
    if expected == 200 and role != "anonim":
        assert "Jenis kelamin harus L atau P." in text
    else:
        assert "roster-rahasia-s.csv" not in text and "Jenis kelamin harus L atau P." not in text
        _shows_nothing_of(world, "S", text)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_roster_export_by_role(as_role, world, role, fmt):
    response = as_role(role).get(reverse("roster:ekspor", args=[world.schools["S"].npsn, fmt]))
    expected = roster_status(role)
    _expect(response, role, expected)
    if expected == 200 and role != "anonim":
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
        if fmt == "csv":
            assert world.ptk["G"].nik in _content(response)
    else:
        _shows_nothing_of(world, "S", _content(response))
