#!/usr/bin/env bash
# The long fuzzing run of issue 13 (tests/security/test_fuzz.py, marker `fuzz`): 1 000 Hypothesis
# examples for every form of the site, posted through the pages; zero server errors, every refusal
# in Russian. The normal suite runs the same tests with 50 examples each; .ci/run runs this.
# Issue 18: it also stores what it generates in every text column and renders every document and
# export of the projects from it (LEANPROJ_FUZZ_EXAMPLES / 25 examples: 40 here, 2 in the suite).
# The examples are the same on every run (CI must not depend on luck); to look for new ones:
#   LEANPROJ_FUZZ_EXPLORE=1 bash scripts/fuzz.sh
#   LEANPROJ_FUZZ_EXAMPLES=5000 bash scripts/fuzz.sh -k Карточка
#   DATABASE_URL=postgres://… bash scripts/fuzz.sh        (SQLite by default)
source "$(dirname "$0")/lib.sh"
setup_python dev
export DJANGO_SETTINGS_MODULE=leanproj.settings.test
export LEANPROJ_FUZZ_EXAMPLES="${LEANPROJ_FUZZ_EXAMPLES:-1000}"
say "fuzzing: $LEANPROJ_FUZZ_EXAMPLES examples per form (база данных: ${DATABASE_URL:-SQLite})"
exec "$PY" -m pytest -p no:cacheprovider -n "${LEANPROJ_TEST_WORKERS:-2}" -m fuzz tests/security/test_fuzz.py "$@"
