#!/usr/bin/env bash
# Prepare this machine for Xã Thi Đua (Debian 12): system packages, then the
# Python virtual environment in .venv with requirements.txt installed.
#
# Idempotent and quick on a second run: apt-get runs only when a package is
# missing, pip runs only when requirements.txt changed since the last install
# (stamp file .venv/.req-<sha256 of requirements.txt>).
#
# Environment:
#   PYTHON        interpreter used to create .venv (default: python3 on PATH, >= 3.11)
#   XTD_SKIP_APT  set to 1 to skip the system package check entirely
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
    python3-venv python3-dev build-essential
    postgresql redis-server
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 libffi8
    fontconfig fonts-liberation2 fonts-liberation fonts-dejavu-core fonts-noto-core
    chromium chromium-driver poppler-utils
    docker-compose git wrk
)

# --- system packages ---------------------------------------------------------
installed() {
    # "install ok installed" only; a removed package with config files left is missing.
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

if [[ "${XTD_SKIP_APT:-0}" == "1" ]]; then
    say "system packages: skipped (XTD_SKIP_APT=1)"
elif ! command -v dpkg-query >/dev/null 2>&1; then
    say "system packages: no dpkg here, skipped (install the list in scripts/setup.sh by hand)"
else
    missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        say "system packages: all ${#APT_PACKAGES[@]} present"
    else
        SUDO=()
        if [[ "$(id -u)" != "0" ]]; then
            command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install ${missing[*]}"
            SUDO=(sudo)
        fi
        say "system packages: installing ${missing[*]}"
        # Another apt (unattended-upgrades on a fresh machine) may hold the lock: wait up to
        # 10 minutes for it instead of failing.
        APT_WAIT=(-o DPkg::Lock::Timeout=600)
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_WAIT[@]}" update -q
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get "${APT_WAIT[@]}" install -y -q --no-install-recommends "${missing[@]}"
        say "system packages: done"
    fi
fi

# --- Python virtual environment ----------------------------------------------
PY="${PYTHON:-python3}"
VENV="$REPO/.venv"

if [[ ! -x "$VENV/bin/python" ]]; then
    command -v "$PY" >/dev/null 2>&1 || die "$PY not found on PATH"
    "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
        || die "$PY is $("$PY" -V 2>&1); Python >= 3.11 is required (set PYTHON=...)"
    say "venv: creating .venv with $("$PY" -V 2>&1) ($(command -v "$PY"))"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die ".venv has $("$VENV/bin/python" -V 2>&1); remove .venv and rerun with Python >= 3.11"

REQ_SHA="$(sha256sum requirements.txt | cut -d' ' -f1)"
STAMP="$VENV/.req-$REQ_SHA"
if [[ -f "$STAMP" ]]; then
    say "python packages: up to date ($("$VENV/bin/python" -V 2>&1), requirements ${REQ_SHA:0:12})"
else
    say "python packages: upgrading pip"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    say "python packages: installing requirements.txt"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt
    rm -f "$VENV"/.req-*
    : >"$STAMP"
    say "python packages: done"
fi
