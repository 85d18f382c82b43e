"""The outbox of Sinkro PMM: putting intents on the Celery queue, and finding the ones left behind.

An intent is written in the same transaction as the request and enqueued after the commit
(``enqueue_on_commit``). If the process dies in between, or the broker is down, or a worker is
killed holding a task, the row stays and ``dispatch()`` (the beat task ``sinkro.dispatch`` and
``manage.py sinkro_dispatch``) sends it again:

- an intent ``sending`` whose lease has expired was abandoned by its worker → back to ``pending``;
- a ``pending`` intent that is due and was never enqueued, or was enqueued longer than
  ``SINKRO_REDISPATCH_SECONDS`` ago, is enqueued again — unless its bulk sync is still making
  progress (its queue is still draining: re-enqueueing thousands of queued intents would only add
  no-op tasks);
- a bulk sync whose SKP Organisasi (principals and Plt) are all settled releases its gurus.

Enqueueing twice is harmless: a task claims an intent with a conditional UPDATE, so only one
attempt at a time holds it, and every attempt carries the request's idempotency key.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import AKTIF, Status, SyncBatch, SyncIntent, Tahap

log = logging.getLogger(__name__)

# Intents per task: one task message per chunk keeps the broker's share of the work small.
CHUNK = 20
DEFAULT_REDISPATCH_SECONDS = 120.0
# A pending intent younger than this is left to the enqueue that follows its commit.
GRACE_SECONDS = 5.0
DISPATCH_LIMIT = 20_000


def queue() -> str:
    return getattr(settings, "SINKRO_QUEUE", "celery")


def redispatch_seconds() -> float:
    return float(getattr(settings, "SINKRO_REDISPATCH_SECONDS", DEFAULT_REDISPATCH_SECONDS))


def chunks(ids: list[int], size: int = CHUNK):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def enqueue(ids: list[int], *, countdown: float | None = None) -> bool:
    """Send the intents to the workers; False (and a log line) when the broker cannot be reached:
    the rows stay pending and the dispatcher sends them later."""
    from .tasks import sync_chunk

    ids = [int(i) for i in ids]
    if not ids:
        return True
    due = timezone.now() + timedelta(seconds=countdown or 0)
    try:
        for part in chunks(ids):
            sync_chunk.apply_async(args=[part], queue=queue(), countdown=countdown)
    except Exception:  # the broker is down: the outbox row is the guarantee, not this call
        log.exception("Sinkro: gagal mengirim %d permintaan ke antrean; dispatcher akan mengulang.", len(ids))
        return False
    SyncIntent.objects.filter(pk__in=ids, status=Status.PENDING).update(enqueued_at=due)
    return True


def enqueue_on_commit(ids: list[int]) -> None:
    ids = list(ids)
    transaction.on_commit(lambda: enqueue(ids))


def batch_release(batch_id: int) -> bool:
    """Release a bulk sync's gurus once none of its SKP Organisasi is still on its way.

    A conditional UPDATE makes exactly one caller (a worker or the dispatcher) do it.
    """
    busy = SyncIntent.objects.filter(batch_id=batch_id, tahap=Tahap.ORGANISASI, status__in=AKTIF)
    if busy.exists():
        return False
    won = SyncBatch.objects.filter(pk=batch_id, tahap_guru_dikirim=False).update(tahap_guru_dikirim=True)
    if not won:
        return False
    ids = list(
        SyncIntent.objects.filter(batch_id=batch_id, tahap=Tahap.GURU, status=Status.PENDING)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    enqueue(ids)
    return True


def dispatch(*, now=None) -> int:
    """One round of the dispatcher (module docstring). Returns the number of intents enqueued."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=redispatch_seconds())

    expired = SyncIntent.objects.filter(status=Status.SENDING, lease_until__lt=now)
    abandoned = list(expired.values_list("pk", flat=True)[:DISPATCH_LIMIT])
    if abandoned:
        expired.filter(pk__in=abandoned).update(
            status=Status.PENDING, lease_until=None, lease_token="", enqueued_at=None, diperbarui_pada=now
        )

    organisasi_busy = SyncIntent.objects.filter(
        batch_id=OuterRef("pk"), tahap=Tahap.ORGANISASI, status__in=AKTIF
    )
    for batch_id in (
        SyncBatch.objects.filter(tahap_guru_dikirim=False)
        .exclude(Exists(organisasi_busy))
        .values_list("pk", flat=True)
    ):
        batch_release(batch_id)

    progressing = set(
        SyncIntent.objects.filter(batch__isnull=False, diperbarui_pada__gte=stale, attempts__gt=0)
        .values_list("batch_id", flat=True)
        .distinct()
    )
    due = (
        SyncIntent.objects.filter(status=Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(
            Q(enqueued_at__isnull=True, diperbarui_pada__lt=now - timedelta(seconds=GRACE_SECONDS))
            | Q(enqueued_at__lt=stale)
        )
        .exclude(tahap=Tahap.GURU, batch__tahap_guru_dikirim=False)
        .order_by("tahap", "id")
        .values_list("pk", "batch_id", "enqueued_at")[:DISPATCH_LIMIT]
    )
    ids = [pk for pk, batch_id, enqueued_at in due if enqueued_at is None or batch_id not in progressing]
    # An attempt whose lease expired was certainly lost (its worker died or hung): send it now.
    ids += [pk for pk in abandoned if pk not in set(ids)]
    if ids:
        enqueue(ids)
    return len(ids)
