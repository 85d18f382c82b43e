"""Sync requests, confirmation, bulk syncs and the instansi's key: who may do what, and the outbox
row written with the request (no broker is touched: the enqueued ids are recorded)."""

import pytest

from dapodik.choices import JenisPenugasan, JenisPTK
from kinerja.models import Peran
from pmm.actors import Actor, Grant
from pmm.errors import ApplicationError, Forbidden, NotFound
from pmm.roles import Role
from sinkro import services
from sinkro.models import SinkroConfig, Status, SyncIntent, Tahap
from tests import factories as f

from .conftest import aktor, hari

pytestmark = pytest.mark.django_db

GURU, KS, PLT = Peran.GURU, Peran.KEPALA_SEKOLAH, Peran.PLT_KEPALA_SEKOLAH
PELATIH = Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])


@pytest.fixture(autouse=True)
def januari(db):
    hari(1, 10)


def _admin(instansi):
    user = f.UserFactory()
    f.grant(user, Role.ADMIN_INSTANSI, instansi=instansi)
    return user


def test_a_request_is_written_at_once_and_enqueued_only_after_commit(
    tanpa_broker, django_capture_on_commit_callbacks
):
    guru = f.PTKFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        intent = services.sync_request(actor=aktor(guru), peran=GURU)
    assert SyncIntent.objects.filter(pk=intent.pk, status=Status.PENDING).exists()
    assert tanpa_broker == []
    for callback in callbacks:
        callback()
    assert tanpa_broker == [intent.pk]
    assert intent.idempotency_key.startswith("pmm-") and len(intent.idempotency_key) == 32
    assert (intent.instansi_id, intent.tahap) == (guru.sekolah.instansi_id, Tahap.GURU)


def test_a_second_request_joins_the_one_in_flight(tanpa_broker, django_capture_on_commit_callbacks):
    guru = f.PTKFactory()
    admin = _admin(guru.sekolah.instansi)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.sync_request(actor=aktor(guru), peran=GURU)
        again = services.sync_request(actor=aktor(guru), peran=GURU)
        by_admin = services.sync_request(actor=aktor(admin), peran=GURU, ptk=guru)
    assert first.pk == again.pk == by_admin.pk
    assert tanpa_broker == [first.pk]
    # Once it is final, a new click is a new request with a new key.
    SyncIntent.objects.filter(pk=first.pk).update(status=Status.GAGAL)
    second = services.sync_request(actor=aktor(guru), peran=GURU)
    assert second.pk != first.pk and second.idempotency_key != first.idempotency_key


def test_a_pegawai_syncs_only_their_own_skp():
    guru, lain = f.PTKFactory(), f.PTKFactory()
    with pytest.raises(NotFound):
        services.sync_request(actor=aktor(guru), peran=GURU, ptk=lain)
    assert not SyncIntent.objects.exists()


def test_an_admin_instansi_syncs_the_pegawai_of_their_instansi_only():
    guru, lain = f.PTKFactory(), f.PTKFactory()
    admin = _admin(guru.sekolah.instansi)
    assert services.sync_request(actor=aktor(admin), peran=GURU, ptk=guru).ptk_id == guru.pk
    with pytest.raises(NotFound):
        services.sync_request(actor=aktor(admin), peran=GURU, ptk=lain)
    assert services.sync_request(actor=PELATIH, peran=GURU, ptk=lain).ptk_id == lain.pk


def test_a_pegawai_refused_by_pengelolaan_kinerja_cannot_ask(tanpa_broker):
    tendik = f.PTKFactory(jenis_ptk=JenisPTK.TENAGA_ADMINISTRASI)
    with pytest.raises(Forbidden):
        services.sync_request(actor=aktor(tendik), peran=GURU)
    with pytest.raises(ApplicationError):
        services.sync_request(actor=aktor(f.PTKFactory()), peran="bukan_peran")
    assert not SyncIntent.objects.exists() and tanpa_broker == []


def test_an_account_without_ptk_cannot_ask_for_its_own_sync():
    with pytest.raises(Forbidden):
        services.sync_request(actor=aktor(f.UserFactory()), peran=GURU)


