from datetime import date, timedelta

import pytest

from dapodik import services
from dapodik.choices import JenisPenugasan, JenisPTK, StatusKepegawaian, StatusSekolah, StatusVerval
from dapodik.models import PTK, Mutasi, PenugasanKepalaSekolah, VervalPtk
from pmm.errors import ApplicationError, Forbidden
from pmm.roles import Role
from tests import factories as f
from tests.dapodik.helpers import HARI_INI, dukcapil_for, nip_for, ptk_data

pytestmark = pytest.mark.usefixtures("hari_ini")


def _snapshot():
    return sorted(PTK.objects.values_list("pk", "nik", "nip", "nama", "sekolah_id", "email", "user_id"))


# --- ptk_create -----------------------------------------------------------------------------------


def test_operator_creates_a_ptk_in_their_school(sekolah, operator, actor):
    ptk = services.ptk_create(actor=actor(operator), sekolah=sekolah, **ptk_data())
    ptk.refresh_from_db()
    assert ptk.sekolah == sekolah
    assert ptk.nama == "Siti Rahmawati"
    assert ptk.user is None


def test_create_normalises_spaces_case_and_links_the_account_with_that_email(sekolah, operator, actor):
    user = f.UserFactory(email="siti.rahmawati@guru.sd.belajar.id")
    data = ptk_data()
    nip = data["nip"]
    data.update(
        nama="  Siti   Rahmawati ",
        nip=f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
        email="Siti.Rahmawati@GURU.sd.belajar.id ",
    )
    ptk = services.ptk_create(actor=actor(operator), sekolah=sekolah, **data)
    ptk.refresh_from_db()
    assert (ptk.nama, ptk.nip, ptk.email) == ("Siti Rahmawati", nip, "siti.rahmawati@guru.sd.belajar.id")
    assert ptk.user == user
    assert Role.GURU in actor(user).roles


def test_trainer_creates_a_ptk_in_any_school(sekolah_lain, trainer, actor):
    ptk = services.ptk_create(actor=actor(trainer), sekolah=sekolah_lain, **ptk_data())
    assert ptk.sekolah == sekolah_lain


def test_pppk_carries_a_ni_pppk_and_honorer_no_nip(sekolah, operator, actor):
    from dapodik import identifiers

    lahir = date(1990, 4, 4)
    ni = identifiers.ni_pppk_build(tanggal_lahir=lahir, tahun_pengangkatan=2022, jenis_kelamin="L")
    pppk = services.ptk_create(
        actor=actor(operator),
        sekolah=sekolah,
        **ptk_data(
            nik=identifiers.nik_build(kode_wilayah="920101", tanggal_lahir=lahir, jenis_kelamin="L", urut=3),
            tanggal_lahir=lahir,
            jenis_kelamin="L",
            status_kepegawaian=StatusKepegawaian.PPPK,
            nip=ni,
        ),
    )
    honorer = services.ptk_create(
        actor=actor(operator),
        sekolah=sekolah,
        **ptk_data(
            status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH,
            nip="",
            nuptk="",
            email="",
        ),
    )
    assert pppk.nip == ni
    assert (honorer.nip, honorer.nuptk, honorer.email) == (None, None, None)


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"nik": "320101450288000"}, "nik", "16 digit"),
        ({"nik": "3201010502880077"}, "nik", "jenis kelamin"),
        ({"tanggal_lahir": date(1988, 2, 6)}, "nik", "tanggal lahir"),
        ({"nuptk": "0" * 16}, "nuptk", "nol semua"),
        ({"nip": ""}, "nip", "wajib diisi"),
        ({"jenis_kelamin": "L"}, "nip", "jenis kelamin"),
        ({"status_kepegawaian": StatusKepegawaian.GTY_PTY}, "nip", "hanya diisi untuk PNS"),
        ({"email": "siti@gmail.com"}, "email", "belajar.id"),
        ({"email": "siti@belajar.id"}, "email", "belajar.id"),
        ({"email": "bukan email"}, "email", "Format e-mail"),
        ({"jenis_ptk": "astronaut"}, "jenis_ptk", "tidak dikenal"),
        ({"status_kepegawaian": "raja"}, "status_kepegawaian", "tidak dikenal"),
        ({"jenis_kelamin": "X"}, "jenis_kelamin", "L (laki-laki)"),
        ({"nama": "   "}, "nama", "wajib"),
        ({"tanggal_lahir": None}, "tanggal_lahir", "wajib"),
        ({"tmt_tugas": "2021-07-01"}, "tmt_tugas", "tanggal yang valid"),
        ({"tmt_tugas": HARI_INI + timedelta(days=366)}, "tmt_tugas", "satu tahun"),
        ({"tmt_tugas": date(2000, 1, 1)}, "tmt_tugas", "berusia 17"),
    ],
)
def test_create_refuses_bad_data_per_field_and_changes_nothing(
    sekolah, operator, actor, overrides, field, fragment
):
    before = _snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.ptk_create(actor=actor(operator), sekolah=sekolah, **ptk_data(**overrides))
    assert any(fragment in m for m in exc.value.detail[field]), exc.value.detail
    assert exc.value.message in exc.value.detail[next(iter(exc.value.detail))]
    assert _snapshot() == before


