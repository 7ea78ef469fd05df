"""What every part of `bash bench/run.sh` shares: throwaway PostgreSQL databases, the environment of
a bench process, the machine it runs on, percentiles and the memory of a process. Standard library
and psycopg only, so that bench/run.py can import it before Django is set up."""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The interpreter of the virtual environment bench/run.sh set up (LEANPROJ_VENV or .venv).
PYTHON = os.environ.get("BENCH_PYTHON") or sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/6")
PREFIX = "leanproj_bench"


def pg_admin():
    import psycopg

    return psycopg.connect(f"{PG}/postgres", autocommit=True)


def create_database(name: str, template: str | None = None) -> None:
    assert name.startswith(PREFIX), name
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name: str) -> None:
    assert name.startswith(PREFIX), name
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_exists(name: str) -> bool:
    with pg_admin() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def bench_env(database: str, **extra: str) -> dict[str, str]:
    """The environment of every bench process: bench.settings on this database, Redis database 6."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url(database),
        REDIS_URL=REDIS,
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run(
    cmd: list[str], *, env: dict | None = None, check: bool = True, **kwargs
) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env, check=check, **kwargs)


# --- The machine --------------------------------------------------------------------------------


def loadavg() -> tuple[float, float, float]:
    one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    return float(one), float(five), float(fifteen)


def machine() -> dict:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": os.uname().release,
        "postgres": pg.split()[2] if len(pg.split()) > 2 else "?",  # psql (PostgreSQL) 15.20 (Debian …)
    }


def wait_for_quiet(
    limit: float = 1.5, *, tries: int = 20, pause: float = 30.0, say=print
) -> tuple[float, float, float]:
    """Waits (up to tries × pause) until the 1-minute load average is under `limit`: other people's
    test runs share this machine. Returns the load average it measured last."""
    load = loadavg()
    for _ in range(tries):
        if load[0] < limit:
            return load
        say(f"   load average {load[0]:.2f} ≥ {limit}: waiting {pause:.0f} s for a quieter machine")
        time.sleep(pause)
        load = loadavg()
    return load


# --- Processes ----------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(x) for x in (task / "children").read_text().split()]
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the peak resident set since the process started), KiB."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values


# --- Figures ------------------------------------------------------------------------------------


def percentile(sorted_values: list[float], p: float) -> float | None:
    """The nearest-rank percentile (p in 0–100) of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"
