.PHONY: run test lint bench-import

run:  ## install, migrate, seed the Bimtek scenario, start worker + web server (SQLite, no services)
	scripts/run.sh

test:  ## lint, migration check, system checks and the full suite on PostgreSQL + Redis
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

bench-import:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pmm_bench} .venv/bin/python manage.py bench import
