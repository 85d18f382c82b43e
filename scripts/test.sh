#!/usr/bin/env bash
# The test command: lint, migrations, system checks and the whole suite on PostgreSQL + Redis,
# with real Celery worker processes for the worker tests and headless Chromium for the journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/services.sh
scripts/browser.sh
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pmm}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export DJANGO_SETTINGS_MODULE=pmm.settings.test
PY=.venv/bin/python
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The database named by DATABASE_URL must exist for makemigrations to check the migration history.
$PY - <<'EOF_DB'
import os
import urllib.parse

url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
if url.scheme.startswith("postgres"):
    import psycopg2

    name = urllib.parse.unquote(url.path.lstrip("/"))
    conn = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute('CREATE DATABASE "{}"'.format(name.replace('"', '""')))
    conn.close()
EOF_DB
$PY manage.py makemigrations --check --dry-run >/dev/null || { echo "Ada perubahan model tanpa migrasi." >&2; exit 1; }
$PY manage.py check
DJANGO_SECRET_KEY=ci-check-deploy-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
  DJANGO_SETTINGS_MODULE=pmm.settings.production $PY manage.py check --deploy --fail-level WARNING
set +e
$PY -m pytest "$@"
rc=$?
set -e
# pytest exits 5 when no test was collected: that is a failure here, not a pass.
exit $rc
