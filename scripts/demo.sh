#!/usr/bin/env bash
# One command to a working demo portal: the embedded default (SQLite), migrated
# and seeded, served the way a commune sees it (DEBUG off, static files collected
# and served by whitenoise, gunicorn, Vietnamese 404/500), with a real Celery
# worker and beat on a broker kept in files (kombu's filesystem transport under
# var/celery/), so reminders, recomputes and documents run on schedule.
# E-mail goes to files in var/mail/ (one per message).
#
#   scripts/demo.sh                  set up, migrate, seed, collect static files, serve
#   scripts/demo.sh --no-serve       stop after seeding and collecting static files
#   scripts/demo.sh --print-address  print the address it would serve on, and exit
#
# Listens on 127.0.0.1, port 8000 or the next free one (up to 8049); it prints the address.
# DEMO_HOST / DEMO_PORT change where the search starts (DEMO_ADDR=host:port sets both).
# Ctrl-C stops the server. To start again from nothing: rm -f var/db.sqlite3* and rerun.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

serve=1
print_only=0
for arg in "$@"; do
    case "$arg" in
        --no-serve) serve=0 ;;
        --print-address) print_only=1 ;;
        -h | --help)
            sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            printf 'demo: unknown argument: %s (try --help)\n' "$arg" >&2
            exit 2
            ;;
    esac
done

host="${DEMO_HOST:-127.0.0.1}"
port="${DEMO_PORT:-8000}"
if [[ -n "${DEMO_ADDR:-}" ]]; then
    host="${DEMO_ADDR%:*}"
    port="${DEMO_ADDR##*:}"
fi

# The first port from $2 on that $1 can bind (a listening socket anywhere on it makes it busy).
free_port() {
    "$1" - "$2" "$3" <<'PY'
import socket
import sys

host, first = sys.argv[1], int(sys.argv[2])
family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
for port in range(first, first + 50):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            s.bind((host.strip("[]"), port))
        except OSError:
            continue
    print(port)
    sys.exit(0)
sys.exit(f"demo: no free port from {first} to {first + 49} on {host}")
PY
}

if ((print_only)); then
    port="$(free_port "${PYTHON:-python3}" "$host" "$port")"
    echo "http://$host:$port/"
    exit 0
fi

bash scripts/setup.sh

# The embedded default: no external database, broker or settings override.
unset DATABASE_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND CELERY_TASK_ALWAYS_EAGER REDIS_URL \
    DJANGO_SETTINGS_MODULE CACHE_URL

PY="$REPO/.venv/bin/python"
echo "demo: migrating"
"$PY" manage.py migrate --noinput
echo "demo: seeding demo data"
"$PY" manage.py seed_demo
echo "demo: collecting static files"
"$PY" manage.py collectstatic --noinput --verbosity 0

if ((serve)); then
    wanted="$port"
    port="$(free_port "$PY" "$host" "$port")"
    ((port == wanted)) || echo "demo: port $wanted is busy, using $port"
    # As a commune sees it: no debug pages, whitenoise serves the collected static files.
    export DJANGO_DEBUG=false
    case "$host" in
        0.0.0.0 | "[::]" | "::") DJANGO_ALLOWED_HOSTS="*" ;; # reachable from the network by any name
        *) DJANGO_ALLOWED_HOSTS="$host,127.0.0.1,localhost,[::1]" ;;
    esac
    export DJANGO_ALLOWED_HOSTS
    # The schedule (issue 17): the web and the worker share a broker that needs no server.
    export CELERY_BROKER_URL="filesystem://"
    export DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"
    mkdir -p var/celery var/mail
    echo "demo: starting the Celery worker with beat (log: var/celery/worker.log)"
    "$REPO/.venv/bin/celery" -A config.celery_app worker --beat --pool=threads --concurrency=2 \
        --scheduler celery.beat:PersistentScheduler --schedule var/celery/beat-schedule \
        --loglevel info --logfile var/celery/worker.log &
    worker_pid=$!
    "$PY" manage.py reminders_run --queue # the first run now, not after the first interval
    trap 'kill "$worker_pid" 2>/dev/null || true; wait "$worker_pid" 2>/dev/null || true' EXIT
    cat <<EOF

  ============================================================
    Xã Thi Đua demo:  http://$host:$port/
    log in as  vp.lanhdao  /  password printed above by seed_demo
    reminders and recomputes run on schedule (Celery worker + beat)
    Ctrl-C to stop
  ============================================================

EOF
    "$REPO/.venv/bin/gunicorn" config.wsgi:application --bind "$host:$port" \
        --workers 2 --threads 4 --timeout 180 --access-logfile - --log-level warning
    exit $?
fi
echo "demo: ready (--no-serve given; serve with: bash scripts/demo.sh)"
