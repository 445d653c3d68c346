"""Counts beside rates (issue #16, item 3): every rate of every document is printed with the
engine's numerator and denominator ("45/60 · 75,00%"), and the workbooks hold them in numeric
columns of their own: the stored attainment rows' figures, never recomputed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from documents.exporters.document import fmt_ratio
from indicators.models import Attainment

from .helpers import pdf_text_stream, sheet_records, workbook
from .test_documents import generate

pytestmark = pytest.mark.django_db
RATE = "Tỷ lệ hồ sơ tiếp nhận trực tuyến"


def engine_row(c, period, window_kind):
    return Attainment.objects.get(
        campaign=c, period=period, window_kind=window_kind, scope_kind="commune", indicator__code="TL_HS_TRUC_TUYEN"
    )


def test_push_final_prints_counts_beside_each_rate_as_the_engine_stored_them(world, campaign):
    c, periods = campaign
    _, pdf = generate(world, c, "push_final", "pdf")
    text = pdf_text_stream(pdf)
    week1, week2 = engine_row(c, periods[0], "period"), engine_row(c, periods[1], "period")
    assert (week1.numerator, week1.denominator) == (92, 100) and (week2.numerator, week2.denominator) == (45, 60)
    assert "92/100 · 92,00%" in text and "45/60 · 75,00%" in text  # the week-by-week trend
    assert "137/160 · 85,63%" in text  # the whole push: (92 + 45) / (100 + 60)
    _, xlsx = generate(world, c, "push_final", "xlsx")
    row = next(r for r in sheet_records(workbook(xlsx), "Chỉ tiêu") if r["Chỉ tiêu"] == RATE)
    assert (row["Kết quả cả đợt: tử số"], row["Kết quả cả đợt: mẫu số"]) == (137, 160)
    assert Decimal(str(row["Kết quả cả đợt"])) == Decimal("85.625")
    trend = next(r for r in sheet_records(workbook(xlsx), "Diễn biến (phần 1)") if r["Chỉ tiêu"] == RATE)
    week2_label = next(k for k in trend if k and k.startswith("Tuần 2") and not k.endswith("số"))
    assert (trend[f"{week2_label}: tử số"], trend[f"{week2_label}: mẫu số"], trend[week2_label]) == (45, 60, 75)


def test_weekly_and_quarterly_counts_equal_the_engines_numerator_and_denominator(world, campaign):
    c, periods = campaign
    _, pdf = generate(world, c, "weekly", "pdf", period="2026-01-05")
    row = engine_row(c, periods[1], "cumulative")
    assert fmt_ratio(row.numerator, row.denominator, row.value) in pdf_text_stream(pdf)
    _, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1")
    assert "137/160 · 85,63%" in pdf_text_stream(pdf)


def test_a_rate_without_data_has_no_counts_either(world, campaign):
    c, _ = campaign
    _, xlsx = generate(world, c, "quarterly", "xlsx", quarter="2026-Q1")
    row = next(r for r in sheet_records(workbook(xlsx), c.code) if r["Chỉ tiêu"] == RATE)
    # Q4 2025 has no week of the campaign: no rate and no counts (rule 5: never 0)
    assert (row["Quý IV/2025: tử số"], row["Quý IV/2025: mẫu số"], row["Quý IV/2025"]) == (None, None, None)
