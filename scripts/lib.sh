# Shared set-up for scripts/demo.sh and scripts/test.sh: Debian packages, a virtual environment and
# the Python dependencies. Everything is idempotent: a second run only checks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${LEANPROJ_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# need_debs pkg...: install missing Debian packages (as root, or through sudo without a password).
need_debs() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            SUDO="sudo -n"
        else
            die "нужны пакеты Debian: ${missing[*]}. Запустите от root или выполните: sudo apt-get install -y ${missing[*]}"
        fi
    fi
    say "apt-get install ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
    for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    die "нужен Python 3.11 или новее (Debian 12: apt-get install python3)"
}

# setup_python [extras]: the virtual environment with the project installed in it.
setup_python() {
    local extras="${1:-}"
    # WeasyPrint draws PDF through Pango (DESIGN §8); fonts are shipped in static/fonts.
    need_debs libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 shared-mime-info
    local python; python="$(find_python)"
    if [ ! -x "$PY" ]; then
        say "virtual environment in $VENV"
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            need_debs python3-venv
            "$python" -m venv "$VENV"
        fi
    fi
    local spec="."; [ -n "$extras" ] && spec=".[$extras]"
    local stamp="$VENV/.leanproj-installed-$(sha1sum pyproject.toml | cut -c1-12)${extras:+-$extras}"
    if [ ! -f "$stamp" ]; then
        say "pip install -e $spec"
        "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
        "$PY" -m pip install -q --disable-pip-version-check -e "$spec"
        touch "$stamp"
    fi
}
