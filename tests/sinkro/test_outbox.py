"""The outbox dispatcher finds what a crash, a broker outage or a killed worker left behind, and
leaves alone what is still on its way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dapodik.choices import JenisPTK
from kinerja.models import Peran
from pmm.actors import Actor, Grant
from pmm.roles import Role
from sinkro import outbox, services, tasks
from sinkro.models import Status, SyncIntent, Tahap
from tests import factories as f

from .conftest import ASLI_ENQUEUE, aktor, hari

pytestmark = pytest.mark.django_db
PELATIH = Actor(user=None, grants=[Grant(Role.ADMIN_PUSAT)])


@pytest.fixture(autouse=True)
def januari(db, settings):
    hari(1, 10)
    settings.SINKRO_REDISPATCH_SECONDS = 60


def _age(intent, seconds, **fields):
    past = timezone.now() - timedelta(seconds=seconds)
    SyncIntent.objects.filter(pk=intent.pk).update(diperbarui_pada=past, **fields)


def test_a_request_whose_enqueue_never_happened_is_sent_by_the_dispatcher(tanpa_broker):
    # The process died between the commit and the enqueue: the row is there, never enqueued.
    intent = services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU)
    assert tanpa_broker == []
    assert outbox.dispatch() == 0  # a fresh row is left to its own enqueue
    _age(intent, 10)
    assert outbox.dispatch() == 1
    assert tanpa_broker == [intent.pk]


def test_an_abandoned_attempt_is_sent_again_once_its_lease_expires(tanpa_broker):
    intent = services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU)
    now = timezone.now()
    SyncIntent.objects.filter(pk=intent.pk).update(
        status=Status.SENDING, attempts=1, lease_until=now + timedelta(seconds=30), lease_token="abc"
    )
    assert outbox.dispatch() == 0 and tanpa_broker == []  # the worker still holds it
    SyncIntent.objects.filter(pk=intent.pk).update(lease_until=now - timedelta(seconds=1))
    assert outbox.dispatch() == 1
    intent.refresh_from_db()
    assert (intent.status, intent.lease_token, intent.attempts) == (Status.PENDING, "", 1)
    assert tanpa_broker == [intent.pk]


def test_a_retry_is_not_sent_before_its_backoff(tanpa_broker):
    intent = services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU)
    later = timezone.now() + timedelta(seconds=120)
    _age(intent, 600, next_attempt_at=later, enqueued_at=later, attempts=1)
    assert outbox.dispatch() == 0
    SyncIntent.objects.filter(pk=intent.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=200),
        enqueued_at=timezone.now() - timedelta(seconds=200),
    )
    assert outbox.dispatch() == 1


@pytest.fixture
def batch(db):
    sekolah = f.SekolahFactory()
    kepala = f.PTKFactory(sekolah=sekolah, jenis_ptk=JenisPTK.KEPALA_SEKOLAH)
    f.PenugasanFactory(ptk=kepala, sekolah=sekolah)
    for _ in range(3):
        f.PTKFactory(sekolah=sekolah)
    return services.batch_create(actor=PELATIH, instansi=sekolah.instansi)


def test_a_bulk_syncs_gurus_wait_for_its_skp_organisasi(batch, tanpa_broker):
    gurus = SyncIntent.objects.filter(batch=batch, tahap=Tahap.GURU)
    kepala = SyncIntent.objects.get(batch=batch, tahap=Tahap.ORGANISASI)
    SyncIntent.objects.filter(batch=batch).update(diperbarui_pada=timezone.now() - timedelta(seconds=30))
    outbox.dispatch()
    assert set(tanpa_broker) == {kepala.pk}  # the principal only (its enqueue was lost too)

    SyncIntent.objects.filter(pk=kepala.pk).update(status=Status.BERHASIL)
    outbox.dispatch()
    batch.refresh_from_db()
    assert batch.tahap_guru_dikirim
    assert set(tanpa_broker) == {kepala.pk, *gurus.values_list("pk", flat=True)}
    assert outbox.batch_release(batch.pk) is False  # released once


def test_a_draining_bulk_sync_is_not_enqueued_again_until_it_stops_moving(batch, tanpa_broker, settings):
    settings.SINKRO_REDISPATCH_SECONDS = 5
    now = timezone.now()
    SyncIntent.objects.filter(batch=batch).update(
        enqueued_at=now - timedelta(seconds=60), diperbarui_pada=now - timedelta(seconds=60)
    )
    kepala = SyncIntent.objects.get(batch=batch, tahap=Tahap.ORGANISASI)
    guru = SyncIntent.objects.filter(batch=batch, tahap=Tahap.GURU).first()
    SyncIntent.objects.filter(pk=kepala.pk).update(status=Status.BERHASIL, attempts=1, diperbarui_pada=now)
    outbox.batch_release(batch.pk)
    tanpa_broker.clear()
    SyncIntent.objects.filter(batch=batch, tahap=Tahap.GURU).update(enqueued_at=now - timedelta(seconds=60))
    # Another intent of the batch was settled a moment ago: its queue is still draining.
    assert outbox.dispatch(now=now) == 0
    # Nothing moved for longer than the threshold: what is still pending was lost, send it again.
    assert outbox.dispatch(now=now + timedelta(seconds=10)) == 3
    assert guru.pk in tanpa_broker


def test_a_broker_outage_leaves_the_rows_for_the_dispatcher(monkeypatch):
    intent = services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU)

    def down(*args, **kwargs):
        raise ConnectionError("Redis tidak dapat dihubungi")

    monkeypatch.setattr(tasks.sync_chunk, "apply_async", down)
    assert ASLI_ENQUEUE([intent.pk]) is False
    intent.refresh_from_db()
    assert (intent.status, intent.enqueued_at) == (Status.PENDING, None)


def test_enqueue_sends_chunks_to_the_sinkro_queue(monkeypatch, settings):
    settings.SINKRO_QUEUE = "antrean-uji"
    sent = []
    monkeypatch.setattr(tasks.sync_chunk, "apply_async", lambda **kw: sent.append(kw))
    intents = [
        services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU) for _ in range(outbox.CHUNK + 1)
    ]
    assert ASLI_ENQUEUE([i.pk for i in intents]) is True
    assert [len(kw["args"][0]) for kw in sent] == [outbox.CHUNK, 1]
    assert {kw["queue"] for kw in sent} == {"antrean-uji"}
    assert not SyncIntent.objects.filter(enqueued_at__isnull=True).exists()