def test_create_refuses_a_ptk_younger_than_17(sekolah, operator, actor):
    from dapodik import identifiers

    lahir = date(2009, 1, 1)
    data = ptk_data(
        tanggal_lahir=lahir,
        nik=identifiers.nik_build(kode_wilayah="920101", tanggal_lahir=lahir, jenis_kelamin="P", urut=1),
        status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH,
        nip=None,
    )
    with pytest.raises(ApplicationError) as exc:
        services.ptk_create(actor=actor(operator), sekolah=sekolah, **data)
    assert "17 tahun" in exc.value.detail["tanggal_lahir"][0]


def test_create_reports_every_bad_field_at_once(sekolah, operator, actor):
    with pytest.raises(ApplicationError) as exc:
        services.ptk_create(
            actor=actor(operator), sekolah=sekolah, **ptk_data(nik="1", nuptk="2", email="x@y.z", nama="")
        )
    assert {"nik", "nuptk", "email", "nama"} <= set(exc.value.detail)


@pytest.mark.parametrize("field", ["nik", "nuptk", "nip", "email"])
def test_create_refuses_an_identifier_of_a_ptk_of_another_school_without_naming_it(
    sekolah, sekolah_lain, operator, actor, field
):
    other = f.PTKFactory(sekolah=sekolah_lain, nama="Rahasia Sekolah Lain")
    data = ptk_data(**{field: getattr(other, field)})
    if field == "nip":
        # the NIP must also agree with the birth date and gender it comes with
        data.update(tanggal_lahir=other.tanggal_lahir, jenis_kelamin=other.jenis_kelamin, nik=None)
        data["nik"] = ptk_data()["nik"]
    before = _snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.ptk_create(actor=actor(operator), sekolah=sekolah, **data)
    assert any("sudah terdaftar untuk PTK lain" in m for m in exc.value.detail[field])
    assert "Rahasia" not in str(exc.value.detail)
    assert _snapshot() == before


def test_create_refuses_an_account_already_linked_to_another_ptk(sekolah, guru, operator, actor):
    # The account's PTK carries another e-mail now (e.g. changed by a roster import).
    PTK.objects.filter(pk=guru.pk).update(email="lama@guru.sd.belajar.id")
    with pytest.raises(ApplicationError) as exc:
        services.ptk_create(actor=actor(operator), sekolah=sekolah, **ptk_data(email=guru.user.email))
    assert "sudah tertaut ke PTK lain" in exc.value.detail["email"][0]


@pytest.mark.parametrize("who", ["operator_lain", "admin_instansi", "guru", "pic_dinas"])
def test_create_is_refused_to_anyone_but_the_schools_operator(sekolah, actor, who, request):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    before = _snapshot()
    with pytest.raises(Forbidden):
        services.ptk_create(actor=actor(user), sekolah=sekolah, **ptk_data())
    assert _snapshot() == before


def test_create_refuses_unknown_fields(sekolah, operator, actor):
    with pytest.raises(ApplicationError):
        services.ptk_create(actor=actor(operator), sekolah=sekolah, sekolah_id=1, **ptk_data())


# --- ptk_update -----------------------------------------------------------------------------------


