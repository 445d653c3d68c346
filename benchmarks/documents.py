"""Time the quarterly report of a demo commune (issue #8: PDF < 2 s, xlsx < 1 s).

    .venv/bin/python manage.py seed_demo            # once
    .venv/bin/python benchmarks/documents.py [CAMPAIGN_CODE] [YYYY-QN]

Renders in memory (no record is written) and prints the best of three runs per format.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from campaigns.models import Campaign  # noqa: E402
from documents.exporters import exporter_get  # noqa: E402
from documents.services import params_clean  # noqa: E402


def main() -> None:
    code = sys.argv[1] if len(sys.argv) > 1 else "PL-45N-2025"
    campaign = Campaign.objects.select_related("commune").get(code=code)
    quarter = sys.argv[2] if len(sys.argv) > 2 else None
    limits = {"pdf": 2.0, "xlsx": 1.0}
    for fmt in ("pdf", "xlsx"):
        params = params_clean(kind="quarterly", campaign=campaign, fmt=fmt, quarter=quarter)
        exporter = exporter_get("quarterly")
        best, size = None, 0
        for _ in range(3):
            t0 = time.perf_counter()
            _, _, content = exporter.render(params)
            elapsed = time.perf_counter() - t0
            best = elapsed if best is None else min(best, elapsed)
            size = len(content)
        verdict = "OK" if best < limits[fmt] else "CHẬM"
        print(
            f"quarterly {fmt:4} {campaign.code} ({campaign.commune.name}): {best:.3f} s "
            f"(giới hạn {limits[fmt]:.0f} s) {verdict} · {size} byte"
        )


if __name__ == "__main__":
    main()
