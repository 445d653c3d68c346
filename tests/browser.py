"""Real headless Chromium through Playwright, against ``live_server``.

Playwright cannot download its own browser here; it drives the system Chromium
(``PLAYWRIGHT_CHROMIUM``, default /usr/bin/chromium). Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    path = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
    return path if shutil.which(path) or Path(path).exists() else None


@pytest.fixture(scope="session")
def _playwright_browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("XTD_REAL_SERVICES") == "1":
            pytest.fail("Chromium is required in CI but was not found")
        pytest.skip("no Chromium on this machine")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(_playwright_browser, live_server):
    """A fresh browser context (cookies, storage) per test; ``context.base_url`` is the live server."""
    context = _playwright_browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1366, "height": 768},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, username: str, password: str) -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
