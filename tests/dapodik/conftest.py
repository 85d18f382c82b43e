"""Fixtures of the Dapodik tests: a second school with its operator, the read-only roles, and a
pinned simulated date so the date rules (one year ahead, minimum age) are deterministic."""

from datetime import datetime

import pytest
from django.utils import timezone

from pmm import clock
from pmm.actors import actor_for
from pmm.roles import Role
from tests import factories as f
from tests.dapodik.helpers import HARI_INI


@pytest.fixture
def hari_ini(db):
    clock.clock_set(
        moment=timezone.make_aware(datetime.combine(HARI_INI, datetime.min.time()).replace(hour=9))
    )
    yield HARI_INI
    clock.clock_reset()


@pytest.fixture
def sekolah_lain(db):
    """A school of another instansi (another kabupaten)."""
    return f.SekolahFactory()


@pytest.fixture
def operator_lain(sekolah_lain):
    user = f.UserFactory(email=f"operator.{sekolah_lain.npsn}@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=sekolah_lain)
    return user


@pytest.fixture
def admin_instansi(sekolah):
    user = f.UserFactory(email="bkd@bkd.example.go.id")
    f.grant(user, Role.ADMIN_INSTANSI, instansi=sekolah.instansi)
    return user


@pytest.fixture
def admin_instansi_lain(sekolah_lain):
    user = f.UserFactory(email="bkd.lain@bkd.example.go.id")
    f.grant(user, Role.ADMIN_INSTANSI, instansi=sekolah_lain.instansi)
    return user


@pytest.fixture
def pic_dinas(sekolah):
    user = f.UserFactory(email="pic@dinas.sd.belajar.id")
    f.grant(user, Role.PIC_DINAS, kabupaten=sekolah.kabupaten)
    return user


@pytest.fixture
def actor():
    """``actor(user)``: the Actor of a user, as the middleware computes it."""
    return actor_for
