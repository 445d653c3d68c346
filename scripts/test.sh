#!/usr/bin/env bash
# The full check, as CI runs it: set up, start a throwaway PostgreSQL + Redis,
# then lint, format check, import floors, migrations check and the test suite against them.
# Stops at the first failure and exits with its code. Extra arguments go to
# pytest, e.g. scripts/test.sh -k attainment -x
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash scripts/setup.sh

# A private services directory per run, so two runs in one tree do not collide.
mkdir -p "$REPO/.ci-tmp"
if [[ -z "${XTD_SERVICES_DIR:-}" ]]; then
    XTD_SERVICES_DIR="$(mktemp -d "$REPO/.ci-tmp/services.XXXXXX")"
    chmod 755 "$XTD_SERVICES_DIR" # the PostgreSQL server user must reach its directory inside
fi
export XTD_SERVICES_DIR
cleanup() {
    local rc=$?
    trap - EXIT
    bash "$REPO/scripts/services.sh" stop || true
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/services.sh start
# shellcheck disable=SC1091
source "$XTD_SERVICES_DIR/env"

export XTD_REAL_SERVICES=1
export PLAYWRIGHT_CHROMIUM=/usr/bin/chromium
# pytest picks its settings from pyproject.toml; no stray override from the caller.
unset DJANGO_SETTINGS_MODULE CELERY_TASK_ALWAYS_EAGER CELERY_RESULT_BACKEND

step() { printf '\n== %s\n' "$*"; }

step "ruff check"
.venv/bin/ruff check .
step "ruff format --check"
.venv/bin/ruff format --check .
step "lint-imports (the floors in pyproject.toml)"
.venv/bin/lint-imports
step "makemigrations --check"
DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python manage.py makemigrations --check --dry-run
step "pytest $*"
.venv/bin/python -m pytest "$@"
