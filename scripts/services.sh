#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster and Redis on loopback, for tests.
#
#   scripts/services.sh start    start both, write $DIR/env (source it)
#   scripts/services.sh stop     stop both by pid, remove their data (safe to repeat)
#   scripts/services.sh status   say what runs
#   scripts/services.sh pg-stop  stop PostgreSQL only (fast: open connections are cut), keep its data
#   scripts/services.sh pg-start start it again on the same port and data (fault tests)
#
# DIR is ${XTD_SERVICES_DIR:-<repo>/.ci-tmp/services}. Ports are the first free
# ones from 55432 (PostgreSQL) and 56379 (Redis). The env file holds
#   export DATABASE_URL=postgres://postgres@127.0.0.1:PORT/xtd
#   export CELERY_BROKER_URL=redis://127.0.0.1:RPORT/0
#   export REDIS_URL=redis://127.0.0.1:RPORT/0
# The script can also be sourced; it then defines services_start, services_stop,
# services_status, services_pg_stop and services_pg_start.

_XTD_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_svc_say() { printf 'services: %s\n' "$*" >&2; }

_svc_dir() { printf '%s\n' "${XTD_SERVICES_DIR:-$_XTD_REPO/.ci-tmp/services}"; }

_svc_pgbin() {
    local d
    if [[ -n "${PG_BIN:-}" ]]; then
        printf '%s\n' "$PG_BIN"
        return
    fi
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$d/pg_ctl" ]]; then
            printf '%s\n' "$d"
            return
        fi
    done
    d="$(command -v pg_ctl 2>/dev/null)" || return 1
    dirname "$d"
}

