#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into the database DATABASE_URL (which must be empty or
# absent: it is created) and the uploads folder DJANGO_MEDIA_ROOT:
#   bash scripts/restore.sh DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="${1:?usage: restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL=postgres://… must name the database to restore into}"
MEDIA="${DJANGO_MEDIA_ROOT:-$ROOT/media}"
( cd "$SRC" && sha256sum --quiet -c SHA256SUMS )
dbname="${DATABASE_URL##*/}"; dbname="${dbname%%\?*}"
server="${DATABASE_URL%/*}/postgres"
if ! psql "$DATABASE_URL" -Atc "select 1" >/dev/null 2>&1; then
    psql "$server" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$dbname\""
fi
if [ "$(psql "$DATABASE_URL" -Atc "select count(*) from information_schema.tables where table_schema='public'")" != "0" ]; then
    echo "ERROR: database $dbname is not empty; restore into a fresh database" >&2
    exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$SRC/database.dump"
mkdir -p "$MEDIA"
tar -C "$MEDIA" -xzf "$SRC/media.tar.gz"
echo "restored $SRC into $dbname and $MEDIA"
