#!/usr/bin/env bash
# Every benchmark in one command (BENCHMARKS.md): the virtual environment with the dev and bench
# extras, then bench/run.py, which makes throwaway `leanproj_bench_*` PostgreSQL databases, fills
# them, runs every part, prints one table, writes bench/results/ and drops the databases.
#
#   bash bench/run.sh                 # everything: 10 000 projects under load, ~8 min
#   bash bench/run.sh --quick         # a smoke test of the whole chain, a few minutes
#   bash bench/run.sh --only load,documents --keep    # parts; keep the load database (--reuse)
#
# PostgreSQL at BENCH_PG (postgres://postgres@127.0.0.1:5432, a role that may create databases),
# Redis at BENCH_REDIS (redis://127.0.0.1:6379/6, flushed after the load and the Celery scan).
source "$(dirname "$0")/../scripts/lib.sh"
setup_python dev,bench
# hyperfine times `manage.py send_reminders` as cron runs it; without it that line is skipped.
if ! command -v hyperfine >/dev/null; then
    ( need_debs hyperfine ) || say "hyperfine not installed: the cold-process scan is skipped"
fi
say "bench/run.py $*"
exec "$PY" bench/run.py "$@"
