#!/usr/bin/env bash
# Sets everything up and serves the demo at http://127.0.0.1:8000 (SQLite, no other service).
source "$(dirname "$0")/lib.sh"
setup_python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-leanproj.settings.local}"
say "migrate"
"$PY" manage.py migrate --noinput -v0
say "load_demo"
"$PY" manage.py load_demo
say "http://127.0.0.1:8000 — остановить: Ctrl+C"
exec "$PY" manage.py runserver "${LEANPROJ_DEMO_ADDR:-127.0.0.1:8000}"
