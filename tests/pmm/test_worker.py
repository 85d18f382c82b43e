"""Tasks run in a separate worker process, on the embedded broker and on Redis."""

import os
import uuid

import pytest
from celery import Celery
from django.conf import settings

from tests.worker import start_worker, stop_worker, wait_for

pytestmark = [pytest.mark.worker]


def test_embedded_filesystem_broker_runs_tasks_in_a_worker_process(tmp_path):
    # Given a worker started on the default (no REDIS_URL) settings, with its own broker folder
    broker = tmp_path / "broker"
    env = {"REDIS_URL": "", "BROKER_DIR": str(broker), "VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    worker = start_worker(env, logfile=tmp_path / "worker.log")
    try:
        # When a task is sent through kombu's filesystem transport in that folder
        (broker / "out").mkdir(parents=True, exist_ok=True)
        sender = Celery(
            set_as_current=False,
            broker="filesystem://",
            broker_transport_options={
                "data_folder_in": str(broker / "out"),
                "data_folder_out": str(broker / "out"),
            },
        )
        token = uuid.uuid4().hex
        sender.send_task("pmm.probe", args=[token])
        # Then another process runs it
        probe = tmp_path / "probes" / token
        assert wait_for(probe.exists), (tmp_path / "worker.log").read_text()
        pid = int(probe.read_text().split()[0])
        assert pid != os.getpid()
    finally:
        stop_worker(worker)


@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL tidak diset")
def test_redis_broker_runs_tasks_in_a_worker_process(tmp_path):
    queue = f"probe-{uuid.uuid4().hex[:8]}"
    worker = start_worker({"VAR_DIR": str(tmp_path)}, queues=queue, logfile=tmp_path / "worker.log")
    try:
        from pmm.tasks import probe as probe_task

        token = uuid.uuid4().hex
        probe_task.apply_async(args=[token], queue=queue)
        probe = tmp_path / "probes" / token
        assert wait_for(probe.exists), (tmp_path / "worker.log").read_text()
        assert int(probe.read_text().split()[0]) != os.getpid()
    finally:
        stop_worker(worker)


def test_settings_never_run_tasks_eagerly():
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.CELERY_TASK_ACKS_LATE is True
