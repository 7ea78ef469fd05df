#!/usr/bin/env bash
# Sets everything up and runs the whole test suite. SQLite by default; DATABASE_URL and REDIS_URL
# switch to the real PostgreSQL and Redis (.ci/run sets them). Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
setup_python dev
# Browser tests drive Debian's Chromium through Playwright (browsers cannot be downloaded here).
need_debs chromium
export DJANGO_SETTINGS_MODULE=leanproj.settings.test
export LEANPROJ_ARTIFACTS="${LEANPROJ_ARTIFACTS:-$ROOT/test-artifacts}"
say "pytest (база данных: ${DATABASE_URL:-SQLite}; Redis: ${REDIS_URL:-нет})"
# Two processes by default (the machine has two cores); LEANPROJ_TEST_WORKERS=0 runs in one.
workers="${LEANPROJ_TEST_WORKERS:-2}"
if [ "$workers" = "0" ]; then exec "$PY" -m pytest "$@"; fi
exec "$PY" -m pytest -n "$workers" "$@"
