#!/usr/bin/env bash
# Backs up the PostgreSQL database (pg_dump, custom format) and the uploaded files into one folder:
#   bash scripts/backup.sh [DIR]        (default: var/backups/<timestamp>)
# DATABASE_URL names the database; DJANGO_MEDIA_ROOT the uploads (default: media/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${DATABASE_URL:?DATABASE_URL=postgres://… must name the database to back up}"
MEDIA="${DJANGO_MEDIA_ROOT:-$ROOT/media}"
DEST="${1:-$ROOT/var/backups/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$DEST"
start=$(date +%s%N)
pg_dump --format=custom --no-owner --no-privileges --file="$DEST/database.dump" "$DATABASE_URL"
if [ -d "$MEDIA" ]; then
    tar -C "$MEDIA" -czf "$DEST/media.tar.gz" .
else
    tar -czf "$DEST/media.tar.gz" --files-from /dev/null
fi
( cd "$DEST" && sha256sum database.dump media.tar.gz > SHA256SUMS )
end=$(date +%s%N)
printf 'backup: %s (%s, %d ms)\n' "$DEST" "$(du -sh "$DEST" | cut -f1)" "$(( (end - start) / 1000000 ))"
