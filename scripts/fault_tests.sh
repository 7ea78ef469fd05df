#!/usr/bin/env bash
# The fault tests of issue 13 (tests/security/test_faults.py, marker `faults`): a Celery worker
# killed with SIGKILL in the middle of a batch of reminders, SMTP down for a while, PostgreSQL
# restarted under load. They start real processes, so they run here (a step of .ci/run, about
# 1.5 minutes) and not in the normal suite:
#   bash scripts/fault_tests.sh
# Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (its database 8 is emptied), and
# Debian's postgresql-common as root: the restart test makes its own cluster on port 5440.
source "$(dirname "$0")/lib.sh"
setup_python dev
# the restart test makes its own cluster: Debian's server and postgresql-common tools
command -v pg_createcluster >/dev/null || need_debs postgresql
export DJANGO_SETTINGS_MODULE=leanproj.settings.test
export DATABASE_URL="${FAULTS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/leanproj_sec_faults}"
export REDIS_URL="${FAULTS_REDIS_URL:-redis://127.0.0.1:6379/8}"
export LEANPROJ_FAULTS=1
say "fault tests (база данных: $DATABASE_URL; Redis: $REDIS_URL)"
exec "$PY" -m pytest -n 0 -p no:cacheprovider -m faults -s tests/security/test_faults.py "$@"
