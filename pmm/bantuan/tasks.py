"""Pusat Bantuan e-mails, queued after commit with ids only; each service sends at most once, so a
retried or duplicated task leaves the same state as a single run."""

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    name="bantuan.tiket_receipt_email",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=6,
)
def tiket_receipt_email(tiket_id: int) -> None:
    services.tiket_receipt_email_send(tiket_id=tiket_id)


@shared_task(
    name="bantuan.balasan_email",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=6,
)
def balasan_email(balasan_id: int) -> None:
    services.balasan_email_send(balasan_id=balasan_id)
