#!/usr/bin/env bash
# Sets everything up and serves the demo at http://127.0.0.1:8000, or at $LEANPROJ_DEMO_ADDR
# (host:port or a port), and prints the address it really serves (SQLite, no other service).
source "$(dirname "$0")/lib.sh"
setup_python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-leanproj.settings.local}"
say "migrate"
"$PY" manage.py migrate --noinput -v0
say "load_demo"
"$PY" manage.py load_demo
ADDR="${LEANPROJ_DEMO_ADDR:-127.0.0.1:8000}"
case "$ADDR" in *:*) ;; *) ADDR="127.0.0.1:$ADDR" ;; esac  # runserver also takes a bare port
say "http://$ADDR — остановить: Ctrl+C"
exec "$PY" manage.py runserver "$ADDR"
