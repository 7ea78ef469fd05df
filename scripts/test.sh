#!/usr/bin/env bash
# Sets everything up and runs the whole test suite. SQLite by default; DATABASE_URL and REDIS_URL
# switch to the real PostgreSQL and Redis (.ci/run sets them). Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
setup_python dev
# (browser tests add Debian chromium here)
export DJANGO_SETTINGS_MODULE=leanproj.settings.test
export LEANPROJ_ARTIFACTS="${LEANPROJ_ARTIFACTS:-$ROOT/test-artifacts}"
say "pytest (база данных: ${DATABASE_URL:-SQLite}; Redis: ${REDIS_URL:-нет})"
exec "$PY" -m pytest "$@"
