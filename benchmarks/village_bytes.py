"""Bytes over the wire for a village head's page on a phone (issue 13 item 6; budget ≤ 60 KB on the
first visit, service worker and scripts included).

    .venv/bin/python benchmarks/village_bytes.py

Runs in-process against a throwaway in-memory database (``seed_demo --bare``) with the production
static set-up: ``collectstatic`` into a temporary folder with whitenoise's
``CompressedManifestStaticFilesStorage``, ``DEBUG`` off, whitenoise serving the pre-compressed
files and ``GZipMiddleware`` the pages, to a client that accepts ``gzip, br``. Logged in as
``truongxom1`` (head of V01, Phú Lạc), it fetches what a phone fetches and counts each response's
body as sent plus its status line and headers:

* first visit: the page; every stylesheet, script and icon it links; ``/sw.js``; the service
  worker's shell (``households.api.SHELL``) minus what the page already loaded (the browser's
  HTTP cache answers those: hashed names, immutable); and the page once more, the copy the worker
  keeps for offline use;
* second visit: the page (network first) and ``/sw.js`` (the browser re-checks it on navigation;
  ``no-cache``); every static file is answered by the worker's cache or the HTTP cache.

The outbox sends nothing when it is empty, so no JSON is counted. Request bytes are not counted.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

BUDGET = 60 * 1024


def wire_bytes(response) -> int:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    head = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n") + 2
    head += sum(len(k) + len(v) + 4 for k, v in response.items())
    return len(body) + head


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    static_root = tempfile.mkdtemp(prefix="xtd-static-")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(DEBUG=False, STATIC_ROOT=static_root, STORAGES=storages, ALLOWED_HOSTS=["*"]):
        call_command("collectstatic", "--noinput", verbosity=0)
        setup_test_environment()
        connection.creation.create_test_db(verbosity=0)
        call_command("seed_demo", "--bare", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

        from django.contrib.auth import get_user_model
        from django.templatetags.static import static

        from households.api import SHELL
        from households.models import SurveyRound
        from org.models import Unit

        survey_round = SurveyRound.objects.get(campaign__code="PL-45N-2025")
        village = Unit.objects.get(commune=survey_round.campaign.commune, code="V01")
        client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        client.force_login(get_user_model().objects.get(username="truongxom1"))

        pages = {
            "Mẫu 02 form": f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/",
            "village home": "/thon/",
            "sổ thăm hộ": f"/ra-soat/dot/{survey_round.pk}/thon/{village.pk}/so-tham-ho/",
        }
        worst = 0
        for name, url in pages.items():
            page = client.get(url)
            assert page.status_code == 200, (url, page.status_code)
            encoding = page.get("Content-Encoding", "none")
            html_bytes = wire_bytes(page)
            import gzip

            html = gzip.decompress(page.content).decode() if encoding == "gzip" else page.content.decode()
            linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
            shell = [static(p) for p in SHELL]
            first_static = {}
            for path in dict.fromkeys(linked + shell):
                res = client.get(path)
                assert res.status_code == 200, (path, res.status_code)
                first_static[path] = wire_bytes(res)
            sw = wire_bytes(client.get("/sw.js"))
            kept_copy = wire_bytes(client.get(url))
            first = html_bytes + sum(first_static.values()) + sw + kept_copy
            second = wire_bytes(client.get(url)) + sw
            worst = max(worst, first)
            print(f"{name} ({url}), HTML {encoding}")
            print(
                f"  page {html_bytes} B, static files {sum(first_static.values())} B in {len(first_static)}, "
                f"/sw.js {sw} B, kept copy {kept_copy} B"
            )
            for path, size in first_static.items():
                print(f"    {size:>6} B  {path}")
            print(f"  first visit:  {first} B ({first / 1024:.1f} KB)")
            print(f"  second visit: {second} B ({second / 1024:.1f} KB)")
        print(
            f"budget {BUDGET / 1024:.0f} KB on first visit: {'OK' if worst <= BUDGET else 'OVER'} "
            f"(largest {worst / 1024:.1f} KB)"
        )
        return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
