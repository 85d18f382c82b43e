"""Celery tasks of the cycle: thin, given ids, idempotent (the service claims before it sends)."""

from smtplib import SMTPException

from celery import shared_task

from .services.notifikasi import notifikasi_send


@shared_task(
    name="kinerja.notifikasi_kirim",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def notifikasi_kirim(riwayat_id: int) -> int:
    """E-mail the people concerned by one transition (queued with ``transaction.on_commit``)."""
    return notifikasi_send(riwayat_id=int(riwayat_id))