def test_operator_updates_jenis_and_status_fields(guru, operator, actor):
    services.ptk_update(actor=actor(operator), ptk=guru, jenis_ptk=JenisPTK.GURU_MAPEL, nama="Guru Baru")
    guru.refresh_from_db()
    assert (guru.jenis_ptk, guru.nama) == (JenisPTK.GURU_MAPEL, "Guru Baru")


def test_changing_the_email_follows_the_account_with_that_email(guru, operator, actor):
    old_user = guru.user
    new_user = f.UserFactory(email="baru@guru.sd.belajar.id")
    services.ptk_update(actor=actor(operator), ptk=guru, email="baru@guru.sd.belajar.id")
    guru.refresh_from_db()
    assert guru.user == new_user
    assert actor(old_user).ptk is None
    services.ptk_update(actor=actor(operator), ptk=guru, email="tanpa.akun@guru.sd.belajar.id")
    guru.refresh_from_db()
    assert guru.user is None


def test_an_existing_nip_changes_only_through_verval(guru, operator, actor):
    before = _snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.ptk_update(actor=actor(operator), ptk=guru, nip=nip_for(guru))
    assert "Verval PTK" in exc.value.detail["nip"][0]
    assert _snapshot() == before


def test_an_empty_nip_may_be_filled_in(sekolah, operator, actor):
    ptk = f.PTKFactory(sekolah=sekolah, nip=None)
    services.ptk_update(actor=actor(operator), ptk=ptk, nip=nip_for(ptk))
    ptk.refresh_from_db()
    assert ptk.nip == nip_for(ptk)


def test_status_change_to_another_kind_of_identifier_replaces_or_clears_the_nip(sekolah, operator, actor):
    from dapodik import identifiers

    ptk = f.PTKFactory(sekolah=sekolah)
    ni = identifiers.ni_pppk_build(
        tanggal_lahir=ptk.tanggal_lahir, tahun_pengangkatan=2022, jenis_kelamin=ptk.jenis_kelamin
    )
    services.ptk_update(actor=actor(operator), ptk=ptk, status_kepegawaian=StatusKepegawaian.PPPK, nip=ni)
    ptk.refresh_from_db()
    assert (ptk.status_kepegawaian, ptk.nip) == (StatusKepegawaian.PPPK, ni)
    services.ptk_update(
        actor=actor(operator), ptk=ptk, status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH, nip=""
    )
    ptk.refresh_from_db()
    assert (ptk.status_kepegawaian, ptk.nip) == (StatusKepegawaian.GURU_HONOR_SEKOLAH, None)


def test_update_with_a_bad_field_changes_nothing(guru, operator, actor):
    before = _snapshot()
    with pytest.raises(ApplicationError):
        services.ptk_update(actor=actor(operator), ptk=guru, nama="Nama Baru", tanggal_lahir=date(1970, 1, 1))
    assert _snapshot() == before


def test_a_definitif_principal_keeps_jenis_kepala_sekolah(kepala, operator, actor):
    with pytest.raises(ApplicationError) as exc:
        services.ptk_update(actor=actor(operator), ptk=kepala, jenis_ptk=JenisPTK.GURU_KELAS)
    assert "akhiri penugasannya" in exc.value.detail["jenis_ptk"][0]


@pytest.mark.parametrize("who", ["operator_lain", "admin_instansi", "trainer"])
def test_update_by_role(guru, actor, who, request):
    user = request.getfixturevalue(who)
    if who == "trainer":
        services.ptk_update(actor=actor(user), ptk=guru, nama="Diubah Pelatih")
        guru.refresh_from_db()
        assert guru.nama == "Diubah Pelatih"
        return
    with pytest.raises(Forbidden):
        services.ptk_update(actor=actor(user), ptk=guru, nama="Tidak Boleh")
    guru.refresh_from_db()
    assert guru.nama != "Tidak Boleh"


def test_a_guru_cannot_edit_their_own_record(guru, actor):
    with pytest.raises(Forbidden):
        services.ptk_update(actor=actor(guru.user), ptk=guru, jenis_ptk=JenisPTK.KEPALA_SEKOLAH)


# --- ptk_transfer ---------------------------------------------------------------------------------


