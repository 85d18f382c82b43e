import os
from pathlib import Path

from celery import shared_task
from django.conf import settings


@shared_task(name="pmm.probe")
def probe(token: str) -> None:
    """Health probe of the worker: writes which process ran it. It needs no database, so it
    proves the broker path alone (used by tests to show tasks run in a separate process)."""
    if not token.isalnum() or len(token) > 64:
        return
    folder = Path(settings.VAR_DIR) / "probes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / token).write_text(str(os.getpid()))
