#!/usr/bin/env bash
# The run command: install, migrate, seed the Bimtek scenario, start a worker and the web server
# on embedded defaults (SQLite + filesystem broker; set DATABASE_URL / REDIS_URL to use services).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py seed_bimtek
$PY manage.py seed_ekinerja_bimtek
mkdir -p var
# -B runs beat inside the worker: the Sinkro outbox dispatcher every 30 s and the dashboard sweep.
.venv/bin/celery -A pmm worker -B --schedule var/celerybeat-schedule --loglevel=INFO --concurrency=2 > var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "Worker Celery berjalan (log: var/worker.log)."
echo "Buka http://$HOST:$PORT/ — login demo tercetak di atas (kata sandi sama untuk semua akun demo)."
echo
$PY manage.py runserver "$HOST:$PORT"