def test_transfer_moves_the_ptk_and_records_the_mutasi(guru, sekolah, sekolah_lain, operator, actor):
    efektif = date(2025, 4, 1)
    mutasi = services.ptk_transfer(
        actor=actor(operator), ptk=guru, sekolah_tujuan=sekolah_lain, tanggal_efektif=efektif
    )
    guru.refresh_from_db()
    assert (guru.sekolah, guru.tmt_tugas) == (sekolah_lain, efektif)
    assert (mutasi.sekolah_asal, mutasi.sekolah_tujuan, mutasi.dicatat_oleh) == (
        sekolah,
        sekolah_lain,
        operator,
    )


def test_transfer_ends_the_principal_assignment_at_the_origin_the_day_before(
    kepala, sekolah_lain, operator, actor
):
    efektif = date(2025, 5, 2)
    services.ptk_transfer(
        actor=actor(operator), ptk=kepala, sekolah_tujuan=sekolah_lain, tanggal_efektif=efektif
    )
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    assert penugasan.tanggal_selesai == date(2025, 5, 1)


def test_transfer_keeps_a_plt_assignment_at_a_third_school(sekolah, operator, sekolah_lain, actor):
    third = f.SekolahFactory(instansi=sekolah.instansi)
    plt = f.PTKFactory(sekolah=sekolah)
    f.PenugasanFactory(ptk=plt, sekolah=third, jenis=JenisPenugasan.PLT)
    services.ptk_transfer(
        actor=actor(operator), ptk=plt, sekolah_tujuan=sekolah_lain, tanggal_efektif=HARI_INI
    )
    assert PenugasanKepalaSekolah.objects.get(ptk=plt).tanggal_selesai is None


@pytest.mark.parametrize(
    ("efektif", "tujuan", "fragment"),
    [
        (date(2020, 6, 30), "lain", "sebelum TMT tugas"),
        (HARI_INI + timedelta(days=366), "lain", "satu tahun"),
        (HARI_INI, "sama", "sama dengan sekolah asal"),
        (HARI_INI, None, "tidak ditemukan"),
        (None, "lain", "wajib diisi"),
    ],
)
def test_transfer_refusals_change_nothing(guru, sekolah_lain, operator, actor, efektif, tujuan, fragment):
    target = {"lain": sekolah_lain, "sama": guru.sekolah, None: None}[tujuan]
    before = _snapshot()
    with pytest.raises(ApplicationError) as exc:
        services.ptk_transfer(actor=actor(operator), ptk=guru, sekolah_tujuan=target, tanggal_efektif=efektif)
    assert fragment in exc.value.message
    assert _snapshot() == before
    assert not Mutasi.objects.exists()


def test_transfer_on_the_first_day_of_a_principal_assignment_is_refused(
    sekolah, sekolah_lain, operator, actor
):
    kepala = f.PenugasanFactory(ptk__sekolah=sekolah, sekolah=sekolah, tanggal_mulai=date(2025, 3, 1)).ptk
    with pytest.raises(ApplicationError) as exc:
        services.ptk_transfer(
            actor=actor(operator), ptk=kepala, sekolah_tujuan=sekolah_lain, tanggal_efektif=date(2025, 3, 1)
        )
    assert "harus setelahnya" in exc.value.message
    assert PenugasanKepalaSekolah.objects.get(ptk=kepala).tanggal_selesai is None


def test_only_the_origin_schools_operator_starts_a_transfer(
    guru, sekolah_lain, operator_lain, admin_instansi, actor
):
    for user in (operator_lain, admin_instansi, guru.user):
        with pytest.raises(Forbidden):
            services.ptk_transfer(
                actor=actor(user), ptk=guru, sekolah_tujuan=sekolah_lain, tanggal_efektif=HARI_INI
            )
    guru.refresh_from_db()
    assert guru.sekolah != sekolah_lain


def test_trainer_transfers_any_ptk(guru, sekolah_lain, trainer, actor):
    services.ptk_transfer(
        actor=actor(trainer), ptk=guru, sekolah_tujuan=sekolah_lain, tanggal_efektif=HARI_INI
    )
    guru.refresh_from_db()
    assert guru.sekolah == sekolah_lain


# --- kepala_assign / kepala_end -------------------------------------------------------------------


def _assign(user, actor, sekolah, ptk, jenis=JenisPenugasan.DEFINITIF, mulai=HARI_INI, **kw):
    return services.kepala_assign(
        actor=actor(user), sekolah=sekolah, ptk=ptk, jenis=jenis, tanggal_mulai=mulai, **kw
    )


