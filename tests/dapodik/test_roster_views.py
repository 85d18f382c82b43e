"""Roster pages: access by role and school, upload, result with paginated errors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dapodik.models import PTK, RosterImport
from dapodik.roster.services import roster_import
from pmm.roles import Role
from tests import factories as f
from tests.dapodik.test_roster_support import csv_bytes, roster_row, trainer_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_school(db):
    return f.SekolahFactory(nama="SD Negeri Sebelah")


@pytest.fixture
def other_operator(other_school):
    user = f.UserFactory(email="operator.sebelah@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=other_school)
    return user


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


def test_guru_and_anonymous_cannot_open_the_roster(client, guru, sekolah):
    assert client.get(reverse("roster:import")).status_code == 302
    assert client.get(reverse("roster:sekolah", args=[sekolah.npsn])).status_code == 302
    client.force_login(guru.user)
    for url in (reverse("roster:import"), reverse("roster:sekolah", args=[sekolah.npsn])):
        response = client.get(url)
        assert response.status_code == 403 and "Operator Sekolah" in response.content.decode()


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


def test_operator_of_another_school_is_refused_and_sees_nothing(client, other_operator, sekolah):
    f.PTKFactory(sekolah=sekolah, nama="Rahasia Sekolah Ini")
    client.force_login(other_operator)
    response = client.get(reverse("roster:sekolah", args=[sekolah.npsn]))
    assert response.status_code == 403
    assert "Rahasia Sekolah Ini" not in response.content.decode()
    assert sekolah.nama not in response.content.decode()


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


def test_upload_to_another_school_is_refused(client, other_operator, sekolah):
    client.force_login(other_operator)
    response = _upload(client, sekolah, csv_bytes([roster_row(1)]))
    assert response.status_code == 302
    assert not PTK.objects.exists() and not RosterImport.objects.exists()


# -- result page --------------------------------------------------------------------------------


def test_result_is_only_for_the_school_operator_and_trainer(
    client, operator, other_operator, trainer, guru, sekolah
):
    imp = _imported(sekolah, [roster_row(1, jenis_kelamin="X")])
    for user, expected in ((operator, 200), (trainer, 200), (other_operator, 404), (guru.user, 403)):
        client.force_login(user)
        assert client.get(reverse("roster:hasil", args=[imp.pk])).status_code == expected, user
        assert client.get(reverse("roster:galat_csv", args=[imp.pk])).status_code == expected, user


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


def test_export_is_only_for_the_school_operator_and_trainer(
    client, operator, other_operator, trainer, guru, sekolah
):
    ptk = f.PTKFactory(sekolah=sekolah)
    for user, expected in ((operator, 200), (trainer, 200), (other_operator, 403), (guru.user, 403)):
        client.force_login(user)
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse("roster:ekspor", args=[sekolah.npsn, fmt]))
            assert response.status_code == expected
            if expected != 200:
                assert ptk.nik.encode() not in response.content
    client.logout()
    assert client.get(reverse("roster:ekspor", args=[sekolah.npsn, "csv"])).status_code == 302
    client.force_login(operator)
    assert client.get(reverse("roster:ekspor", args=[sekolah.npsn, "pdf"])).status_code == 404


def test_templates_need_a_login(client):
    assert client.get(reverse("roster:templat", args=["csv"])).status_code == 302


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
