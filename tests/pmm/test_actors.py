"""``actor_for`` reads roles and the PTK with its own SQL; these tests hold it to what the ORM says
about the same rows, for every kind of user, on the database the suite runs on (PostgreSQL in CI,
SQLite without DATABASE_URL: dates arrive as text there and must come back as dates)."""

import threading
from datetime import date, timedelta

import pytest

from dapodik.choices import JenisPenugasan
from dapodik.models import PTK, PenugasanKepalaSekolah
from pmm import clock
from pmm.actors import ANONYMOUS, Grant, actor_for, open_assignment_q
from pmm.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


def _orm_reference(user):
    """What actor_for must give, written with the ORM (the form it had before its own SQL)."""
    grants = [
        Grant(r.role, r.sekolah_id, r.instansi_id, r.provinsi_id, r.kabupaten_id)
        for r in user.granted_roles.order_by("id")
    ]
    ptk = PTK.objects.select_related("sekolah__kabupaten", "sekolah__instansi").filter(user=user).first()
    if ptk is not None:
        assignments = list(
            PenugasanKepalaSekolah.objects.filter(open_assignment_q(clock.today()), ptk=ptk)
            .order_by("sekolah__nama", "-tanggal_mulai", "id")
            .values_list("jenis", "sekolah_id")
        )
        if not any(j == JenisPenugasan.DEFINITIF for j, _ in assignments):
            grants.append(Grant(Role.GURU, ptk.sekolah_id, ptk.sekolah.instansi_id))
        for jenis, sid in assignments:
            role = Role.KEPALA_SEKOLAH if jenis == JenisPenugasan.DEFINITIF else Role.PLT_KEPALA_SEKOLAH
            grants.append(Grant(role, sid))
    return ptk, grants


def _same(user):
    actor = actor_for(user)
    ptk, grants = _orm_reference(user)
    assert actor.grants == grants
    if ptk is None:
        assert actor.ptk is None
        return actor
    got = actor.ptk
    for model_a, model_b in (
        (got, ptk),
        (got.sekolah, ptk.sekolah),
        (got.sekolah.kabupaten, ptk.sekolah.kabupaten),
    ):
        for field in type(model_b)._meta.concrete_fields:
            a, b = getattr(model_a, field.attname), getattr(model_b, field.attname)
            assert a == b and type(a) is type(b), (field.name, a, b)
    if ptk.sekolah.instansi is None:
        assert got.sekolah.instansi is None
    else:
        assert got.sekolah.instansi.nama == ptk.sekolah.instansi.nama
    assert not got._state.adding and got._state.db == ptk._state.db
    return actor


def test_teacher_is_guru_of_their_school_with_dates_as_dates():
    guru = f.PTKFactory()
    actor = _same(guru.user)
    assert actor.roles == {Role.GURU}
    assert isinstance(actor.ptk.tanggal_lahir, date) and isinstance(actor.ptk.tmt_tugas, date)
    assert actor.ptk.updated_at is not None


def test_definitive_principal_is_not_guru(kepala):
    actor = _same(kepala.user)
    assert actor.roles == {Role.KEPALA_SEKOLAH}


def test_plt_of_two_schools_keeps_guru_of_their_own(sekolah):
    guru = f.PTKFactory(sekolah=sekolah)
    lain = [f.SekolahFactory(nama="SD Negeri Zeta"), f.SekolahFactory(nama="SD Negeri Alfa")]
    for s in lain:
        f.PenugasanFactory(ptk=guru, sekolah=s, jenis=JenisPenugasan.PLT, tanggal_mulai=date(2020, 1, 1))
    actor = _same(guru.user)
    assert actor.roles == {Role.GURU, Role.PLT_KEPALA_SEKOLAH}
    assert [g.sekolah_id for g in actor.grants_for(Role.PLT_KEPALA_SEKOLAH)] == [lain[1].pk, lain[0].pk]


def test_ended_and_future_assignments_do_not_count(sekolah):
    guru = f.PTKFactory(sekolah=sekolah)
    today = clock.today()
    f.PenugasanFactory(
        ptk=guru, sekolah=sekolah, tanggal_mulai=date(2019, 1, 1), tanggal_selesai=today - timedelta(days=1)
    )
    f.PenugasanFactory(ptk=guru, sekolah=sekolah, tanggal_mulai=today + timedelta(days=1))
    assert _same(guru.user).roles == {Role.GURU}
    f.PenugasanFactory(ptk=guru, sekolah=sekolah, tanggal_mulai=today, tanggal_selesai=today)
    assert _same(guru.user).roles == {Role.KEPALA_SEKOLAH}


def test_school_without_instansi_and_granted_roles(operator, sekolah):
    swasta = f.SekolahFactory(instansi=None, kabupaten=sekolah.kabupaten)
    guru = f.PTKFactory(sekolah=swasta)
    f.grant(guru.user, Role.OPERATOR_SEKOLAH, sekolah=swasta)
    f.grant(guru.user, Role.PIC_DINAS, kabupaten=sekolah.kabupaten, provinsi=sekolah.kabupaten.provinsi)
    actor = _same(guru.user)
    assert actor.ptk.sekolah.instansi is None
    assert actor.roles == {Role.GURU, Role.OPERATOR_SEKOLAH, Role.PIC_DINAS}
    # A user with granted roles only (no PTK).
    assert _same(operator).roles == {Role.OPERATOR_SEKOLAH}


def test_user_without_anything_and_anonymous(trainer):
    assert _same(f.UserFactory()).grants == []
    assert actor_for(None) is ANONYMOUS
    assert _same(trainer).is_trainer


@pytest.mark.django_db(transaction=True)
def test_works_from_another_thread():
    """The SQL is shared by threads; each uses its own connection (a web server's threads)."""
    guru = f.PTKFactory()
    out = {}

    def run():
        from django.db import connection

        try:
            out["roles"] = actor_for(guru.user).roles
        finally:
            connection.close()

    actor_for(guru.user)  # the loader is built in this thread
    t = threading.Thread(target=run)
    t.start()
    t.join(30)
    assert out["roles"] == {Role.GURU}