# Run a PostgreSQL server binary: as root through runuser (initdb and pg_ctl
# refuse root), otherwise as the current user.
_svc_as_pg() {
    if [[ "$(id -u)" == "0" ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# First port >= $1 on which nothing can be bound on 127.0.0.1.
_svc_free_port() {
    python3 - "$1" <<'EOF'
import socket, sys
port = int(sys.argv[1])
while port < 65535:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        port += 1
        continue
    finally:
        s.close()
    print(port)
    break
else:
    sys.exit("no free port")
EOF
}

# True while the process runs; an exited daemon left as a zombie (pid 1 of a
# container may not reap) counts as gone.
_svc_alive() {
    local state
    [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
    [[ -r "/proc/$1/stat" ]] || return 0
    state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
    [[ "$state" != "Z" ]]
}

_svc_pg_pid() {
    local pgdir
    pgdir="$(cat "$1/pgdir" 2>/dev/null)" || return 1
    head -n1 "$pgdir/data/postmaster.pid" 2>/dev/null
}

_svc_redis_pid() { cat "$1/redis/redis.pid" 2>/dev/null; }

services_status() {
    local dir pg rd
    dir="$(_svc_dir)"
    pg="$(_svc_pg_pid "$dir" || true)"
    rd="$(_svc_redis_pid "$dir" || true)"
    if _svc_alive "$pg"; then _svc_say "postgresql: running (pid $pg)"; else _svc_say "postgresql: stopped"; fi
    if _svc_alive "$rd"; then _svc_say "redis: running (pid $rd)"; else _svc_say "redis: stopped"; fi
    _svc_alive "$pg" && _svc_alive "$rd"
}

services_stop() {
    local dir pgdir pgbin pid i
    dir="$(_svc_dir)"
    [[ -d "$dir" ]] || return 0

    pgdir="$(cat "$dir/pgdir" 2>/dev/null || true)"
    if [[ -n "$pgdir" && -d "$pgdir/data" ]]; then
        pid="$(_svc_pg_pid "$dir" || true)"
        if _svc_alive "$pid"; then
            pgbin="$(_svc_pgbin || true)"
            if [[ -n "$pgbin" ]]; then
                _svc_as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w -t 15 stop >/dev/null 2>&1 || true
            fi
            _svc_alive "$pid" && kill -TERM "$pid" 2>/dev/null
            for ((i = 0; i < 100; i++)); do _svc_alive "$pid" || break; sleep 0.1; done
            _svc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
            _svc_say "postgresql stopped (pid $pid)"
        fi
    fi

    pid="$(_svc_redis_pid "$dir" || true)"
    if _svc_alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do _svc_alive "$pid" || break; sleep 0.1; done
        _svc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
        _svc_say "redis stopped (pid $pid)"
    fi

    # Remove only what start created.
    if [[ -n "$pgdir" && -d "$pgdir" ]]; then
        rm -rf -- "$pgdir"
    fi
    rm -rf -- "$dir/redis"
    rm -f -- "$dir/env" "$dir/pgdir"
    rmdir -- "$dir" 2>/dev/null || true
    return 0
}

services_start() {
    local dir pgbin pgdir redisdir port rport attempt i started
    dir="$(_svc_dir)"

    if [[ -f "$dir/env" ]] && services_status 2>/dev/null; then
        _svc_say "already running; env file: $dir/env"
        return 0
    fi
    services_stop # leftovers of an interrupted run

    pgbin="$(_svc_pgbin)" || { _svc_say "error: PostgreSQL binaries not found (set PG_BIN)"; return 1; }
    command -v redis-server >/dev/null || { _svc_say "error: redis-server not found"; return 1; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"

    # PostgreSQL's directory must belong to the user the server runs as. As root
    # that is "postgres", which may not be able to reach a directory under a
    # private home (e.g. /root): fall back to a fresh directory under /tmp.
    # The socket path (<dir>/.s.PGSQL.<port>) must also fit in 107 bytes.
    pgdir="$dir/pg"
    mkdir -p "$pgdir"
    if [[ "$(id -u)" == "0" ]]; then chown postgres: "$pgdir"; fi
    if ((${#pgdir} > 90)) || { [[ "$(id -u)" == "0" ]] && ! runuser -u postgres -- test -w "$pgdir" 2>/dev/null; }; then
        rmdir "$pgdir"
        pgdir="$(mktemp -d "${TMPDIR:-/tmp}/xtd-pg.XXXXXX")"
        if [[ "$(id -u)" == "0" ]]; then chown postgres: "$pgdir"; fi
    fi
    chmod 700 "$pgdir"
    printf '%s\n' "$pgdir" >"$dir/pgdir"

    local t0=$SECONDS
    if ! _svc_as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$pgdir/initdb.log" 2>&1; then
        cat "$pgdir/initdb.log" >&2
        _svc_say "error: initdb failed"
        return 1
    fi

    # Probe a free port; if another process takes it first, try the next one.
    port=55432
    started=0
    for ((attempt = 0; attempt < 20; attempt++)); do
        port="$(_svc_free_port "$port")"
        if _svc_as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 30 \
            -o "$(_svc_pg_opts "$pgdir" "$port")" \
            start >/dev/null 2>&1; then
            started=1
            break
        fi
        port=$((port + 1))
    done
    if ((!started)); then
        tail -n 20 "$pgdir/server.log" >&2 2>/dev/null || true
        _svc_say "error: PostgreSQL did not start"
        return 1
    fi
    if ! "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres xtd; then
        _svc_say "error: createdb xtd failed"
        return 1
    fi
    _svc_say "postgresql $("$pgbin/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (database xtd, user postgres, trust)"

    redisdir="$dir/redis"
    mkdir -p "$redisdir"
    rport=56379
    started=0
    for ((attempt = 0; attempt < 20; attempt++)); do
        rport="$(_svc_free_port "$rport")"
        rm -f "$redisdir/redis.pid"
        if redis-server --bind 127.0.0.1 --port "$rport" --save '' --appendonly no \
            --daemonize yes --pidfile "$redisdir/redis.pid" --logfile "$redisdir/redis.log" \
            --dir "$redisdir" >/dev/null 2>&1; then
            for ((i = 0; i < 100; i++)); do
                if [[ "$(redis-cli -h 127.0.0.1 -p "$rport" ping 2>/dev/null)" == "PONG" ]]; then
                    started=1
                    break
                fi
                # The daemon exits at once when the port was taken meanwhile.
                if ((i > 10)) && ! _svc_alive "$(_svc_redis_pid "$dir")"; then break; fi
                sleep 0.05
            done
        fi
        ((started)) && break
        rport=$((rport + 1))
    done
    if ((!started)); then
        tail -n 20 "$redisdir/redis.log" >&2 2>/dev/null || true
        _svc_say "error: Redis did not start"
        return 1
    fi
    _svc_say "redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$rport"

    cat >"$dir/env.tmp" <<EOF
export DATABASE_URL=postgres://postgres@127.0.0.1:$port/xtd
export CELERY_BROKER_URL=redis://127.0.0.1:$rport/0
export REDIS_URL=redis://127.0.0.1:$rport/0
EOF
    mv "$dir/env.tmp" "$dir/env"
    _svc_say "started in $((SECONDS - t0))s; env file: $dir/env"
}

# The server's options: the same for the first start and a start after pg-stop.
_svc_pg_opts() {
    printf '%s' "-p $2 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c listen_addresses=127.0.0.1 -c unix_socket_directories='$1'"
}

services_pg_stop() {
    local dir pgdir pgbin
    dir="$(_svc_dir)"
    pgdir="$(cat "$dir/pgdir" 2>/dev/null)" || { _svc_say "error: not started"; return 1; }
    pgbin="$(_svc_pgbin)" || return 1
    _svc_as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w -t 30 stop >/dev/null
    _svc_say "postgresql stopped (data kept)"
}

services_pg_start() {
    local dir pgdir pgbin port
    dir="$(_svc_dir)"
    pgdir="$(cat "$dir/pgdir" 2>/dev/null)" || { _svc_say "error: not started"; return 1; }
    pgbin="$(_svc_pgbin)" || return 1
    port="$(sed -n 's|^export DATABASE_URL=postgres://[^:]*:\([0-9]*\)/.*|\1|p' "$dir/env")"
    [[ -n "$port" ]] || { _svc_say "error: no port in $dir/env"; return 1; }
    _svc_as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 30 \
        -o "$(_svc_pg_opts "$pgdir" "$port")" start >/dev/null
    _svc_say "postgresql started again on 127.0.0.1:$port"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    case "${1:-}" in
        start)
            if ! services_start; then
                services_stop
                exit 1
            fi
            ;;
        stop) services_stop ;;
        status) services_status ;;
        pg-stop) services_pg_stop ;;
        pg-start) services_pg_start ;;
        *)
            echo "usage: $0 start|stop|status|pg-stop|pg-start" >&2
            exit 2
            ;;
    esac
fi
