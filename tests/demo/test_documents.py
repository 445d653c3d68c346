"""Every document of every demo campaign, in both formats, with the engine's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from documents.exporters.document import fmt_ratio
from documents.exporters.weekly import WeeklyExporter
from documents.models import ExportStatus
from documents.services import export_generate_now, params_clean, record_file_bytes
from indicators.models import Attainment
from tests.documents.helpers import pdf_text_raw, pdf_text_stream, sheet_records, workbook

DEMO = ["CL-TD-2026", "DT-TD-2026-2030", "PL-45N-2025", "NLB-DVC-2026-2030", "VP-KSTTHC-2026"]


@pytest.mark.django_db
def test_every_document_of_every_demo_campaign_renders_in_both_formats(world):
    call_command("seed_demo", verbosity=0)
    for code in DEMO:
        campaign = Campaign.objects.get(code=code)
        for kind in ("weekly", "push_final", "quarterly", "mau_02", "tasks"):
            for fmt in ("pdf", "xlsx"):
                params = params_clean(kind=kind, campaign=campaign, fmt=fmt)
                record = export_generate_now(user=None, campaign=campaign, params=params)
                assert record.status == ExportStatus.DONE, (code, kind, fmt, record.error)
                content = record_file_bytes(record)
                if fmt == "pdf":
                    text = pdf_text_raw(content)
                    assert (
                        f"ỦY BAN NHÂN DÂN XÃ {campaign.commune.name.upper()}" in text and "TM. ỦY BAN NHÂN DÂN" in text
                    )
                else:
                    assert workbook(content).worksheets
        # the weekly figures are the engine's, in both formats
        params = params_clean(kind="weekly", campaign=campaign, fmt="xlsx")
        period = WeeklyExporter().period(params, campaign)
        engine_rows = {
            a.indicator.name: a
            for a in Attainment.objects.filter(
                campaign=campaign, period=period, window_kind="period", scope_kind="commune"
            ).select_related("indicator")
        }
        xlsx = record_file_bytes(export_generate_now(user=None, campaign=campaign, params=params))
        rows = [r for r in sheet_records(workbook(xlsx), "Chỉ tiêu") if r.get("Chỉ tiêu") in engine_rows]
        assert len(rows) == len(engine_rows)
        for r in rows:
            engine = engine_rows[r["Chỉ tiêu"]]
            value = r["Kết quả trong kỳ"]
            assert (value is None and engine.value is None) or Decimal(str(value)) == engine.value
            if engine.indicator.kind == "ratio" and engine.value is not None:  # the counts beside it
                assert Decimal(str(r["Kết quả trong kỳ: tử số"])) == engine.numerator
                assert Decimal(str(r["Kết quả trong kỳ: mẫu số"])) == engine.denominator
        pdf = record_file_bytes(
            export_generate_now(
                user=None, campaign=campaign, params=params_clean(kind="weekly", campaign=campaign, fmt="pdf")
            )
        )
        text = pdf_text_stream(pdf)
        for a in engine_rows.values():
            if a.value is not None and a.indicator.kind == "ratio":
                assert fmt_ratio(a.numerator, a.denominator, a.value, a.indicator.decimals) in text
