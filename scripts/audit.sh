#!/usr/bin/env bash
# Known vulnerabilities of the installed dependencies (pip-audit against PyPI's advisory data).
# --strict: a dependency that cannot be audited is a failure, never a silent pass. It needs
# https://pypi.org/pypi/<name>/<version>/json (or OSV): the closed CI network of this machine serves
# neither, so this runs where that network exists.
source "$(dirname "$0")/lib.sh"
setup_python dev
exec "$PY" -m pip_audit --strict --progress-spinner off --skip-editable "$@"
