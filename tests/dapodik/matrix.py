"""The role matrix of Dapodik and the roster: every role of pmm/roles.py, the same roles in another
school or instansi, the world they are tried on, and what each may read and change.

The world: S (``sekolah``) and N (``sekolah_tetangga``) belong to one instansi; L (``sekolah_lain``)
to another instansi of another kabupaten. G (``guru``) and K (``kepala``, the definitive principal)
work at S, X (``ptk_lain``) at L. N has no definitive principal: ``plt`` is a teacher of S who acts
as its Plt. Kepala Sekolah. The ``*_lain`` roles hold the same role at L or over L's instansi.

``SCOPE`` writes down the product rules (dapodik/permissions.py, DESIGN.md §1) per role; the access
tests derive the expected answer of each page and endpoint from it, never from what the code returns:

- a record outside what the role reads answers 404 (its existence is not revealed);
- a record it reads but may not change answers 403 on the pages and endpoints that change it;
- the data managers' lists (Data PTK, Sekolah pages) open for operators, Admin Instansi, Kepala Dinas
  and trainers; a list endpoint answers every signed-in role, with only the rows in its scope;
- the roster (import/export) belongs to the Operator Sekolah of the school and to trainers.

The fixtures live here so that the Dapodik tests (through their conftest) and the project-wide
matrix of tests/pmm both use them.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from dapodik.choices import JenisPenugasan
from dapodik.models import PTK
from pmm.roles import Role
from tests import factories as f

ROLES = (
    "guru",
    "guru_lain",
    "kepala",
    "kepala_lain",
    "plt",
    "operator",
    "operator_lain",
    "admin_instansi",
    "admin_instansi_lain",
    "kepala_dinas",
    "kepala_dinas_lain",
    "pic_dinas",
    "pengawas",
    "helpdesk",
    "admin_pusat",
    "trainer",
    "anonim",
)


@dataclass(frozen=True)
class Scope:
    reads: str = ""  # schools (S, N, L) and PTK records (G, K, X) it reads; its own record always
    writes: str = ""  # schools whose Dapodik data and roster it changes
    lists: bool = False  # opens the data managers' list pages (Data PTK, Sekolah)


EVERYTHING = Scope(reads="SNLGKX", writes="SNL", lists=True)

SCOPE = {
    # Guru, Kepala Sekolah and Plt: their own PTK record and the schools they serve, nothing else.
    "guru": Scope(reads="SG"),
    "guru_lain": Scope(reads="L"),
    "kepala": Scope(reads="SK"),
    "kepala_lain": Scope(reads="L"),
    "plt": Scope(reads="SN"),  # a teacher of S (Guru there) and Plt. of N
    # Operator Sekolah: reads and changes the data of their own school.
    "operator": Scope(reads="SGK", writes="S", lists=True),
    "operator_lain": Scope(reads="LX", writes="L", lists=True),
    # Admin Instansi (BKD) and Kepala Dinas: read the schools of their instansi and their PTK.
    "admin_instansi": Scope(reads="SNGK", lists=True),
    "admin_instansi_lain": Scope(reads="LX", lists=True),
    "kepala_dinas": Scope(reads="SNGK", lists=True),
    "kepala_dinas_lain": Scope(reads="LX", lists=True),
    # PIC Dinas, Pengawas and Helpdesk see nothing of Dapodik.
    "pic_dinas": Scope(),
    "pengawas": Scope(),
    "helpdesk": Scope(),
    # Admin Pusat / pelatih: everything, whether granted the role or a superuser.
    "admin_pusat": EVERYTHING,
    "trainer": EVERYTHING,
    # Not signed in: sent to the login page (pages) or refused (API), and shown nothing.
    "anonim": Scope(),
}

# The school of each PTK of the world.
SCHOOL_OF = {"G": "S", "K": "S", "X": "L"}
# Roles that have a PTK record of their own (derived from Dapodik): they read their own Verval PTK.
PTK_ROLES = frozenset({"guru", "guru_lain", "kepala", "kepala_lain", "plt"})


def reads(role: str, letter: str) -> bool:
    return letter in SCOPE[role].reads


def read_status(role: str, letter: str) -> int:
    """GET of a school or a PTK record of the world."""
    return 200 if reads(role, letter) else 404


def write_status(role: str, letter: str) -> int:
    """A change of a school's data (S, N, L) or of a PTK record (G, K, X): done, refused, or unseen."""
    if SCHOOL_OF.get(letter, letter) in SCOPE[role].writes:
        return 200
    return 403 if reads(role, letter) else 404


def roster_status(role: str, school: str = "S") -> int:
    """The roster of a school: its operator and trainers only; everyone else is refused (403)."""
    return 200 if school in SCOPE[role].writes else 403


