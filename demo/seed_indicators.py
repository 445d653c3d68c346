"""Demo step (runs last in ``seed_demo``): a full recompute of every campaign, so the
dashboards and documents have results at once. With ``--bare`` there are no figures: every
targeted indicator shows "không có số liệu". Idempotent (a recompute replaces the results)."""

from __future__ import annotations

from datetime import date

from campaigns.models import Campaign
from indicators.runs import RecomputeBusy, campaign_recompute


def seed(*, bare: bool, today: date | None = None, log=print) -> None:
    total = 0
    for campaign in Campaign.objects.order_by("pk"):
        try:
            total += campaign_recompute(campaign_id=campaign.pk, reason="Dữ liệu demo").rows
        except RecomputeBusy:
            log(f"  {campaign.code}: đang có lượt tính khác, bỏ qua")
    log(f"Kết quả thực hiện chỉ tiêu: {total} dòng ({'không có số liệu' if bare else 'đã tính'}).")
