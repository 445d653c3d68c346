"""docs/design.md section 8: in the demo campaigns the centre and the three departments report every
dossier, result and rating element, so a figures file for any of them is accepted."""

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from indicators.models import DataElement
from indicators.reporting_forms import form_elements_for

pytestmark = pytest.mark.django_db

CODES = ["CL-TD-2026", "DT-TD-2026-2030", "PL-45N-2025", "NLB-DVC-2026-2030", "VP-KSTTHC-2026"]


def test_centre_and_departments_report_every_dossier_element_once():
    call_command("seed_demo", "--bare", verbosity=0)
    dossier = set(
        DataElement.objects.filter(commune__isnull=True)
        .filter(code__regex=r"^(HS_|KQ_|DG_|PAKN_)")
        .values_list("code", flat=True)
    )
    assert len(dossier) == 23  # 17 of section 6, 6 more for the targets of issue 12
    for code in CODES:
        campaign = Campaign.objects.get(code=code)
        cadences = set(campaign.form_elements.values_list("cadence", flat=True))
        for unit_code in ("TTPVHCC", "VP", "VHXH", "KT"):
            unit = campaign.commune.units.get(code=unit_code)
            seen: list[str] = []
            for cadence in cadences:
                seen += [e.code for e in form_elements_for(campaign=campaign, unit=unit, cadence=cadence)]
            got = [c for c in seen if c in dossier]
            assert sorted(got) == sorted(dossier), (code, unit_code)  # every one, and none twice
