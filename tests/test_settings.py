"""Settings on SQLite and PostgreSQL, from the environment only (issue 2)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

ROOT = os.path.dirname(os.path.dirname(__file__))


def _settings_of(module: str, **env) -> str:
    code = (
        "import django, json; from django.conf import settings as s; django.setup();"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "TIME_ZONE"}}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_default_is_sqlite_with_tasks_in_process():
    s = _settings_of("leanproj.settings.local")
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["eager"] is True
    assert s["broker"] == "memory://"
    assert s["tz"] == "Asia/Tomsk"
    assert s["lang"] == "ru"


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    s = _settings_of(
        "leanproj.settings.local",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/leanproj",
        REDIS_URL="redis://127.0.0.1:6379/3",
        TIME_ZONE="Europe/Moscow",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "leanproj"
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/3"
    assert s["tz"] == "Europe/Moscow"


@pytest.mark.django_db
def test_the_configured_database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1
    assert settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1] in {"sqlite3", "postgresql"}


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_is_really_used_in_ci():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


def test_production_check_deploy_has_zero_warnings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "leanproj.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a",
        "DJANGO_ALLOWED_HOSTS": "lean.example.ru",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_production_refuses_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | {
        "DJANGO_SETTINGS_MODULE": "leanproj.settings.production",
        "DJANGO_ALLOWED_HOSTS": "lean.example.ru",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert "DJANGO_SECRET_KEY" in proc.stderr


def test_env_example_lists_every_variable_the_settings_read():
    """Issue 2: `.env.example` lists every variable; a new env(...) in the settings must appear there."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    read = set()
    for module in (root / "leanproj" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.[a-z]+)?\(\s*"([A-Z][A-Z0-9_]+)"', module.read_text()))
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (root / ".env.example").read_text(), flags=re.M))
    assert read, "no variable found: the pattern no longer matches the settings"
    assert read - listed == set()
