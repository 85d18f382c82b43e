from datetime import timedelta

import pytest

from dapodik import selectors
from dapodik.choices import JenisPTK, StatusKepegawaian, StatusVerval
from dapodik.models import VervalPtk
from pmm import clock
from pmm.errors import NotFound
from tests import factories as f

pytestmark = pytest.mark.usefixtures("hari_ini")


@pytest.fixture
def dua_sekolah(sekolah, sekolah_lain, guru, kepala):
    ptk_lain = f.PTKFactory(sekolah=sekolah_lain, nama="Guru Sekolah Lain")
    return guru, kepala, ptk_lain


def _ids(qs):
    return {obj.pk for obj in qs}


def test_operator_sees_only_the_ptk_of_their_school(dua_sekolah, operator, actor):
    guru, kepala, ptk_lain = dua_sekolah
    assert _ids(selectors.ptk_list(actor=actor(operator))) == {guru.pk, kepala.pk}
    with pytest.raises(NotFound):
        selectors.ptk_get(actor=actor(operator), pk=ptk_lain.pk)


def test_admin_instansi_sees_the_schools_of_their_instansi(dua_sekolah, sekolah, admin_instansi, actor):
    guru, kepala, ptk_lain = dua_sekolah
    assert _ids(selectors.ptk_list(actor=actor(admin_instansi))) == {guru.pk, kepala.pk}
    assert _ids(selectors.sekolah_list(actor=actor(admin_instansi))) == {sekolah.pk}


def test_trainer_sees_everything(dua_sekolah, trainer, actor):
    assert len(_ids(selectors.ptk_list(actor=actor(trainer)))) == 3
    assert len(_ids(selectors.sekolah_list(actor=actor(trainer)))) == 2


def test_guru_and_kepala_see_only_their_own_record(dua_sekolah, sekolah, actor):
    guru, kepala, _ = dua_sekolah
    assert _ids(selectors.ptk_list(actor=actor(guru.user))) == {guru.pk}
    assert _ids(selectors.ptk_list(actor=actor(kepala.user))) == {kepala.pk}
    with pytest.raises(NotFound):
        selectors.ptk_get(actor=actor(guru.user), pk=kepala.pk)
    assert _ids(selectors.sekolah_list(actor=actor(guru.user))) == {sekolah.pk}


def test_roles_without_a_dapodik_scope_see_nothing(dua_sekolah, pic_dinas, actor):
    assert not selectors.ptk_list(actor=actor(pic_dinas)).exists()
    assert not selectors.sekolah_list(actor=actor(pic_dinas)).exists()


def test_search_by_name_nip_nuptk_nik_and_filters(sekolah, operator, actor):
    siti = f.PTKFactory(sekolah=sekolah, nama="Siti Aminah", jenis_ptk=JenisPTK.GURU_BK)
    budi = f.PTKFactory(
        sekolah=sekolah,
        nama="Budi Santoso",
        status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH,
        nip=None,
    )
    a = actor(operator)
    assert _ids(selectors.ptk_list(actor=a, search="  siti   aminah ")) == {siti.pk}
    assert _ids(selectors.ptk_list(actor=a, search=f"{siti.nip[:8]} {siti.nip[8:]}")) == {siti.pk}
    assert _ids(selectors.ptk_list(actor=a, search=budi.nuptk)) == {budi.pk}
    assert _ids(selectors.ptk_list(actor=a, search=budi.nik)) == {budi.pk}
    assert _ids(selectors.ptk_list(actor=a, jenis_ptk=JenisPTK.GURU_BK)) == {siti.pk}
    assert _ids(selectors.ptk_list(actor=a, status_kepegawaian=StatusKepegawaian.GURU_HONOR_SEKOLAH)) == {
        budi.pk
    }
    assert not selectors.ptk_list(actor=a, search="\x00siti").filter(pk=budi.pk).exists()


@pytest.mark.parametrize("pk", [None, "", "abc", "-1", "0", str(2**70)])
def test_garbled_ids_are_not_found(sekolah, trainer, actor, pk):
    with pytest.raises(NotFound):
        selectors.ptk_get(actor=actor(trainer), pk=pk)
    with pytest.raises(NotFound):
        selectors.sekolah_get(actor=actor(trainer), pk=pk)


def test_verval_history_is_scoped_like_the_ptk(dua_sekolah, operator, operator_lain, actor):
    guru, _, ptk_lain = dua_sekolah
    for ptk in (guru, ptk_lain):
        VervalPtk.objects.create(
            ptk=ptk, nip_baru="1" * 18, status=StatusVerval.DITOLAK, diajukan_pada=clock.now()
        )
    assert {v.ptk_id for v in selectors.verval_list(actor=actor(operator))} == {guru.pk}
    assert {v.ptk_id for v in selectors.verval_list(actor=actor(operator_lain))} == {ptk_lain.pk}
    assert {v.ptk_id for v in selectors.verval_list(actor=actor(guru.user))} == {guru.pk}


def test_kepala_open_on_a_day(sekolah, kepala):
    today = clock.today()
    assert [p.ptk for p in selectors.kepala_open_on(sekolah=sekolah, day=today)] == [kepala]
    penugasan = kepala.penugasan_kepala.get()
    penugasan.tanggal_selesai = today - timedelta(days=1)
    penugasan.save()
    assert selectors.kepala_open_on(sekolah=sekolah, day=today) == []


def test_ptk_by_identitas_and_sekolah_by_npsn(sekolah, guru):
    assert selectors.ptk_by_identitas(f" {guru.nik} ") == guru
    assert selectors.ptk_by_identitas(guru.nip) == guru
    assert selectors.ptk_by_identitas("abc") is None
    assert selectors.sekolah_by_npsn(sekolah.npsn) == sekolah
    assert selectors.sekolah_by_npsn("\x00") is None
