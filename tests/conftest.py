import pytest

from pmm.roles import Role
from tests import factories as f


@pytest.fixture
def sekolah(db):
    return f.SekolahFactory()


@pytest.fixture
def guru(sekolah):
    return f.PTKFactory(sekolah=sekolah)


@pytest.fixture
def kepala(sekolah):
    return f.PenugasanFactory(ptk__sekolah=sekolah, sekolah=sekolah).ptk


@pytest.fixture
def operator(sekolah):
    user = f.UserFactory(email=f"operator.{sekolah.npsn}@admin.sd.belajar.id")
    f.grant(user, Role.OPERATOR_SEKOLAH, sekolah=sekolah)
    return user


@pytest.fixture
def trainer(db):
    return f.UserFactory(email="pelatih@simulator-pmm.id", is_superuser=True, is_staff=True)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