def test_definitif_assignment_makes_the_ptk_kepala_sekolah(sekolah, guru, operator, actor):
    penugasan = _assign(operator, actor, sekolah, guru, nomor_sk=" 800/12/2025 ")
    guru.refresh_from_db()
    assert guru.jenis_ptk == JenisPTK.KEPALA_SEKOLAH
    assert penugasan.nomor_sk == "800/12/2025"
    roles = actor(guru.user).roles
    assert Role.KEPALA_SEKOLAH in roles and Role.GURU not in roles


def test_definitif_ends_the_schools_plt_the_day_before(sekolah, guru, operator, actor):
    plt_ptk = f.PTKFactory(sekolah=sekolah)
    plt = _assign(operator, actor, sekolah, plt_ptk, JenisPenugasan.PLT, date(2025, 1, 2))
    _assign(operator, actor, sekolah, guru, mulai=date(2025, 3, 17))
    plt.refresh_from_db()
    assert plt.tanggal_selesai == date(2025, 3, 16)


def test_definitif_cannot_start_before_the_plt_it_replaces(sekolah, guru, operator, actor):
    _assign(operator, actor, sekolah, f.PTKFactory(sekolah=sekolah), JenisPenugasan.PLT, date(2025, 3, 1))
    with pytest.raises(ApplicationError) as exc:
        _assign(operator, actor, sekolah, guru, mulai=date(2025, 3, 1))
    assert exc.value.code == "kepala_plt_later"
    assert PenugasanKepalaSekolah.objects.count() == 1


def test_a_second_definitif_is_refused(sekolah, kepala, operator, actor):
    other = f.PTKFactory(sekolah=sekolah)
    with pytest.raises(ApplicationError) as exc:
        _assign(operator, actor, sekolah, other)
    assert exc.value.code == "kepala_exists"
    assert kepala.nama in exc.value.message


def test_a_plt_is_refused_while_a_definitif_serves(sekolah, kepala, operator, actor):
    with pytest.raises(ApplicationError) as exc:
        _assign(operator, actor, sekolah, f.PTKFactory(sekolah=sekolah), JenisPenugasan.PLT)
    assert exc.value.code == "kepala_definitif_exists"


def test_a_plt_follows_a_definitif_whose_assignment_ended(sekolah, kepala, operator, actor):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    services.kepala_end(actor=actor(operator), penugasan=penugasan, tanggal_selesai=date(2025, 3, 31))
    plt = _assign(
        operator, actor, sekolah, f.PTKFactory(sekolah=sekolah), JenisPenugasan.PLT, date(2025, 4, 1)
    )
    assert plt.pk


def test_one_plt_may_lead_two_schools_of_the_same_instansi(sekolah, operator, trainer, actor):
    second = f.SekolahFactory(instansi=sekolah.instansi)
    plt = f.PTKFactory(sekolah=sekolah)
    _assign(operator, actor, sekolah, plt, JenisPenugasan.PLT)
    _assign(trainer, actor, second, plt, JenisPenugasan.PLT)
    grants = [g for g in actor(plt.user).grants if g.role == Role.PLT_KEPALA_SEKOLAH]
    assert {g.sekolah_id for g in grants} == {sekolah.pk, second.pk}
    plt.refresh_from_db()
    assert plt.jenis_ptk == JenisPTK.GURU_KELAS


def test_a_plt_from_another_instansi_is_refused(sekolah, sekolah_lain, operator, actor):
    outsider = f.PTKFactory(sekolah=sekolah_lain)
    with pytest.raises(ApplicationError) as exc:
        _assign(operator, actor, sekolah, outsider, JenisPenugasan.PLT)
    assert exc.value.code == "kepala_other_instansi"


def test_a_definitif_must_be_a_ptk_of_the_school(sekolah, operator, actor):
    neighbour = f.PTKFactory(sekolah=f.SekolahFactory(instansi=sekolah.instansi))
    with pytest.raises(ApplicationError) as exc:
        _assign(operator, actor, sekolah, neighbour)
    assert exc.value.code == "kepala_other_school"


