"""Project-level checks: docker-compose names real commands, module boundaries hold."""

import ast
import importlib
import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from celery import Celery

ROOT = Path(__file__).resolve().parent.parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    assert set(_compose()["services"]) == {"web", "worker", "beat", "postgres", "redis"}


def _commands(command: str) -> list[list[str]]:
    words = shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in words[2].split("&&")]
    return [words]


def test_every_app_service_command_names_something_that_exists():
    services = _compose()["services"]
    seen = set()
    for name in ("web", "worker", "beat"):
        for words in _commands(services[name]["command"]):
            program = words[0]
            seen.add(program)
            if program == "python":
                assert words[1] == "manage.py" and (ROOT / "manage.py").exists()
                from django.core.management import get_commands

                assert words[2] in get_commands(), words
            elif program == "gunicorn":
                module, attr = words[1].split(":")
                assert callable(getattr(importlib.import_module(module), attr))
            elif program == "celery":
                assert words[1] == "-A"
                app = importlib.import_module(words[2]).celery_app
                assert isinstance(app, Celery)
                assert words[3] in {"worker", "beat"}
            else:
                raise AssertionError(f"perintah tak dikenal: {program}")
    assert {"python", "gunicorn", "celery"} <= seen


def test_compose_app_services_use_production_settings_on_postgres_and_redis():
    services = _compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "pmm.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
        importlib.import_module(env["DJANGO_SETTINGS_MODULE"].rsplit(".", 1)[0])


def test_pmm_code_never_imports_the_mock_ekinerja():
    """STYLE.md: PMM reaches the mock BKN side only over HTTP (sinkro.ekinerja is off limits)."""
    offenders = []
    for folder in ("pmm", "kinerja", "dapodik", "sinkro"):
        for path in (ROOT / folder).rglob("*.py"):
            if "ekinerja" in path.relative_to(ROOT).parts[1:2] or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                    if node.module == "sinkro":
                        names += [f"sinkro.{a.name}" for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level and path.parts[-2] == "sinkro":
                    # relative import inside sinkro/: "from .ekinerja import ..." or "from . import ekinerja"
                    names = [f"sinkro.{node.module or ''}"] + [f"sinkro.{a.name}" for a in node.names]
                offenders += [f"{path}: {n}" for n in names if n.startswith("sinkro.ekinerja")]
    assert offenders == []


def test_production_settings_pass_the_deploy_check_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmm.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_environment_variable_the_settings_read_is_documented():
    import re

    read = set()
    for path in (ROOT / "pmm" / "settings").glob("*.py"):
        read |= set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text()))
    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY"} <= read
    documented = set(re.findall(r"^# ([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set(), "tidak terdokumentasi di .env.example"


def _settings_in_subprocess(tmp_path, extra_env: dict) -> dict:
    """Load pmm.settings.base in a fresh interpreter with only ``extra_env`` set, open the database
    and report what it chose."""
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.db import connection\n"
        "out = {'engine': settings.DATABASES['default']['ENGINE'], 'name': str(settings.DATABASES['default']['NAME']),\n"
        "       'broker': settings.CELERY_BROKER_URL, 'eager': settings.CELERY_TASK_ALWAYS_EAGER}\n"
        "if connection.vendor == 'sqlite':\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('PRAGMA journal_mode')\n"
        "        out['journal'] = c.fetchone()[0]\n"
        "print(json.dumps(out))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "VAR_DIR", "SQLITE_PATH")
    }
    env.update(DJANGO_SETTINGS_MODULE="pmm.settings.base", VAR_DIR=str(tmp_path), **extra_env)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_services_the_settings_use_sqlite_in_wal_mode_and_the_filesystem_broker(tmp_path):
    got = _settings_in_subprocess(tmp_path, {})
    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["name"] == str(tmp_path / "pmm.sqlite3")
    assert got["journal"] == "wal"
    assert got["broker"] == "filesystem://" and got["eager"] is False


def test_with_service_urls_the_settings_use_postgresql_and_redis(tmp_path):
    got = _settings_in_subprocess(
        tmp_path,
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tidak_dipakai",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
        },
    )
    assert got["engine"] == "django.db.backends.postgresql"
    assert got["name"] == "tidak_dipakai"
    assert got["broker"] == "redis://127.0.0.1:6379/15" and got["eager"] is False
