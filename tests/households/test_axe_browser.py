"""No serious axe violation (issue 13 item 6) on the village pages, the dashboard, the review grid
and the province page, in real Chromium at 360 × 740, over the full demo (figures in every status,
so every status chip is on screen). axe-core is vendored for the tests only (tests/vendor/axe-core).
The counts per page are written to artifacts/axe-counts.json."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Campaign
from demo.seed_org import DEMO_PASSWORD
from households.selectors import open_round_for_village
from org.models import Unit
from tests.browser import ARTIFACTS, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": len(v["nodes"]),
            "help": v["help"],
            "target": v["nodes"][0]["target"] if v["nodes"] else [],
        }
        for v in result["violations"]
    ]


def test_no_serious_axe_violation_on_the_pages_people_use(page):
    call_command("seed_demo", "--today", "2025-11-20", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    campaign = Campaign.objects.get(code="PL-45N-2025")
    survey_round = open_round_for_village(village=Unit.objects.get(commune=campaign.commune, code="V01"))
    village = Unit.objects.get(commune=campaign.commune, code="V01")
    page.set_viewport_size({"width": 360, "height": 740})
    visits = {
        "truongxom1": [
            reverse("village_home"),
            reverse("households:return_form", args=[survey_round.pk, village.pk]),
            reverse("households:visits", args=[survey_round.pk, village.pk]),
        ],
        "lanhdao": [reverse("dashboards:dashboard", args=[campaign.pk])],
        "trungtam": [reverse("reporting:review_grid", args=[campaign.pk])],
        "tinh": [reverse("dashboards:province_home")],
    }
    counts, serious = {}, {}
    for username, urls in visits.items():
        page.context.clear_cookies()
        login(page, username, DEMO_PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (username, url, response.status)
            page.wait_for_load_state("networkidle")
            found = axe_violations(page)
            counts[url] = {
                impact: sum(v["nodes"] for v in found if v["impact"] == impact)
                for impact in ("critical", "serious", "moderate", "minor")
            }
            serious[url] = [v for v in found if v["impact"] in SERIOUS]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-counts.json").write_text(
        json.dumps({"counts": counts, "serious": serious}, ensure_ascii=False, indent=1)
    )
    assert {url: v for url, v in serious.items() if v} == {}
