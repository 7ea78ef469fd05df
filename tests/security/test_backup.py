"""Backup and restore (issue 13, item 7): scripts/restore_drill.sh backs up a database with the demo
and its uploads, restores both into a fresh database and folder and compares every table's rows
and the files. Run against a throwaway database made here; prints the time each step took."""

import os
import re
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres]


def _server_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"


def _run(cmd, env, timeout=600):
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_restore_drill_on_the_demo(tmp_path):
    name = f"leanproj_sec_drill_{uuid.uuid4().hex[:8]}"
    url = f"{_server_url()}/{name}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "leanproj.settings.local",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
        "EMAIL_URL": "consolemail://",
    }
    py = str(ROOT / ".venv" / "bin" / "python")
    created = _run(["psql", f"{_server_url()}/postgres", "-qc", f'CREATE DATABASE "{name}"'], env)
    assert created.returncode == 0, created.stderr
    try:
        for step in (["migrate", "--noinput"], ["load_demo"]):
            done = _run([py, "manage.py", *step], env)
            assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        # an upload too: the drill must bring the files back
        (tmp_path / "media" / "maps").mkdir(parents=True, exist_ok=True)
        (tmp_path / "media" / "maps" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        started = time.monotonic()
        drill = _run(["bash", "scripts/restore_drill.sh"], env)
        elapsed = time.monotonic() - started
        assert drill.returncode == 0, drill.stdout + drill.stderr
        summary = re.search(
            r"restore drill OK: (\d+) tables, (\d+) rows, (\d+) files; backup (\d+) ms, restore (\d+) ms",
            drill.stdout,
        )
        assert summary, drill.stdout
        tables, rows, files, backup_ms, restore_ms = map(int, summary.groups())
        assert tables > 30 and rows > 500 and files == 1
        print(
            f"\nrestore drill: {tables} tables, {rows} rows, {files} file(s); backup {backup_ms} ms, "
            f"restore {restore_ms} ms, whole drill {elapsed:.1f} s"
        )
        # the fresh database was dropped by the drill
        left = _run(
            [
                "psql",
                f"{_server_url()}/postgres",
                "-Atc",
                "select count(*) from pg_database where datname like 'leanproj_restore_drill_%'",
            ],
            env,
        )
        assert left.stdout.strip() == "0"
    finally:
        _run(["psql", f"{_server_url()}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{name}"'], env)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    """restore.sh never writes over a live database."""
    name = f"leanproj_sec_full_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": f"{_server_url()}/{name}", "DJANGO_MEDIA_ROOT": str(tmp_path / "m")}
    _run(["psql", f"{_server_url()}/postgres", "-qc", f'CREATE DATABASE "{name}"'], env)
    try:
        _run(["psql", env["DATABASE_URL"], "-qc", "create table t (x int)"], env)
        backup = tmp_path / "b"
        made = _run(["bash", "scripts/backup.sh", str(backup)], env)
        assert made.returncode == 0, made.stderr
        again = _run(["bash", "scripts/restore.sh", str(backup)], env)
        assert again.returncode != 0 and "not empty" in again.stderr
        # a damaged backup is refused before anything is written
        (backup / "database.dump").write_bytes(b"garbage")
        fresh = {**env, "DATABASE_URL": f"{_server_url()}/{name}_x"}
        broken = _run(["bash", "scripts/restore.sh", str(backup)], fresh)
        assert broken.returncode != 0 and "FAILED" in (broken.stdout + broken.stderr)
    finally:
        for db in (name, f"{name}_x"):
            _run(["psql", f"{_server_url()}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{db}"'], env)
