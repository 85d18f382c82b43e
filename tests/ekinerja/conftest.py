"""A small e-Kinerja world: one instansi, its Dinas and two school unors, a principal and a guru
who are pegawai and User PMM, an open period, and a whitelisted API key; plus helpers that call the
HTTP API through Django's test client."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from pmm.roles import Role
from sinkro.ekinerja import models as m
from sinkro.ekinerja import services
from tests import factories as f

from . import factories as ef

SYNC = "/ekinerja/api/v1/skp/sinkron/"
DIAGNOSE = "/ekinerja/api/v1/skp/diagnosa/"
BULK = "/ekinerja/api/v1/skp/diagnosa-massal/"
STATUS = "/ekinerja/api/v1/skp/status/"


@dataclass
class Dunia:
    instansi: object
    dinas: object
    sekolah: object  # unor of school 1 (NPSN/name = the Dapodik school PMM sends)
    sekolah2: object
    kepala: object  # PNS, head of sekolah
    guru: object  # PNS at sekolah
    periode: object
    key: str
    api_key: object

    def pegawai(self, pns):
        return m.Pegawai.objects.get(pns=pns)

    def pns(self, *, unor=None, user_pmm=True, pegawai=True, **kw):
        unor = unor or self.sekolah
        pns = ef.PnsFactory(instansi=self.instansi, unor=unor, **kw)
        if pegawai:
            ef.PegawaiFactory(pns=pns, unor=unor)
        if user_pmm:
            services.user_pmm_add(instansi=self.instansi, nip=pns.nip)
        return pns


def payload(
    pns,
    *,
    peran="guru",
    sekolah=None,
    key="kunci-0001",
    atasan=None,
    rhk=None,
    tahun=2024,
    semester=1,
    **extra,
):
    """What PMM sends for a pegawai (API.md)."""
    unor = sekolah
    body = {
        "idempotency_key": key,
        "nip": pns.nip,
        "nik": pns.nik,
        "nama": pns.nama,
        "peran": peran,
        "periode": {"tahun": tahun, "semester": semester},
        "sekolah": {"npsn": unor.npsn, "nama": unor.nama, "tmt": "2020-01-01"},
        "atasan": atasan,
        "plt_npsn": [],
        "rhk": rhk
        if rhk is not None
        else [
            {
                "kode": f"{peran}-PK",
                "jenis": "praktik_kinerja",
                "uraian": "Praktik kinerja",
                "target": "1 siklus",
            },
            {
                "kode": f"{peran}-KOM",
                "jenis": "pengembangan_kompetensi",
                "uraian": "Pelatihan mandiri",
                "target": "8 poin",
            },
        ],
        "disepakati": True,
    }
    body.update(extra)
    return body


@pytest.fixture
def dunia(db):
    instansi = f.InstansiFactory()
    root = ef.UnorFactory(instansi=instansi, nama=instansi.nama, npsn="")
    dinas = ef.UnorFactory(instansi=instansi, nama="Dinas Pendidikan Uji", npsn="", diatasan=root)
    sekolah = ef.UnorFactory(instansi=instansi, nama="SD Negeri 4 Pagi", diatasan=dinas)
    sekolah2 = ef.UnorFactory(instansi=instansi, nama="SD Negeri 5 Petang", diatasan=dinas)
    periode = ef.PeriodeFactory(instansi=instansi, tahun=2024, semester=1)
    api_key, raw = services.api_key_create(instansi=instansi, nama="uji")
    w = Dunia(instansi, dinas, sekolah, sekolah2, None, None, periode, raw, api_key)
    w.kepala = w.pns(nama="Kepala Sekolah Uji")
    sekolah.pemimpin = w.kepala
    sekolah.save()
    w.guru = w.pns(nama="Guru Uji")
    return w


@pytest.fixture
def api(client):
    """Call the e-Kinerja API like PMM does: JSON body, x-api-key header."""

    def _call(path, body=None, *, key, method="post"):
        headers = {"HTTP_X_API_KEY": key} if key is not None else {}
        if method == "get":
            return client.get(path, body or {}, **headers)
        return client.post(path, body, content_type="application/json", **headers)

    return _call


def kepala_payload(w, **kw):
    return payload(
        w.kepala, peran="kepala_sekolah", sekolah=w.sekolah, key=kw.pop("key", "kunci-kepala-1"), **kw
    )


def guru_payload(w, **kw):
    atasan = kw.pop("atasan", {"nip": w.kepala.nip, "nama": w.kepala.nama})
    return payload(w.guru, sekolah=w.sekolah, atasan=atasan, **kw)


@pytest.fixture
def kepala_synced(dunia, api):
    """The principal has synced: the school's SKP Organisasi exists with two RHK."""
    response = api(SYNC, kepala_payload(dunia), key=dunia.key)
    assert response.status_code == 200, response.json()
    return m.Skp.objects.get(pegawai__pns=dunia.kepala)


@pytest.fixture
def admin_instansi(dunia):
    user = f.UserFactory(email="admin.bkd@pemda.go.id")
    f.grant(user, Role.ADMIN_INSTANSI, instansi=dunia.instansi)
    return user


@pytest.fixture
def admin_lain(db):
    other = f.InstansiFactory()
    user = f.UserFactory(email="admin.lain@pemda.go.id")
    f.grant(user, Role.ADMIN_INSTANSI, instansi=other)
    return user


def set_tanggal(pns, value: date):
    pns.tanggal_unor = value
    pns.save(update_fields=["tanggal_unor"])


def now():
    return timezone.now()
