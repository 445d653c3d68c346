#!/usr/bin/env bash
# One command to a working demo portal: the embedded default (SQLite, Celery
# eager), migrated and seeded, served on http://127.0.0.1:8000/.
#
#   scripts/demo.sh             set up, migrate, seed, run the development server
#   scripts/demo.sh --no-serve  stop after seeding
#
# DEMO_ADDR overrides the address the server listens on (default 127.0.0.1:8000).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

serve=1
for arg in "$@"; do
    case "$arg" in
        --no-serve) serve=0 ;;
        -h | --help)
            sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            printf 'demo: unknown argument: %s (try --help)\n' "$arg" >&2
            exit 2
            ;;
    esac
done

bash scripts/setup.sh

# The embedded default: no external database, broker or settings override.
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_TASK_ALWAYS_EAGER REDIS_URL \
    DJANGO_SETTINGS_MODULE

PY="$REPO/.venv/bin/python"
echo "demo: migrating"
"$PY" manage.py migrate --noinput
echo "demo: seeding demo data"
"$PY" manage.py seed_demo

if ((serve)); then
    addr="${DEMO_ADDR:-127.0.0.1:8000}"
    echo "demo: serving on http://$addr/ (Ctrl-C to stop)"
    exec "$PY" manage.py runserver "$addr"
fi
echo "demo: ready (--no-serve given; run: .venv/bin/python manage.py runserver)"
