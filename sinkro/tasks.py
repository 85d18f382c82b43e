"""Celery tasks of Sinkro PMM: thin, ids in, a service does the work.

``acks_late`` with ``reject_on_worker_lost`` (also the project default): a task is acknowledged only
once it has run, so a worker killed mid-task leaves its message to be delivered again; the outbox
dispatcher covers what the broker keeps too long. Running a chunk twice is harmless (services
claim each intent with a conditional UPDATE and every attempt reuses the request's idempotency key).
"""

from celery import shared_task

from . import outbox, services


@shared_task(name="sinkro.sync_chunk", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def sync_chunk(ids: list[int]) -> None:
    services.intents_process(ids=ids)


@shared_task(name="sinkro.dispatch", ignore_result=True)
def dispatch() -> None:
    outbox.dispatch()
