"""A small region for the Sinkro PMM tests, on both sides of the HTTP boundary.

PMM side (Dapodik + cycle): one instansi, school A with a definitive principal and two gurus,
school B led by a Plt, a Kepala Dinas, an Admin Instansi, plans agreed through the services.
e-Kinerja side (the mock, served by ``live_server`` and reached by PMM only over HTTP): the same
schools as unors under the Dinas, every ASN PTK as SIASN PNS + pegawai + User PMM, the Plt
registration, the open period, and the instansi's API key stored in PMM's SinkroConfig.

The tests set the mock's data through its own services (what its Admin Instansi pages call), and
PMM's through Dapodik's and the cycle's services, as the actors would.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from dapodik.choices import JenisPenugasan, JenisPTK, Jenjang
from dapodik.models import DukcapilPenduduk
from kinerja.models import Indikator, Peran
from kinerja.services import riwayat
from pmm import clock
from pmm.actors import actor_for
from pmm.roles import Role
from sinkro import client, outbox, services
from sinkro.ekinerja import models as em
from sinkro.ekinerja import services as es
from sinkro.models import SinkroConfig
from tests import factories as f
from tests.kinerja.helpers import rencana_disepakati, rencana_lengkap

TAHUN = 2025
# The real enqueue, for the tests of the outbox itself (every other test records the ids instead).
ASLI_ENQUEUE = outbox.enqueue


def hari(bulan: int, tanggal: int, tahun: int = TAHUN, jam: int = 9):
    clock.clock_set(moment=timezone.make_aware(datetime(tahun, bulan, tanggal, jam, 0)))
    return date(tahun, bulan, tanggal)


def aktor(obj):
    user = obj if hasattr(obj, "granted_roles") else obj.user
    return actor_for(user)


@pytest.fixture(autouse=True)
def tanpa_broker(request, monkeypatch):
    """Outside the worker tests nothing reaches a broker: enqueued intent ids are recorded, and the
    tests run the worker's service themselves (``proses``)."""
    if request.node.get_closest_marker("worker"):
        return []
    sent: list[int] = []
    monkeypatch.setattr(outbox, "enqueue", lambda ids, countdown=None: sent.extend(ids) or True)
    monkeypatch.setattr(riwayat, "_enqueue", lambda riwayat_id: None)
    return sent


@pytest.fixture
def ekinerja_url(live_server, settings):
    settings.EKINERJA_BASE_URL = live_server.url + "/ekinerja/api"
    settings.EKINERJA_CLIENT_TIMEOUT = 3.0
    settings.EKINERJA_FAULT_TIMEOUT_SECONDS = 4.0
    settings.SINKRO_BACKOFF_BASE = 0.01
    settings.SINKRO_BACKOFF_CAP = 0.05
    yield settings.EKINERJA_BASE_URL
    # Close the keep-alive connection so the live server's handler thread (and its database
    # connection) ends with the test.
    client.session().close()
    client._local.session = None


def hex32(label: str) -> str:
    import hashlib

    return hashlib.md5(label.encode(), usedforsecurity=False).hexdigest().upper()


@dataclass
class Dunia:
    instansi: object
    sekolah: object  # A: definitive principal
    sekolah_b: object  # B: led by a Plt (guru of A)
    kepala: object  # PTK, principal of A
    guru: object  # PTK at A
    guru2: object  # PTK at A
    plt: object  # PTK at A, Plt of B
    guru_b: object  # PTK at B
    kadis: object  # User
    admin: object  # User, Admin Instansi
    operator: object  # User, Operator Sekolah of A
    operator_b: object
    unor: dict = field(default_factory=dict)  # npsn → mock Unor
    dinas_unor: object = None
    key: str = ""
    api_key: object = None
    periode_ek: object = None

    def pns(self, ptk):
        return em.PnsSiasn.objects.get(nik=ptk.nik)

    def pegawai(self, ptk):
        return em.Pegawai.objects.get(pns__nik=ptk.nik)

    def refresh(self):
        for name in ("kepala", "guru", "guru2", "plt", "guru_b"):
            getattr(self, name).refresh_from_db()


