#!/usr/bin/env bash
# The restore drill (issue 13): back up the database DATABASE_URL and its uploads, restore them into
# a fresh database and a fresh folder, and compare the row counts of every table and the files.
# Prints the time each step took. Exit status 0 only if everything matches.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${DATABASE_URL:?DATABASE_URL=postgres://… must name the database to drill}"
PY="${PY:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
src_media="${DJANGO_MEDIA_ROOT:-$ROOT/media}"
fresh="${DATABASE_URL%/*}/leanproj_restore_drill_$$"

t0=$(date +%s%N)
bash "$ROOT/scripts/backup.sh" "$WORK/backup" >/dev/null
t1=$(date +%s%N)
DATABASE_URL="$fresh" DJANGO_MEDIA_ROOT="$WORK/media" bash "$ROOT/scripts/restore.sh" "$WORK/backup" >/dev/null
t2=$(date +%s%N)

counts() {
    psql "$1" -At -c "select table_name from information_schema.tables where table_schema='public' and table_type='BASE TABLE' order by 1" |
    while read -r t; do printf '%s %s\n' "$t" "$(psql "$1" -Atc "select count(*) from \"$t\"")"; done
}
counts "$DATABASE_URL" > "$WORK/before"
counts "$fresh" > "$WORK/after"
files_before=$( [ -d "$src_media" ] && find "$src_media" -type f | wc -l || echo 0 )
files_after=$(find "$WORK/media" -type f | wc -l)
psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE \"leanproj_restore_drill_$$\""
if ! diff -u "$WORK/before" "$WORK/after"; then
    echo "restore drill FAILED: row counts differ" >&2; exit 1
fi
if [ "$files_before" != "$files_after" ]; then
    echo "restore drill FAILED: $files_before files backed up, $files_after restored" >&2; exit 1
fi
rows=$(awk '{s+=$2} END {print s}' "$WORK/before")
printf 'restore drill OK: %s tables, %s rows, %s files; backup %d ms, restore %d ms\n' \
    "$(wc -l < "$WORK/before")" "$rows" "$files_after" "$(( (t1 - t0) / 1000000 ))" "$(( (t2 - t1) / 1000000 ))"