@dataclass
class World:
    schools: dict  # letter -> Sekolah
    ptk: dict  # letter -> PTK
    request: object  # the test's fixture request, to build the role users on demand

    def user(self, role: str):
        """The user acting as ``role`` (a PTK fixture gives its account); None for "anonim"."""
        if role == "anonim":
            return None
        found = self.request.getfixturevalue(role)
        return getattr(found, "user", found)

    def readable_ptk(self, role: str) -> set[int]:
        """Primary keys of the PTK rows a list may show the role: those it reads, and its own."""
        pks = {p.pk for letter, p in self.ptk.items() if reads(role, letter)}
        user = self.user(role)
        own = PTK.objects.filter(user=user).values_list("pk", flat=True).first() if user else None
        return pks | ({own} if own else set())

    def readable_schools(self, role: str) -> set[int]:
        return {s.pk for letter, s in self.schools.items() if reads(role, letter)}

    def assert_no_leak(self, content, role: str, *, allow: str = "") -> None:
        """Nothing of a school or a PTK the role may not read is in the response (``allow``: letters
        this response may show anyway, e.g. the principal of a school the role reads)."""
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
        for letter, ptk in self.ptk.items():
            if not reads(role, letter) and letter not in allow:
                for value in (ptk.nik, ptk.nip, ptk.nuptk):
                    assert value not in text, f"{role} sees {letter} ({value})"
        for letter, sekolah in self.schools.items():
            if not reads(role, letter) and letter not in allow:
                assert sekolah.nama not in text and sekolah.npsn not in text, f"{role} sees school {letter}"


# --- the world --------------------------------------------------------------------------------------


@pytest.fixture
def sekolah_lain(db):
    """A school of another instansi (another kabupaten)."""
    return f.SekolahFactory()


@pytest.fixture
def sekolah_tetangga(sekolah):
    """Another school of the same instansi, without a definitive principal."""
    return f.SekolahFactory(instansi=sekolah.instansi)


@pytest.fixture
def ptk_lain(sekolah_lain):
    return f.PTKFactory(sekolah=sekolah_lain, nama="Rahasia Sekolah Lain")


@pytest.fixture
def world(request, sekolah, sekolah_tetangga, sekolah_lain, guru, kepala, ptk_lain):
    return World(
        schools={"S": sekolah, "N": sekolah_tetangga, "L": sekolah_lain},
        ptk={"G": guru, "K": kepala, "X": ptk_lain},
        request=request,
    )


# --- roles derived from Dapodik (guru and kepala of S are in tests/conftest.py) -----------------------


@pytest.fixture
def guru_lain(sekolah_lain):
    return f.PTKFactory(sekolah=sekolah_lain)


@pytest.fixture
def kepala_lain(sekolah_lain):
    return f.PenugasanFactory(ptk__sekolah=sekolah_lain, sekolah=sekolah_lain).ptk


@pytest.fixture
def plt(sekolah, sekolah_tetangga):
    ptk = f.PTKFactory(sekolah=sekolah)
    f.PenugasanFactory(
        ptk=ptk, sekolah=sekolah_tetangga, jenis=JenisPenugasan.PLT, tanggal_mulai=date(2024, 7, 1)
    )
    return ptk


# --- granted roles (operator and trainer of S are in tests/conftest.py) ------------------------------


def _granted(email, role, **scope):
    user = f.UserFactory(email=email)
    f.grant(user, role, **scope)
    return user


@pytest.fixture
def operator_lain(sekolah_lain):
    return _granted(
        f"operator.{sekolah_lain.npsn}@admin.sd.belajar.id", Role.OPERATOR_SEKOLAH, sekolah=sekolah_lain
    )


@pytest.fixture
def admin_instansi(sekolah):
    return _granted("bkd@bkd.example.go.id", Role.ADMIN_INSTANSI, instansi=sekolah.instansi)


@pytest.fixture
def admin_instansi_lain(sekolah_lain):
    return _granted("bkd.lain@bkd.example.go.id", Role.ADMIN_INSTANSI, instansi=sekolah_lain.instansi)


@pytest.fixture
def kepala_dinas(sekolah):
    return _granted("kadis@dinas.sd.belajar.id", Role.KEPALA_DINAS, instansi=sekolah.instansi)


@pytest.fixture
def kepala_dinas_lain(sekolah_lain):
    return _granted("kadis.lain@dinas.sd.belajar.id", Role.KEPALA_DINAS, instansi=sekolah_lain.instansi)


@pytest.fixture
def pic_dinas(sekolah):
    return _granted("pic@dinas.sd.belajar.id", Role.PIC_DINAS, kabupaten=sekolah.kabupaten)


@pytest.fixture
def pengawas(sekolah):
    return _granted("pengawas@dinas.sd.belajar.id", Role.PENGAWAS, instansi=sekolah.instansi)


@pytest.fixture
def helpdesk(db):
    return _granted("helpdesk@pusatbantuan.example.id", Role.HELPDESK)


@pytest.fixture
def admin_pusat(db):
    """Admin Pusat granted as a role, without being a Django superuser."""
    return _granted("admin.pusat@simulator-pmm.id", Role.ADMIN_PUSAT)


@pytest.fixture
def as_role(client, world):
    """``as_role(name)``: the test client signed in as that role (anonymous for "anonim")."""

    def _as(role):
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        return client

    return _as
