"""Operator Sekolah pages: access by every role, behaviour, and the query count of the PTK list.

The access matrix tries every page with every role of tests/dapodik/matrix.py (each role of
pmm/roles.py, the same roles of another school or instansi, and anonymous) and derives the expected
answer from the product rules written there (``SCOPE``)."""

from datetime import date

import pytest
from django.urls import reverse

from dapodik import permissions
from dapodik.choices import JenisPenugasan, JenisPTK, StatusKepegawaian, StatusVerval
from dapodik.models import PTK, Mutasi, PenugasanKepalaSekolah, VervalPtk
from pmm import clock
from tests import factories as f
from tests.dapodik.helpers import dukcapil_for, nip_for, ptk_data
from tests.dapodik.matrix import PTK_ROLES, ROLES, SCOPE, read_status, reads, write_status

pytestmark = pytest.mark.usefixtures("hari_ini")


def _expect(response, role, expected):
    """Anonymous users are sent to the login page; everyone else gets ``expected``."""
    if role == "anonim":
        assert response.status_code == 302 and reverse("login") in response.url, response.status_code
        return
    assert response.status_code == expected, (role, response.status_code, expected)


def _list_status(role):
    return 200 if SCOPE[role].lists else 403


# --- access matrix: reading -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_ptk_list_access_and_scope(as_role, world, role):
    response = as_role(role).get(reverse("dapodik:ptk_list"))
    _expect(response, role, _list_status(role))
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        assert {p.pk for p in response.context["page"].object_list} == world.readable_ptk(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("school", ["S", "L"])
def test_ptk_list_of_one_school(as_role, world, role, school):
    sekolah = world.schools[school]
    response = as_role(role).get(reverse("dapodik:ptk_list"), {"sekolah": sekolah.pk})
    _expect(response, role, read_status(role, school) if SCOPE[role].lists else 403)
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        shown = {p.pk for p in response.context["page"].object_list}
        assert shown == {p.pk for p in world.ptk.values() if p.sekolah_id == sekolah.pk}
        assert response.context["can_write"] == (school in SCOPE[role].writes)


@pytest.mark.parametrize("role", ROLES)
def test_sekolah_list_access_and_scope(as_role, world, role):
    response = as_role(role).get(reverse("dapodik:sekolah_list"))
    _expect(response, role, _list_status(role))
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        assert {s.pk for s in response.context["page"].object_list} == world.readable_schools(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["G", "K", "X"])
def test_ptk_detail_access(as_role, world, role, target):
    ptk = world.ptk[target]
    response = as_role(role).get(reverse("dapodik:ptk_detail", args=[ptk.pk]))
    _expect(response, role, read_status(role, target))
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        assert ptk.nik in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["S", "N", "L"])
def test_sekolah_detail_access(as_role, world, role, target):
    sekolah = world.schools[target]
    response = as_role(role).get(reverse("dapodik:sekolah_detail", args=[sekolah.pk]))
    _expect(response, role, read_status(role, target))
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        body = response.content.decode()
        assert sekolah.npsn in body
        assert ("Tugaskan kepala sekolah" in body) == (target in SCOPE[role].writes)
        assert (reverse("dapodik:ptk_list") in body) == SCOPE[role].lists


@pytest.mark.parametrize("role", ROLES)
def test_verval_list_access_and_scope(as_role, world, role):
    for ptk in world.ptk.values():
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    response = as_role(role).get(reverse("dapodik:verval_list"))
    # The data managers see the Verval PTK of their scope; a PTK sees their own.
    _expect(response, role, 200 if SCOPE[role].lists or role in PTK_ROLES else 403)
    world.assert_no_leak(response.content, role)
    if response.status_code == 200:
        shown = {v.ptk_id for v in response.context["page"].object_list}
        assert shown == {p.pk for letter, p in world.ptk.items() if reads(role, letter)}


