"""Operator Sekolah pages: access by every role, behaviour, and the query count of the PTK list."""

from datetime import date

import pytest
from django.urls import reverse

from dapodik.choices import JenisPenugasan, JenisPTK, StatusVerval
from dapodik.models import PTK, Mutasi, PenugasanKepalaSekolah, VervalPtk
from pmm import clock
from tests import factories as f
from tests.dapodik.helpers import dukcapil_for, nip_for, ptk_data

pytestmark = pytest.mark.usefixtures("hari_ini")

ROLES = ["guru", "kepala", "operator", "operator_lain", "admin_instansi", "trainer", "pic_dinas", "anonim"]


@pytest.fixture
def ptk_lain(sekolah_lain):
    return f.PTKFactory(sekolah=sekolah_lain, nama="Rahasia Sekolah Lain")


@pytest.fixture
def as_role(request, client, guru, kepala, ptk_lain):
    """``as_role(name)``: the test client logged in as that role (anonymous for "anonim")."""

    def _as(name):
        client.logout()
        if name == "anonim":
            return client
        user = request.getfixturevalue(name)
        client.force_login(getattr(user, "user", user))
        return client

    return _as


def _expect(response, expected, *, leak=None):
    if expected == "login":
        assert response.status_code == 302
        assert reverse("login") in response.url
        return
    assert response.status_code == expected, response.status_code
    if leak is not None and expected != 200:
        assert leak not in response.content.decode()


# --- access matrix --------------------------------------------------------------------------------

