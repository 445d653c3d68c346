"""Run the generated data set through the engine on a fresh SQLite file and print the canonical
results as JSON (used by test_engines_agree; run in a subprocess so it has its own database)."""

from __future__ import annotations

import json
import os
import sys

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{sys.argv[1]}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from indicators.runs import campaign_recompute
    from tests.indicators.dataset import build, canonical

    campaign = build(int(sys.argv[2]))
    campaign_recompute(campaign_id=campaign.pk)
    json.dump(canonical(campaign), sys.stdout)
