"""Celery tasks of the Dinas dashboard: thin, load by id, call the service."""

from celery import shared_task


@shared_task(name="dinas.rekap_refresh", acks_late=True)
def rekap_refresh_task(periode_id: int) -> dict | None:
    """Rebuild a period's dashboard figures (queued, debounced, by ``rekap.rekap_request``). Running
    it twice leaves the same figures as once."""
    from .rekap import rekap_run_requested

    hasil = rekap_run_requested(periode_id=int(periode_id))
    if hasil is None:
        return None
    return {"periode_id": hasil.periode_id, "pegawai": hasil.pegawai, "detik": round(hasil.detik, 2)}


@shared_task(name="dinas.rekap_sweep", acks_late=True)
def rekap_sweep_task() -> list[int]:
    """Celery beat: re-queue a lost refresh and follow the simulated day (``rekap.rekap_sweep``)."""
    from .rekap import rekap_sweep

    return rekap_sweep()
