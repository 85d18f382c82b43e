"""Fixtures of the Dapodik tests: a pinned simulated date so the date rules (one year ahead, minimum
age) are deterministic, and the roles and world of the access matrix (tests/dapodik/matrix.py)."""

from datetime import datetime

import pytest
from django.utils import timezone

from pmm import clock
from pmm.actors import actor_for
from tests.dapodik.helpers import HARI_INI
from tests.dapodik.matrix import (  # noqa: F401  (fixtures)
    admin_instansi,
    admin_instansi_lain,
    admin_pusat,
    as_role,
    guru_lain,
    helpdesk,
    kepala_dinas,
    kepala_dinas_lain,
    kepala_lain,
    operator_lain,
    pengawas,
    pic_dinas,
    plt,
    ptk_lain,
    sekolah_lain,
    sekolah_tetangga,
    world,
)


@pytest.fixture
def hari_ini(db):
    clock.clock_set(
        moment=timezone.make_aware(datetime.combine(HARI_INI, datetime.min.time()).replace(hour=9))
    )
    yield HARI_INI
    clock.clock_reset()


@pytest.fixture
def actor():
    """``actor(user)``: the Actor of a user, as the middleware computes it."""
    return actor_for