def test_a_definitif_of_another_school_is_refused(sekolah, operator, trainer, actor):
    second = f.SekolahFactory(instansi=sekolah.instansi)
    ptk = f.PTKFactory(sekolah=sekolah)
    _assign(trainer, actor, sekolah, ptk)
    # moved by hand (e.g. a roster import) while still definitif at the first school
    PTK.objects.filter(pk=ptk.pk).update(sekolah=second)
    ptk.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        _assign(trainer, actor, second, ptk)
    assert exc.value.code == "kepala_elsewhere"


@pytest.mark.parametrize(
    ("status", "jenis_ptk", "sekolah_status", "code"),
    [
        (StatusKepegawaian.GURU_HONOR_SEKOLAH, JenisPTK.GURU_KELAS, StatusSekolah.NEGERI, "kepala_not_asn"),
        (StatusKepegawaian.CPNS, JenisPTK.GURU_KELAS, StatusSekolah.NEGERI, "kepala_not_asn"),
        (StatusKepegawaian.PNS, JenisPTK.TENAGA_ADMINISTRASI, StatusSekolah.NEGERI, "kepala_not_guru"),
        (StatusKepegawaian.PPPK, JenisPTK.GURU_MAPEL, StatusSekolah.NEGERI, None),
        (StatusKepegawaian.GTY_PTY, JenisPTK.GURU_MAPEL, StatusSekolah.SWASTA, None),
    ],
)
def test_principal_eligibility(trainer, actor, status, jenis_ptk, sekolah_status, code):
    sekolah = f.SekolahFactory(status=sekolah_status)
    ptk = f.PTKFactory(sekolah=sekolah, status_kepegawaian=status, jenis_ptk=jenis_ptk, nip=None)
    if code is None:
        assert _assign(trainer, actor, sekolah, ptk).pk
        return
    with pytest.raises(ApplicationError) as exc:
        _assign(trainer, actor, sekolah, ptk)
    assert exc.value.code == code
    assert not PenugasanKepalaSekolah.objects.exists()


def test_assignment_refusals_for_dates_kind_and_roles(
    sekolah, guru, operator_lain, admin_instansi, operator, actor
):
    with pytest.raises(ApplicationError):
        _assign(operator, actor, sekolah, guru, mulai=HARI_INI + timedelta(days=366))
    with pytest.raises(ApplicationError):
        _assign(operator, actor, sekolah, guru, mulai=date(1, 1, 1))
    with pytest.raises(ApplicationError):
        _assign(operator, actor, sekolah, guru, jenis="raja")
    with pytest.raises(ApplicationError):
        _assign(operator, actor, sekolah, guru, mulai="2025-01-01")
    with pytest.raises(ApplicationError):
        _assign(operator, actor, sekolah, guru, nomor_sk="x" * 101)
    for user in (operator_lain, admin_instansi, guru.user):
        with pytest.raises(Forbidden):
            _assign(user, actor, sekolah, guru)
    assert not PenugasanKepalaSekolah.objects.exists()
    guru.refresh_from_db()
    assert guru.jenis_ptk == JenisPTK.GURU_KELAS


def test_kepala_end(sekolah, kepala, operator, operator_lain, actor):
    penugasan = PenugasanKepalaSekolah.objects.get(ptk=kepala)
    with pytest.raises(Forbidden):
        services.kepala_end(actor=actor(operator_lain), penugasan=penugasan, tanggal_selesai=HARI_INI)
    with pytest.raises(ApplicationError):
        services.kepala_end(actor=actor(operator), penugasan=penugasan, tanggal_selesai=date(2019, 12, 31))
    with pytest.raises(ApplicationError):
        services.kepala_end(
            actor=actor(operator), penugasan=penugasan, tanggal_selesai=HARI_INI + timedelta(days=400)
        )
    penugasan.refresh_from_db()
    assert penugasan.tanggal_selesai is None
    services.kepala_end(
        actor=actor(operator), penugasan=penugasan, tanggal_selesai=HARI_INI - timedelta(days=1)
    )
    penugasan.refresh_from_db()
    assert penugasan.tanggal_selesai == HARI_INI - timedelta(days=1)
    assert Role.KEPALA_SEKOLAH not in actor(kepala.user).roles
    with pytest.raises(ApplicationError) as exc:
        services.kepala_end(actor=actor(operator), penugasan=penugasan, tanggal_selesai=HARI_INI)
    assert exc.value.code == "kepala_ended"


# --- verval_nip_submit ----------------------------------------------------------------------------