def cermin(ptk, *, instansi, unor, user_pmm=True, pegawai=True, nip=None, tanggal_unor=None):
    """The SIASN/e-Kinerja record of a PTK (what the mock's seeding builds for a real pegawai)."""
    pns = em.PnsSiasn.objects.create(
        id=hex32(f"pns:{ptk.nik}"),
        instansi=instansi,
        nip=nip or ptk.nip,
        nik=ptk.nik,
        nama=ptk.nama,
        tanggal_lahir=ptk.tanggal_lahir,
        email=ptk.email or "",
        unor=unor,
        tanggal_unor=tanggal_unor or ptk.tmt_tugas,
    )
    if pegawai:
        em.Pegawai.objects.create(pns=pns, instansi=instansi, unor=unor, ditambahkan_pada=timezone.now())
    if user_pmm:
        es.user_pmm_add(instansi=instansi, nip=pns.nip)
    return pns


def unor_sekolah(sekolah, *, instansi, diatasan, nama=None):
    return em.Unor.objects.create(
        id=hex32(f"unor:{sekolah.npsn}"),
        instansi=instansi,
        nama=nama or sekolah.nama,
        npsn=sekolah.npsn,
        diatasan=diatasan,
    )


@pytest.fixture
def katalog(transactional_db):
    if not Indikator.objects.exists():
        call_command("loaddata", "katalog", app_label="kinerja", verbosity=0)


@pytest.fixture
def dunia(katalog, ekinerja_url):
    hari(1, 6)
    instansi = f.InstansiFactory()
    sekolah = f.SekolahFactory(instansi=instansi, nama="SD Negeri 4 Pagi", jenjang=Jenjang.SD)
    sekolah_b = f.SekolahFactory(instansi=instansi, nama="SD Negeri 5 Petang", jenjang=Jenjang.SD)
    kepala = f.PTKFactory(sekolah=sekolah, jenis_ptk=JenisPTK.KEPALA_SEKOLAH, nama="Yohanes Kaize")
    f.PenugasanFactory(ptk=kepala, sekolah=sekolah, jenis=JenisPenugasan.DEFINITIF)
    guru = f.PTKFactory(sekolah=sekolah, nama="Maria Ndiken")
    guru2 = f.PTKFactory(sekolah=sekolah, nama="Fransiska Gebze")
    plt = f.PTKFactory(sekolah=sekolah, nama="Agustinus Bapai")
    f.PenugasanFactory(ptk=plt, sekolah=sekolah_b, jenis=JenisPenugasan.PLT, tanggal_mulai=date(2023, 7, 1))
    guru_b = f.PTKFactory(sekolah=sekolah_b, nama="Petrus Amagae")

    kadis = f.UserFactory(email=f"kadis.{instansi.kode.lower()}@dinas.belajar.id", nama="Kepala Dinas")
    f.grant(kadis, Role.KEPALA_DINAS, instansi=instansi)
    admin = f.UserFactory(email=f"admin.{instansi.kode.lower()}@bkd.go.id", nama="Admin BKD")
    f.grant(admin, Role.ADMIN_INSTANSI, instansi=instansi)
    operator = f.UserFactory(email=f"operator.{sekolah.npsn}@admin.sd.belajar.id")
    f.grant(operator, Role.OPERATOR_SEKOLAH, sekolah=sekolah)
    operator_b = f.UserFactory(email=f"operator.{sekolah_b.npsn}@admin.sd.belajar.id")
    f.grant(operator_b, Role.OPERATOR_SEKOLAH, sekolah=sekolah_b)

    root = em.Unor.objects.create(id=hex32(f"root:{instansi.kode}"), instansi=instansi, nama=instansi.nama)
    dinas_unor = em.Unor.objects.create(
        id=hex32(f"dinas:{instansi.kode}"), instansi=instansi, nama="Dinas Pendidikan", diatasan=root
    )
    unor_a = unor_sekolah(sekolah, instansi=instansi, diatasan=dinas_unor)
    unor_b = unor_sekolah(sekolah_b, instansi=instansi, diatasan=dinas_unor)
    w = Dunia(
        instansi, sekolah, sekolah_b, kepala, guru, guru2, plt, guru_b, kadis, admin, operator, operator_b
    )
    w.unor = {sekolah.npsn: unor_a, sekolah_b.npsn: unor_b}
    w.dinas_unor = dinas_unor
    pns_kepala = cermin(kepala, instansi=instansi, unor=unor_a)
    unor_a.pemimpin = pns_kepala
    unor_a.save()
    for p in (guru, guru2, plt):
        cermin(p, instansi=instansi, unor=unor_a)
    pns_plt = w.pns(plt)
    cermin(guru_b, instansi=instansi, unor=unor_b)
    es.plt_add(instansi=instansi, nip=pns_plt.nip, unor=unor_b)
    w.periode_ek = em.Periode.objects.create(instansi=instansi, tahun=TAHUN, semester=1, dibuka=True)
    w.api_key, w.key = es.api_key_create(instansi=instansi, nama="PMM")
    for p in (kepala, guru, guru2, plt, guru_b):
        DukcapilPenduduk.objects.create(
            nik=p.nik, nama=p.nama, tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin
        )
    SinkroConfig.objects.create(instansi=instansi, api_key=w.key, diubah_pada=timezone.now())
    return w