# --- access matrix: pages that change data ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["dapodik:ptk_update", "dapodik:ptk_transfer", "dapodik:verval_create"])
def test_ptk_write_pages_access(as_role, world, role, page):
    response = as_role(role).get(reverse(page, args=[world.ptk["G"].pk]))
    _expect(response, role, write_status(role, "G"))
    world.assert_no_leak(response.content, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("school", ["S", "L"])
def test_ptk_create_page_access(as_role, world, role, school):
    response = as_role(role).get(reverse("dapodik:ptk_create", args=[world.schools[school].pk]))
    _expect(response, role, write_status(role, school))
    world.assert_no_leak(response.content, role)


def _posted(response, role, expected):
    """A change that is allowed redirects; a refused one answers ``expected`` (403 or 404)."""
    _expect(response, role, 302 if expected == 200 else expected)
    return expected == 200 and role != "anonim"


def _form(data):
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


@pytest.mark.parametrize("role", ROLES)
def test_ptk_create_post_by_role(as_role, world, role):
    response = as_role(role).post(
        reverse("dapodik:ptk_create", args=[world.schools["S"].pk]), _form(ptk_data())
    )
    done = _posted(response, role, write_status(role, "S"))
    world.assert_no_leak(response.content, role)
    assert PTK.objects.filter(nama="Siti Rahmawati", sekolah=world.schools["S"]).exists() == done


@pytest.mark.parametrize("role", ROLES)
def test_ptk_update_post_by_role(as_role, world, role):
    guru = world.ptk["G"]
    data = {**ptk_data(), "nik": guru.nik, "nip": guru.nip, "nuptk": guru.nuptk, "email": guru.email}
    data.update(
        nama="Nama Diubah",
        tanggal_lahir=guru.tanggal_lahir,
        jenis_kelamin=guru.jenis_kelamin,
        tmt_tugas=guru.tmt_tugas,
    )
    response = as_role(role).post(reverse("dapodik:ptk_update", args=[guru.pk]), _form(data))
    done = _posted(response, role, write_status(role, "G"))
    world.assert_no_leak(response.content, role)
    guru.refresh_from_db()
    assert (guru.nama == "Nama Diubah") == done


@pytest.mark.parametrize("role", ROLES)
def test_ptk_transfer_post_by_role(as_role, world, role):
    guru = world.ptk["G"]
    response = as_role(role).post(
        reverse("dapodik:ptk_transfer", args=[guru.pk]),
        {"npsn_tujuan": world.schools["N"].npsn, "tanggal_efektif": "2025-04-01"},
    )
    done = _posted(response, role, write_status(role, "G"))
    world.assert_no_leak(response.content, role)
    assert Mutasi.objects.filter(ptk=guru).exists() == done
    guru.refresh_from_db()
    assert (guru.sekolah == world.schools["N"]) == done


@pytest.mark.parametrize("role", ROLES)
def test_verval_create_post_by_role(as_role, world, role):
    guru = world.ptk["G"]
    dukcapil_for(guru)
    response = as_role(role).post(
        reverse("dapodik:verval_create", args=[guru.pk]), {"nip_baru": nip_for(guru)}
    )
    done = _posted(response, role, write_status(role, "G"))
    world.assert_no_leak(response.content, role)
    assert VervalPtk.objects.filter(ptk=guru).exists() == done
    guru.refresh_from_db()
    assert (guru.nip == nip_for(guru)) == done


@pytest.mark.parametrize("role", ROLES)
def test_kepala_assign_post_by_role(as_role, world, role):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=world.ptk["K"])
    penugasan.tanggal_selesai = date(2025, 2, 28)
    penugasan.save()
    guru = world.ptk["G"]
    response = as_role(role).post(
        reverse("dapodik:kepala_assign", args=[world.schools["S"].pk]),
        {"jenis": JenisPenugasan.PLT, "ptk": guru.pk, "tanggal_mulai": "2025-03-01"},
    )
    done = _posted(response, role, write_status(role, "S"))
    world.assert_no_leak(response.content, role)
    assert PenugasanKepalaSekolah.objects.filter(ptk=guru).exists() == done


@pytest.mark.parametrize("role", ROLES)
def test_kepala_end_post_by_role(as_role, world, role):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=world.ptk["K"])
    response = as_role(role).post(
        reverse("dapodik:kepala_end", args=[penugasan.pk]), {"tanggal_selesai": "2025-03-09"}
    )
    done = _posted(response, role, write_status(role, "S"))
    world.assert_no_leak(response.content, role)
    penugasan.refresh_from_db()
    assert (penugasan.tanggal_selesai is not None) == done


@pytest.mark.parametrize("role", ROLES)
def test_kepala_by_identitas_reveals_nothing_outside_the_instansi(as_role, world, role):
    # X (another instansi) is a non-ASN: a refusal by the assignment rules would name them and their
    # status. Whoever may not read X is told "not found", as for a NIK that does not exist.
    PenugasanKepalaSekolah.objects.filter(ptk=world.ptk["K"]).update(tanggal_selesai=date(2025, 2, 28))
    x = world.ptk["X"]
    x.status_kepegawaian = StatusKepegawaian.GURU_HONOR_SEKOLAH
    x.save()
    response = as_role(role).post(
        reverse("dapodik:kepala_assign", args=[world.schools["S"].pk]),
        {"jenis": JenisPenugasan.PLT, "identitas": x.nik, "tanggal_mulai": "2025-03-10"},
    )
    # The form shows back the NIK that was typed; nothing else of X.
    world.assert_no_leak(response.content, role, allow="X")
    body = response.content.decode()
    expected = write_status(role, "S")
    _expect(response, role, expected)  # a refused form is shown again (200)
    if expected == 200 and reads(role, "X"):  # a trainer reads X and gets the rule's own refusal
        assert x.nama in response.context["assign_form"].non_field_errors()[0]
    else:
        if expected == 200 and role != "anonim":  # the operator of S
            assert response.context["assign_form"].errors["identitas"] == [permissions.KEPALA_NOT_FOUND]
        for secret in (x.nama, x.nip, x.nuptk, "Guru Honor"):
            assert secret not in body
    assert not PenugasanKepalaSekolah.objects.filter(ptk=x).exists()


# --- behaviour ------------------------------------------------------------------------------------


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