def test_backoff_grows_exponentially_with_jitter_and_stays_under_the_cap(settings):
    settings.SINKRO_BACKOFF_BASE = 2.0
    settings.SINKRO_BACKOFF_CAP = 20.0
    for attempt, ceiling in ((1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 20.0), (9, 20.0)):
        delays = [services.backoff_seconds(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered
    assert services.backoff_seconds(1, retry_after=15.0) == 15.0
    assert services.backoff_seconds(1, retry_after=90.0) == 20.0  # Retry-After, up to the cap


def test_the_admin_instansi_stores_the_key_of_their_instansi_only():
    instansi, other = f.InstansiFactory(), f.InstansiFactory()
    admin = _admin(instansi)
    services.sinkro_config_set(actor=aktor(admin), instansi=instansi, api_key="  ek_baru_123  ")
    assert SinkroConfig.objects.get(instansi=instansi).api_key == "ek_baru_123"
    with pytest.raises(NotFound):
        services.sinkro_config_set(actor=aktor(admin), instansi=other, api_key="ek_x")
    for bad in ("", "dua kata", "x" * 201, "a\x00b"):
        with pytest.raises(ApplicationError):
            services.sinkro_config_set(actor=aktor(admin), instansi=instansi, api_key=bad)
    assert SinkroConfig.objects.get(instansi=instansi).api_key == "ek_baru_123"
    with pytest.raises(NotFound):
        services.sinkro_config_set(actor=aktor(f.PTKFactory()), instansi=instansi, api_key="ek_y")


@pytest.fixture
def sekolah_plt(db):
    """School A with a principal and two gurus; one guru is also Plt of school B."""
    a = f.SekolahFactory()
    b = f.SekolahFactory(instansi=a.instansi)
    kepala = f.PTKFactory(sekolah=a, jenis_ptk=JenisPTK.KEPALA_SEKOLAH)
    f.PenugasanFactory(ptk=kepala, sekolah=a)
    guru = f.PTKFactory(sekolah=a)
    plt = f.PTKFactory(sekolah=a)
    f.PenugasanFactory(ptk=plt, sekolah=b, jenis=JenisPenugasan.PLT)
    f.PTKFactory(sekolah=a, jenis_ptk=JenisPTK.LABORAN)  # not a pegawai of Pengelolaan Kinerja
    return a, kepala, guru, plt


def test_a_bulk_sync_sends_principals_and_plt_first_and_their_gurus_after(
    sekolah_plt, tanpa_broker, django_capture_on_commit_callbacks
):
    a, kepala, guru, plt = sekolah_plt
    admin = _admin(a.instansi)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(actor=aktor(admin), instansi=a.instansi)
    rows = set(SyncIntent.objects.filter(batch=batch).values_list("ptk_id", "peran", "tahap"))
    assert rows == {
        (kepala.pk, KS, Tahap.ORGANISASI),
        (guru.pk, GURU, Tahap.GURU),
        (plt.pk, GURU, Tahap.GURU),
        (plt.pk, PLT, Tahap.ORGANISASI),
    }
    assert batch.jumlah == 4 and not batch.tahap_guru_dikirim
    organisasi = set(
        SyncIntent.objects.filter(batch=batch, tahap=Tahap.ORGANISASI).values_list("pk", flat=True)
    )
    assert set(tanpa_broker) == organisasi


def test_a_bulk_sync_takes_in_the_requests_already_in_flight(
    sekolah_plt, tanpa_broker, django_capture_on_commit_callbacks
):
    a, kepala, guru, plt = sekolah_plt
    mine = services.sync_request(actor=aktor(guru), peran=GURU)
    batch = services.batch_create(actor=PELATIH, instansi=a.instansi, nips=[guru.nip])
    assert list(SyncIntent.objects.filter(batch=batch).values_list("pk", flat=True)) == [mine.pk]
    assert batch.jumlah == 1 and batch.tahap_guru_dikirim  # no principal in it: gurus go at once


def test_a_bulk_sync_is_for_the_admins_own_instansi_and_needs_pegawai(sekolah_plt):
    a, *_ = sekolah_plt
    other_admin = _admin(f.InstansiFactory())
    with pytest.raises(NotFound):
        services.batch_create(actor=aktor(other_admin), instansi=a.instansi)
    with pytest.raises(ApplicationError):
        services.batch_create(actor=PELATIH, instansi=a.instansi, nips=["199001012020011001"])


def test_confirmation_is_only_for_a_request_waiting_for_it_and_only_by_its_people(tanpa_broker):
    guru = f.PTKFactory()
    lain = f.PTKFactory()
    admin = _admin(guru.sekolah.instansi)
    intent = services.sync_request(actor=aktor(guru), peran=GURU)
    with pytest.raises(ApplicationError):
        services.intent_confirm(actor=aktor(guru), intent=intent)  # still pending
    SyncIntent.objects.filter(pk=intent.pk).update(status=Status.MENUNGGU_KONFIRMASI, payload={"x": 1})
    with pytest.raises(NotFound):
        services.intent_confirm(actor=aktor(lain), intent=intent)
    confirmed = services.intent_confirm(actor=aktor(admin), intent=intent)
    assert (confirmed.status, confirmed.konfirmasi, confirmed.payload) == (Status.PENDING, True, None)
    assert confirmed.idempotency_key != intent.idempotency_key


def test_processing_garbage_ids_does_nothing():
    assert services.intents_process(ids=["x", None]) == {}
    assert services.intents_process(ids=[999999]) == {}


def test_the_dinas_dashboard_sees_each_pegawais_last_unresolved_error():
    from kinerja import periods
    from sinkro.selectors import dinas_provider

    guru, ok, waiting = f.PTKFactory(), f.PTKFactory(), f.PTKFactory()
    periode = periods.periode_current()

    def intent(ptk, status, kode, aktor, menit):
        i = services.sync_request(actor=PELATIH, peran=GURU, ptk=ptk)
        SyncIntent.objects.filter(pk=i.pk).update(
            status=status, kode=kode, aktor=aktor, dibuat_pada=i.dibuat_pada.replace(minute=menit)
        )

    intent(guru, Status.GAGAL, "E02", "Pegawai", 1)
    intent(guru, Status.GAGAL, "E15", "Kepala Sekolah", 2)  # the later failure is the one to show
    intent(ok, Status.GAGAL, "E11", "Admin Instansi", 1)
    intent(ok, Status.BERHASIL, "", "", 2)  # resolved
    intent(waiting, Status.MENUNGGU_KONFIRMASI, "E12", "Pegawai", 1)
    rows = set(dinas_provider(periode).values_list("ptk_id", "kode", "pihak"))
    assert rows == {(guru.pk, "E15", "Kepala Sekolah"), (waiting.pk, "E12", "Pegawai")}