@pytest.fixture
def siap(dunia):
    """The principal and the guru have agreed plans, and the principal has synced (SKP Organisasi)."""
    setujui_semua(dunia, dunia.kepala, dunia.guru)
    berhasil(dunia.kepala, peran=Peran.KEPALA_SEKOLAH)
    return dunia


def setujui_semua(w, *ptks):
    """Plans agreed in January through the cycle's services (principal's approved by the Kadis)."""
    hari(1, 10)
    out = {}
    for p in ptks:
        if p == w.kepala:
            out[p.pk] = rencana_disepakati(p, w.kadis, peran=Peran.KEPALA_SEKOLAH)
        elif p == w.guru_b:
            out[p.pk] = rencana_disepakati(p)  # B is led by a Plt: approved automatically
        else:
            out[p.pk] = rencana_disepakati(p, w.kepala)
    return out


def rencana_plt(w):
    hari(1, 10)
    return rencana_disepakati(w.plt, w.kadis, peran=Peran.PLT_KEPALA_SEKOLAH, sekolah=w.sekolah_b)


def proses(*intents):
    """What a worker does with the queued intents (the task is a one-line call of this)."""
    return services.intents_process(ids=[i.pk for i in intents])


def sinkron(actor_obj, peran=Peran.GURU, ptk=None):
    """Request a sync as ``actor_obj`` and run it; returns the intent, refreshed."""
    intent = services.sync_request(actor=aktor(actor_obj), peran=peran, ptk=ptk)
    proses(intent)
    intent.refresh_from_db()
    return intent


__all__ = ["rencana_lengkap"]


def diagnosa(ptk, peran=Peran.GURU):
    from dapodik.models import PTK
    from sinkro import preflight
    from sinkro.payload import Target

    ptk = PTK.objects.select_related("sekolah").get(pk=ptk.pk)
    [d] = preflight.diagnose([Target(ptk, peran)])
    return d


def gagal(ptk, code, *, peran=Peran.GURU, kondisi="", oleh=None):
    """The preflight names ``code`` as the error that stops the sync, and the real sync stops there
    too, with the same kondisi and actor, writing no SKP."""
    from sinkro.models import Status

    d = diagnosa(ptk, peran)
    assert d.blocking is not None, [e.as_dict() for e in d.errors]
    assert (d.blocking.code, d.blocking.kondisi) == (code, kondisi), [e.as_dict() for e in d.errors]
    skp_before = skp_of(ptk, peran)
    intent = sinkron(oleh or ptk, peran, ptk=ptk if oleh is not None else None)
    assert intent.status in (Status.GAGAL, Status.MENUNGGU_KONFIRMASI), (intent.status, intent.kode)
    assert (intent.kode, intent.kondisi) == (code, kondisi), (intent.kode, intent.pesan, intent.detail)
    assert intent.aktor == d.blocking.aktor
    assert skp_of(ptk, peran) == skp_before
    return intent


def berhasil(ptk, *, peran=Peran.GURU, oleh=None, status=None):
    """The preflight finds nothing that stops the sync, and the sync writes the pegawai's SKP."""
    from sinkro.models import Status

    d = diagnosa(ptk, peran)
    assert d.ok, [e.as_dict() for e in d.errors]
    intent = sinkron(oleh or ptk, peran, ptk=ptk if oleh is not None else None)
    assert intent.status == (status or Status.BERHASIL), (
        intent.status,
        intent.kode,
        intent.pesan,
        intent.detail,
    )
    skp = skp_of(ptk, peran)
    assert skp is not None and skp["id"] == intent.skp["id"]
    return intent


def skp_of(ptk, peran=Peran.GURU):
    """e-Kinerja's SKP of the pegawai in that role (read from the mock's tables: test-only)."""
    from django.db.models import Q

    nip = type(ptk).objects.filter(pk=ptk.pk).values_list("nip", flat=True).first()
    row = (
        em.Skp.objects.filter(Q(pegawai__pns__nik=ptk.nik) | Q(pegawai__pns__nip=nip or "-"), peran=peran)
        .values("id", "unor_id", "idempotency_key")
        .first()
    )
    return row
