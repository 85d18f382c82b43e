"""A permanent error is sent once however the task messages and the dispatcher interleave.

Why ``test_worker``'s permanent-error test once saw ``attempts == 2``: not a second delivery (the
claim is a conditional UPDATE, so a duplicate, concurrent or late message is skipped, and a final
status is never claimable again), but a first attempt that ended *transient*: the worker tests give
the client a 0.5 s timeout, and a slow first answer from the live server counts as E09T, is retried
after its backoff, and the retry meets the 422. Only an attempt that outlives its lease is replaced.
These tests drive the task body and the dispatcher by hand, with e-Kinerja's answers scripted.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from kinerja.models import Peran
from sinkro import client, outbox, services, tasks
from sinkro.models import Status, SyncIntent
from tests import factories as f

from .conftest import aktor, hari

pytestmark = pytest.mark.django_db

BUKAN_USER_PMM = client.Jawaban(
    422, {"code": "E01", "message": "NIP tidak terdaftar.", "detail": {"kondisi": "bukan_user_pmm"}}
)
TERLAMBAT = client.Jawaban(None, timeout=True, transport_error="Read timed out. (read timeout=0.5)")


@pytest.fixture
def intent(db, settings):
    hari(1, 10)
    settings.SINKRO_REDISPATCH_SECONDS = 3
    settings.SINKRO_MAX_ATTEMPTS = 8
    intent = services.sync_request(actor=aktor(f.PTKFactory()), peran=Peran.GURU)
    # The payload frozen by an earlier preparation: the attempts go straight to e-Kinerja.
    SyncIntent.objects.filter(pk=intent.pk).update(payload={"nip": "x", "peran": Peran.GURU})
    return intent


class EKinerja:
    """Scripted answers of e-Kinerja; ``selama`` runs while the call is in flight."""

    def __init__(self, monkeypatch, *answers, selama=None):
        self.answers = list(answers)
        self.calls = 0
        self.selama = selama
        monkeypatch.setattr(client, "sync", self._sync)

    def _sync(self, payload, *, api_key):
        self.calls += 1
        answer = self.answers.pop(0)
        if self.selama is not None and self.calls == 1:
            self.selama()
        return answer


def _row(intent):
    intent.refresh_from_db()
    return intent.status, intent.kode, intent.attempts


def test_the_same_message_delivered_twice_sends_a_permanent_error_once(intent, monkeypatch):
    ek = EKinerja(monkeypatch, BUKAN_USER_PMM, BUKAN_USER_PMM)
    tasks.sync_chunk.run([intent.pk])
    tasks.sync_chunk.run([intent.pk])  # acks_late redelivery of a message that had finished
    assert _row(intent) == (Status.GAGAL, "E01", 1)
    assert ek.calls == 1


def test_a_second_delivery_during_the_first_attempt_is_skipped(intent, monkeypatch):
    seen = {}
    ek = EKinerja(
        monkeypatch,
        BUKAN_USER_PMM,
        BUKAN_USER_PMM,
        selama=lambda: seen.update(tally=services.intents_process(ids=[intent.pk])),
    )
    tasks.sync_chunk.run([intent.pk])
    assert seen["tally"] == {}  # not even claimable: the first attempt holds a valid lease
    assert _row(intent) == (Status.GAGAL, "E01", 1)
    assert ek.calls == 1


def test_the_dispatcher_leaves_an_attempt_alone_while_its_lease_holds(intent, tanpa_broker, monkeypatch):
    tanpa_broker.clear()

    def beat():
        # Just before the lease ends, and long after the message was enqueued (redispatch 3 s).
        SyncIntent.objects.filter(pk=intent.pk).update(enqueued_at=timezone.now() - timedelta(seconds=60))
        lease_until = SyncIntent.objects.get(pk=intent.pk).lease_until
        assert outbox.dispatch(now=lease_until - timedelta(seconds=1)) == 0

    ek = EKinerja(monkeypatch, BUKAN_USER_PMM, selama=beat)
    tasks.sync_chunk.run([intent.pk])
    assert tanpa_broker == []
    assert outbox.dispatch(now=timezone.now() + timedelta(hours=1)) == 0  # final: never sent again
    assert _row(intent) == (Status.GAGAL, "E01", 1)
    assert ek.calls == 1


def test_an_attempt_that_outlived_its_lease_does_not_overwrite_the_one_that_replaced_it(
    intent, tanpa_broker, monkeypatch
):
    def beat():
        lease_until = SyncIntent.objects.get(pk=intent.pk).lease_until
        assert outbox.dispatch(now=lease_until + timedelta(seconds=1)) == 1
        # The dispatcher's message is delivered (late, the lease is long gone) while the first
        # attempt is still waiting for its answer.
        SyncIntent.objects.filter(pk=intent.pk).update(next_attempt_at=None)
        tasks.sync_chunk.run([intent.pk])

    ek = EKinerja(monkeypatch, TERLAMBAT, BUKAN_USER_PMM, selama=beat)
    tasks.sync_chunk.run([intent.pk])
    # The replacing attempt wrote the permanent error; the lost attempt's late timeout changed
    # nothing (no PENDING, no retry), and the dispatcher has nothing left to send.
    assert _row(intent) == (Status.GAGAL, "E01", 2)
    assert ek.calls == 2
    tanpa_broker.clear()
    assert outbox.dispatch(now=timezone.now() + timedelta(hours=1)) == 0 and tanpa_broker == []


def test_a_slow_first_answer_is_a_timeout_retried_into_attempts_2(intent, tanpa_broker, monkeypatch):
    # What test_worker saw: the first answer came after the worker's 0.5 s client timeout.
    ek = EKinerja(monkeypatch, TERLAMBAT, BUKAN_USER_PMM)
    tasks.sync_chunk.run([intent.pk])
    intent.refresh_from_db()
    assert (intent.status, intent.kode, intent.attempts) == (Status.PENDING, "E09T", 1)
    assert tanpa_broker[-1] == intent.pk  # enqueued again with its backoff as countdown
    SyncIntent.objects.filter(pk=intent.pk).update(next_attempt_at=timezone.now())
    tasks.sync_chunk.run([intent.pk])
    assert _row(intent) == (Status.GAGAL, "E01", 2)
    assert ek.calls == 2