def test_verval_matching_dukcapil_is_approved_and_changes_the_nip(guru, operator, actor):
    dukcapil_for(guru, nama=f"  {guru.nama.upper()}  ")
    lama = guru.nip
    verval = services.verval_nip_submit(ptk=guru, nip_baru=nip_for(guru), actor=actor(operator))
    guru.refresh_from_db()
    assert verval.status == StatusVerval.DISETUJUI
    assert (verval.nip_lama, verval.nip_baru, verval.diajukan_oleh) == (lama, nip_for(guru), operator)
    assert verval.diajukan_pada.astimezone().date() == HARI_INI
    assert guru.nip == nip_for(guru)


@pytest.mark.parametrize(
    "dukcapil",
    [
        {"nama": "Nama Lain Sama Sekali"},
        {"tanggal_lahir": date(1970, 1, 1)},
        None,
    ],
    ids=["nama-beda", "tanggal-lahir-beda", "nik-tidak-ada"],
)
def test_verval_not_matching_dukcapil_is_rejected_and_the_ptk_unchanged(guru, operator, actor, dukcapil):
    if dukcapil is not None:
        dukcapil_for(guru, **dukcapil)
    lama = guru.nip
    verval = services.verval_nip_submit(ptk=guru, nip_baru=nip_for(guru), actor=actor(operator))
    guru.refresh_from_db()
    assert verval.status == StatusVerval.DITOLAK
    assert verval.alasan == "data tidak sesuai dengan Dukcapil"
    assert guru.nip == lama


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("12345", "nip_invalid"),
        ("١٢٣", "nip_invalid"),
        ("wrong-gender", "nip_invalid"),
        ("wrong-birth", "nip_invalid"),
        ("same", "nip_unchanged"),
        ("taken", "nip_taken"),
    ],
)
def test_verval_format_errors_are_refused_without_a_row(sekolah, guru, operator, actor, nip, code):
    dukcapil_for(guru)
    # a twin (same birth date and gender) already holds the NIP the operator types
    twin = f.PTKFactory(
        sekolah=sekolah,
        tanggal_lahir=guru.tanggal_lahir,
        jenis_kelamin=guru.jenis_kelamin,
        nip=nip_for(guru, urut=900),
    )
    value = {
        "wrong-gender": nip_for(guru)[:14] + ("2" if guru.jenis_kelamin == "L" else "1") + nip_for(guru)[15:],
        "wrong-birth": "19700101" + nip_for(guru)[8:],
        "same": guru.nip,
        "taken": twin.nip,
    }.get(nip, nip)
    lama = guru.nip
    with pytest.raises(ApplicationError) as exc:
        services.verval_nip_submit(ptk=guru, nip_baru=value, actor=actor(operator))
    assert exc.value.code == code
    assert exc.value.detail["nip_baru"]
    assert not VervalPtk.objects.exists()
    guru.refresh_from_db()
    assert guru.nip == lama


def test_verval_of_a_non_asn_is_refused(sekolah, operator, actor):
    honorer = f.PTKFactory(sekolah=sekolah, status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH, nip=None)
    with pytest.raises(ApplicationError) as exc:
        services.verval_nip_submit(ptk=honorer, nip_baru=nip_for(honorer), actor=actor(operator))
    assert "hanya diisi untuk PNS" in exc.value.message


def test_verval_accepts_a_nip_typed_with_spaces(guru, operator, actor):
    dukcapil_for(guru)
    nip = nip_for(guru)
    services.verval_nip_submit(
        ptk=guru, nip_baru=f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}", actor=actor(operator)
    )
    guru.refresh_from_db()
    assert guru.nip == nip


def test_verval_is_refused_to_other_roles(guru, operator_lain, admin_instansi, kepala, actor):
    dukcapil_for(guru)
    for user in (operator_lain, admin_instansi, guru.user, kepala.user):
        with pytest.raises(Forbidden):
            services.verval_nip_submit(ptk=guru, nip_baru=nip_for(guru), actor=actor(user))
    assert not VervalPtk.objects.exists()


def test_trainer_may_submit_verval(guru, trainer, actor):
    dukcapil_for(guru)
    verval = services.verval_nip_submit(ptk=guru, nip_baru=nip_for(guru), actor=actor(trainer))
    assert verval.status == StatusVerval.DISETUJUI