LIST_ACCESS = {
    "guru": 403,
    "kepala": 403,
    "operator": 200,
    "operator_lain": 200,
    "admin_instansi": 200,
    "trainer": 200,
    "pic_dinas": 403,
    "anonim": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_ptk_list_access(as_role, role, guru):
    response = as_role(role).get(reverse("dapodik:ptk_list"))
    _expect(response, LIST_ACCESS[role])
    if response.status_code == 200:
        body = response.content.decode()
        sees_guru = role in ("operator", "admin_instansi", "trainer")
        assert (guru.nama in body) == sees_guru
        assert ("Rahasia Sekolah Lain" in body) == (role in ("operator_lain", "trainer"))


@pytest.mark.parametrize("role", ROLES)
def test_sekolah_list_access(as_role, role, sekolah, sekolah_lain):
    response = as_role(role).get(reverse("dapodik:sekolah_list"))
    _expect(response, LIST_ACCESS[role])
    if response.status_code == 200 and role == "operator_lain":
        assert sekolah.nama not in response.content.decode()


DETAIL_ACCESS = {
    "guru": 200,
    "kepala": 404,
    "operator": 200,
    "operator_lain": 404,
    "admin_instansi": 200,
    "trainer": 200,
    "pic_dinas": 404,
    "anonim": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_ptk_detail_access(as_role, role, guru):
    response = as_role(role).get(reverse("dapodik:ptk_detail", args=[guru.pk]))
    _expect(response, DETAIL_ACCESS[role])
    if response.status_code == 404:
        assert guru.nik not in response.content.decode()


WRITE_ACCESS = {
    "guru": 403,
    "kepala": 404,
    "operator": 200,
    "operator_lain": 404,
    "admin_instansi": 403,
    "trainer": 200,
    "pic_dinas": 404,
    "anonim": "login",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["dapodik:ptk_update", "dapodik:ptk_transfer", "dapodik:verval_create"])
def test_ptk_write_pages_access(as_role, role, page, guru):
    response = as_role(role).get(reverse(page, args=[guru.pk]))
    _expect(response, WRITE_ACCESS[role], leak=guru.nik)


@pytest.mark.parametrize("role", ROLES)
def test_ptk_create_page_access(as_role, role, sekolah):
    expected = {**WRITE_ACCESS, "kepala": 403}[role]  # a kepala sees their school, may not add to it
    _expect(as_role(role).get(reverse("dapodik:ptk_create", args=[sekolah.pk])), expected)


@pytest.mark.parametrize("role", ROLES)
def test_sekolah_detail_access(as_role, role, sekolah):
    expected = {**DETAIL_ACCESS, "kepala": 200}[role]
    response = as_role(role).get(reverse("dapodik:sekolah_detail", args=[sekolah.pk]))
    _expect(response, expected)
    if response.status_code == 200:
        has_form = "Tugaskan kepala sekolah" in response.content.decode()
        assert has_form == (role in ("operator", "trainer"))


@pytest.mark.parametrize("role", ROLES)
def test_verval_list_access_and_scope(as_role, role, guru, ptk_lain):
    for ptk in (guru, ptk_lain):
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    response = as_role(role).get(reverse("dapodik:verval_list"))
    expected = {**LIST_ACCESS, "guru": 200, "kepala": 200}[role]
    _expect(response, expected)
    if response.status_code == 200:
        body = response.content.decode()
        assert (guru.nama in body) == (role in ("guru", "operator", "admin_instansi", "trainer"))
        assert ("Rahasia Sekolah Lain" in body) == (role in ("operator_lain", "trainer"))


@pytest.mark.parametrize("role", ROLES)
def test_ptk_update_post_by_role_changes_only_when_allowed(as_role, role, guru):
    data = {**ptk_data(), "nik": guru.nik, "nip": guru.nip, "nuptk": guru.nuptk, "email": guru.email}
    data.update(
        nama="Nama Diubah",
        tanggal_lahir=guru.tanggal_lahir,
        jenis_kelamin=guru.jenis_kelamin,
        tmt_tugas=guru.tmt_tugas,
    )
    response = as_role(role).post(reverse("dapodik:ptk_update", args=[guru.pk]), data)
    allowed = WRITE_ACCESS[role] == 200
    _expect(response, 302 if allowed else WRITE_ACCESS[role])
    guru.refresh_from_db()
    assert (guru.nama == "Nama Diubah") == allowed


@pytest.mark.parametrize("role", ROLES)
def test_kepala_assign_post_by_role(as_role, role, sekolah, guru, kepala):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    penugasan.tanggal_selesai = date(2025, 2, 28)
    penugasan.save()
    response = as_role(role).post(
        reverse("dapodik:kepala_assign", args=[sekolah.pk]),
        {"jenis": JenisPenugasan.PLT, "ptk": guru.pk, "tanggal_mulai": "2025-03-01"},
    )
    expected = {**WRITE_ACCESS, "kepala": 403, "guru": 403}[role]
    allowed = expected == 200
    _expect(response, 302 if allowed else expected)
    assert PenugasanKepalaSekolah.objects.filter(ptk=guru).exists() == allowed


@pytest.mark.parametrize("role", ROLES)
def test_kepala_end_post_by_role(as_role, role, kepala):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    response = as_role(role).post(
        reverse("dapodik:kepala_end", args=[penugasan.pk]), {"tanggal_selesai": "2025-03-09"}
    )
    expected = {**WRITE_ACCESS, "kepala": 403, "guru": 403}[role]
    allowed = expected == 200
    _expect(response, 302 if allowed else expected)
    penugasan.refresh_from_db()
    assert (penugasan.tanggal_selesai is not None) == allowed


# --- behaviour ------------------------------------------------------------------------------------


def _form(data):
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def test_operator_adds_a_ptk_through_the_form(client, operator, sekolah):
    client.force_login(operator)
    response = client.post(reverse("dapodik:ptk_create", args=[sekolah.pk]), _form(ptk_data()))
    ptk = PTK.objects.get(nama="Siti Rahmawati")
    assert response.status_code == 302
    assert response.url == reverse("dapodik:ptk_detail", args=[ptk.pk])
    assert ptk.sekolah == sekolah


def test_form_shows_service_errors_on_their_fields_in_indonesian(client, operator, sekolah):
    client.force_login(operator)
    before = PTK.objects.count()
    response = client.post(
        reverse("dapodik:ptk_create", args=[sekolah.pk]),
        _form(ptk_data(jenis_kelamin="L", email="siti@gmail.com")),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "NIK tidak sesuai dengan jenis kelamin" in form.errors["nik"][0]
    assert "NIP tidak sesuai dengan jenis kelamin PTK." in form.errors["nip"]
    assert "belajar.id" in form.errors["email"][0]
    assert "field-error" in response.content.decode()
    assert PTK.objects.count() == before


def test_form_reports_unparseable_input_without_a_500(client, operator, sekolah):
    client.force_login(operator)
    data = _form(ptk_data())
    data.update(tanggal_lahir="31-02-1988", jenis_ptk="raja", nik="x" * 500)
    response = client.post(reverse("dapodik:ptk_create", args=[sekolah.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["tanggal_lahir"] == ["Tanggal lahir bukan tanggal yang valid."]
    assert errors["jenis_ptk"] == ["Jenis PTK tidak dikenal."]
    assert "paling panjang" in errors["nik"][0]


def test_changing_a_recorded_nip_on_the_form_points_to_verval(client, operator, guru):
    client.force_login(operator)
    data = _form({f: getattr(guru, f) for f in ptk_data()})
    data["nip"] = nip_for(guru)
    response = client.post(reverse("dapodik:ptk_update", args=[guru.pk]), data)
    assert response.status_code == 200
    assert "Verval PTK" in response.context["form"].errors["nip"][0]


def test_transfer_page_moves_the_ptk_and_reports_unknown_npsn(client, operator, guru, sekolah, sekolah_lain):
    client.force_login(operator)
    url = reverse("dapodik:ptk_transfer", args=[guru.pk])
    response = client.post(url, {"npsn_tujuan": "99999999", "tanggal_efektif": "2025-04-01"})
    assert response.context["form"].errors["npsn_tujuan"] == ["Sekolah dengan NPSN ini tidak ditemukan."]
    response = client.post(url, {"npsn_tujuan": sekolah_lain.npsn, "tanggal_efektif": "2019-01-01"})
    assert "sebelum TMT tugas" in response.context["form"].non_field_errors()[0]
    assert not Mutasi.objects.exists()
    response = client.post(url, {"npsn_tujuan": sekolah_lain.npsn, "tanggal_efektif": "2025-04-01"})
    assert response.status_code == 302
    assert response.url == f"{reverse('dapodik:ptk_list')}?sekolah={sekolah.pk}"
    guru.refresh_from_db()
    assert guru.sekolah == sekolah_lain
    # the origin operator no longer sees the PTK
    assert client.get(reverse("dapodik:ptk_detail", args=[guru.pk])).status_code == 404


def test_detail_shows_mutasi_and_verval_history(client, trainer, guru, sekolah_lain):
    client.force_login(trainer)
    client.post(
        reverse("dapodik:ptk_transfer", args=[guru.pk]),
        {"npsn_tujuan": sekolah_lain.npsn, "tanggal_efektif": "2025-04-01"},
    )
    client.post(reverse("dapodik:verval_create", args=[guru.pk]), {"nip_baru": nip_for(guru)})
    body = client.get(reverse("dapodik:ptk_detail", args=[guru.pk])).content.decode()
    assert "01-04-2025" in body and sekolah_lain.nama in body
    assert "data tidak sesuai dengan Dukcapil" in body


def test_verval_page_approves_a_match(client, operator, guru):
    dukcapil_for(guru)
    client.force_login(operator)
    response = client.post(reverse("dapodik:verval_create", args=[guru.pk]), {"nip_baru": nip_for(guru)})
    assert response.status_code == 302
    guru.refresh_from_db()
    assert guru.nip == nip_for(guru)
    page = client.get(response.url).content.decode()
    assert "Verval PTK disetujui" in page


def test_verval_page_reports_a_dukcapil_mismatch(client, operator, guru):
    dukcapil_for(guru, nama="Orang Lain")
    lama = guru.nip
    client.force_login(operator)
    response = client.post(
        reverse("dapodik:verval_create", args=[guru.pk]), {"nip_baru": nip_for(guru)}, follow=True
    )
    assert "data tidak sesuai dengan Dukcapil" in response.content.decode()
    guru.refresh_from_db()
    assert guru.nip == lama
    assert VervalPtk.objects.get().status == StatusVerval.DITOLAK


def test_verval_page_shows_format_errors_on_the_field_and_records_nothing(client, operator, guru):
    client.force_login(operator)
    response = client.post(reverse("dapodik:verval_create", args=[guru.pk]), {"nip_baru": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["nip_baru"] == ["NIP harus 18 digit (saat ini 5 digit)."]
    assert not VervalPtk.objects.exists()


def test_principal_page_assigns_a_plt_from_another_school_by_identifier(client, operator, sekolah):
    neighbour = f.PTKFactory(sekolah=f.SekolahFactory(instansi=sekolah.instansi))
    client.force_login(operator)
    response = client.post(
        reverse("dapodik:kepala_assign", args=[sekolah.pk]),
        {"jenis": JenisPenugasan.PLT, "identitas": neighbour.nuptk, "tanggal_mulai": "2025-03-10"},
    )
    assert response.status_code == 302
    assert PenugasanKepalaSekolah.objects.get(sekolah=sekolah).ptk == neighbour


def test_principal_page_shows_refusals_on_the_form(client, operator, sekolah, kepala, guru):
    client.force_login(operator)
    url = reverse("dapodik:kepala_assign", args=[sekolah.pk])
    response = client.post(
        url, {"jenis": JenisPenugasan.DEFINITIF, "ptk": guru.pk, "tanggal_mulai": "2025-03-10"}
    )
    assert response.status_code == 200
    assert "sudah memiliki Kepala Sekolah definitif" in response.context["assign_form"].non_field_errors()[0]
    response = client.post(
        url, {"jenis": JenisPenugasan.PLT, "identitas": "1234", "tanggal_mulai": "2025-03-10"}
    )
    assert response.context["assign_form"].errors["identitas"]
    response = client.post(url, {"jenis": JenisPenugasan.PLT, "tanggal_mulai": "2025-03-10"})
    assert response.context["assign_form"].errors["ptk"]
    response = client.post(
        url, {"jenis": JenisPenugasan.DEFINITIF, "ptk": guru.pk, "tanggal_mulai": "0001-01-01"}
    )
    assert response.status_code == 200
    assert PenugasanKepalaSekolah.objects.count() == 1
    guru.refresh_from_db()
    assert guru.jenis_ptk == JenisPTK.GURU_KELAS


def test_principal_end_with_a_bad_date_is_reported(client, operator, kepala):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    client.force_login(operator)
    response = client.post(
        reverse("dapodik:kepala_end", args=[penugasan.pk]), {"tanggal_selesai": "2001-01-01"}, follow=True
    )
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
    response = client.post(
        reverse("dapodik:kepala_end", args=[penugasan.pk]), {"tanggal_selesai": "kemarin"}, follow=True
    )
    assert "bukan tanggal yang valid" in response.content.decode()
    penugasan.refresh_from_db()
    assert penugasan.tanggal_selesai is None


def test_list_search_filters_and_pages(client, operator, sekolah):
    for i in range(30):
        f.PTKFactory(sekolah=sekolah, nama=f"Guru Nomor {i:02d}", user=None)
    target = f.PTKFactory(sekolah=sekolah, nama="Yusuf Unik", jenis_ptk=JenisPTK.GURU_BK, user=None)
    client.force_login(operator)
    url = reverse("dapodik:ptk_list")
    body = client.get(url, {"q": "yusuf"}).content.decode()
    assert "Yusuf Unik" in body and "Guru Nomor 00" not in body
    body = client.get(url, {"q": target.nip}).content.decode()
    assert "Yusuf Unik" in body
    body = client.get(url, {"jenis_ptk": JenisPTK.GURU_BK}).content.decode()
    assert "Yusuf Unik" in body and "Guru Nomor 01" not in body
    second = client.get(url, {"page": 2})
    assert second.context["page"].number == 2
    assert "page=1" in second.content.decode()
    for garbled in ("abc", "-5", "99999", "\x00"):
        assert client.get(url, {"page": garbled, "q": garbled, "jenis_ptk": garbled}).status_code == 200
    assert client.get(url, {"sekolah": "abc"}).status_code == 404


@pytest.mark.parametrize("size", [5, 50])
def test_ptk_list_query_count_does_not_grow(client, operator, sekolah, django_assert_max_num_queries, size):
    for _ in range(size):
        f.PTKFactory(sekolah=sekolah, user=None)
    client.force_login(operator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dapodik:ptk_list"))
    assert len(response.context["page"].object_list) == min(size, 25)


@pytest.mark.parametrize("size", [5, 50])
def test_verval_list_query_count_does_not_grow(
    client, operator, sekolah, django_assert_max_num_queries, size
):
    for _ in range(size):
        ptk = f.PTKFactory(sekolah=sekolah, user=None)
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    client.force_login(operator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dapodik:verval_list"))
    assert len(response.context["page"].object_list) == min(size, 25)


def test_menu_links_the_operator_pages(client, operator):
    client.force_login(operator)
    body = client.get(reverse("home")).content.decode()
    assert reverse("dapodik:ptk_list") in body
    assert reverse("dapodik:verval_list") in body
    assert reverse("dapodik:sekolah_list") in body
