"""Start and stop real Celery worker processes for tests (never eager mode)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def start_worker(env_overrides: dict, *, queues: str = "celery", concurrency: int = 1, logfile=None):
    env = {**os.environ, **env_overrides}
    env.setdefault("DJANGO_SETTINGS_MODULE", "pmm.settings.test")
    cmd = [
        CELERY,
        "-A",
        "pmm",
        "worker",
        "--loglevel=INFO",
        f"--concurrency={concurrency}",
        "-Q",
        queues,
        "--without-gossip",
        "--without-mingle",
        "-n",
        f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
    ]
    out = open(logfile, "w") if logfile else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_worker(proc, sig=signal.SIGTERM, timeout=20):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_for(predicate, *, deadline_s: float = 60, every: float = 0.1):
    """Poll until ``predicate()`` is truthy or the deadline passes; returns its last value."""
    end = time.monotonic() + deadline_s
    value = predicate()
    while not value and time.monotonic() < end:
        time.sleep(every)
        value = predicate()
    return value
