"""The deployment files: docker-compose.yml validates and has the production layout; the demo
script picks a free port."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
REQUIRED_SERVICES = {"web", "worker", "beat", "postgres", "redis"}
NEEDS_HEALTHCHECK = {"postgres", "redis"}


def _docker_compose() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        if os.environ.get("XTD_REAL_SERVICES") == "1":
            pytest.fail("docker-compose is required in CI (scripts/setup.sh installs it) but was not found")
        pytest.skip("docker-compose is not installed")
    return path


def _compose_env() -> dict[str, str]:
    # The system's docker-compose is a Python program: keep this venv out of its way.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env.pop("COMPOSE_FILE", None)
    return env


def _services() -> dict[str, dict]:
    """Service name -> its mapping, from the compose file as written (anchors included)."""
    try:
        import yaml  # not a project dependency; used when present
    except ImportError:
        return _services_by_indentation(COMPOSE_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return {name: (spec or {}) for name, spec in (data.get("services") or {}).items()}


def _services_by_indentation(text: str) -> dict[str, dict]:
    """A small reader for the block-style YAML of docker-compose.yml: the services' keys.

    Merge keys (``<<: *anchor``) count as their anchor's keys, one level deep.
    """
    anchors: dict[str, set[str]] = {}
    services: dict[str, dict] = {}
    lines = [ln.rstrip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]

    def keys_under(start: int, indent: int) -> tuple[set[str], int]:
        found: set[str] = set()
        child_indent = None
        i = start
        while i < len(lines):
            ln = lines[i]
            cur = len(ln) - len(ln.lstrip())
            if cur <= indent:
                break
            if child_indent is None:
                child_indent = cur
            if cur == child_indent:
                m = re.match(r"\s*([A-Za-z0-9_.<-]+):", ln)
                if m:
                    if m.group(1) != "<<":
                        found.add(m.group(1))
                    ref = re.match(r"\s*<<:\s*\*([\w-]+)", ln)
                    if ref:
                        found |= anchors.get(ref.group(1), set())
            i += 1
        return found, i

    i = 0
    while i < len(lines):
        ln = lines[i]
        anchor = re.match(r"^([\w.-]+):\s*&([\w-]+)\s*$", ln)
        if anchor:
            anchors[anchor.group(2)], _ = keys_under(i + 1, 0)
        if ln == "services:":
            j = i + 1
            while j < len(lines) and lines[j].startswith(" "):
                m = re.match(r"^(\s+)([\w.-]+):\s*$", lines[j])
                if m and len(m.group(1)) == len(lines[i + 1]) - len(lines[i + 1].lstrip()):
                    keys, _ = keys_under(j + 1, len(m.group(1)))
                    services[m.group(2)] = dict.fromkeys(keys, True)
                j += 1
            i = j
            continue
        i += 1
    return services


def test_docker_compose_config_is_valid():
    compose = _docker_compose()
    result = subprocess.run(
        [compose, "-f", str(COMPOSE_FILE), "config", "-q"],
        cwd=REPO,
        env=_compose_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"docker-compose config -q failed:\n{result.stdout}\n{result.stderr}"


def test_compose_has_the_production_services_with_healthchecks():
    services = _services()
    missing = REQUIRED_SERVICES - services.keys()
    assert not missing, f"docker-compose.yml lacks services: {sorted(missing)}"
    for name in sorted(NEEDS_HEALTHCHECK):
        assert "healthcheck" in services[name], f"service {name} has no healthcheck"
    for name in ("web", "worker", "beat"):
        assert "command" in services[name], f"service {name} has no command"


def test_compose_services_as_docker_compose_reads_them():
    """The same service list through docker-compose itself (anchors and merges resolved)."""
    compose = _docker_compose()
    result = subprocess.run(
        [compose, "-f", str(COMPOSE_FILE), "config", "--services"],
        cwd=REPO,
        env=_compose_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert REQUIRED_SERVICES <= set(result.stdout.split())


def test_compose_file_holds_no_secret_literal():
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for key in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"):
        for m in re.finditer(rf"^\s*{key}:\s*(.+)$", text, flags=re.M):
            assert m.group(1).strip().startswith("${"), f"{key} must come from the environment: {m.group(0)}"


def _demo_address(port: int) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DEMO_ADDR", "DEMO_HOST"}}
    env.update(DEMO_PORT=str(port), PYTHON=sys.executable)
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "demo.sh"), "--print-address"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_demo_serves_on_the_asked_port_when_it_is_free():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _demo_address(port) == f"http://127.0.0.1:{port}/"


def test_demo_takes_the_next_free_port_when_the_first_is_busy():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        address = _demo_address(port)
    chosen = int(address.rsplit(":", 1)[1].rstrip("/"))
    assert address.startswith("http://127.0.0.1:")
    assert port < chosen < port + 50
