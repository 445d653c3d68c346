"""``python manage.py export_report KIND CAMPAIGN_CODE --format pdf|xlsx --output PATH
[--period YYYY-MM-DD | --quarter YYYY-QN]`` (docs/design.md section 8).

The same file the documents page produces, archived the same way (an ExportRecord with its
SHA-256), then copied to PATH."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from documents.exporters import ExportError, exporters
from documents.models import ExportStatus
from documents.services import export_generate_now, params_clean, record_file_bytes


class Command(BaseCommand):
    help = "Tạo văn bản báo cáo (PDF theo thể thức hoặc Excel), lưu vào kho văn bản đã xuất và ghi ra tệp."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[e.identifier for e in exporters()], help="loại văn bản")
        parser.add_argument("campaign_code", help="mã kế hoạch, ví dụ PL-45N-2025")
        parser.add_argument("--format", dest="fmt", choices=["pdf", "xlsx"], required=True)
        parser.add_argument("--output", required=True, help="đường dẫn tệp ghi ra")
        window = parser.add_mutually_exclusive_group()
        window.add_argument("--period", help="ngày đầu kỳ báo cáo (YYYY-MM-DD), cho báo cáo tuần")
        window.add_argument("--quarter", help="quý (YYYY-QN, ví dụ 2026-Q1), cho báo cáo quý")
        parser.add_argument("--number", default="", help="số văn bản (phần trước /BC-UBND)")
        parser.add_argument("--commune", help="mã xã, khi nhiều xã có cùng mã kế hoạch")
        parser.add_argument("--user", help="tên tài khoản ghi là người yêu cầu")

    def handle(self, *args, kind, campaign_code, fmt, output, period, quarter, number, commune, user, **options):
        campaigns = Campaign.objects.select_related("commune", "commune__province").filter(code=campaign_code)
        if commune:
            campaigns = campaigns.filter(commune__code=commune)
        found = list(campaigns[:2])
        if not found:
            raise CommandError(f"Không có kế hoạch mã {campaign_code}.")
        if len(found) > 1:
            raise CommandError(f"Nhiều xã có kế hoạch mã {campaign_code}: thêm --commune MÃ_XÃ.")
        campaign = found[0]
        requester = None
        if user:
            requester = get_user_model().objects.filter(username=user).first()
            if requester is None:
                raise CommandError(f"Không có tài khoản {user}.")
        try:
            params = params_clean(kind=kind, campaign=campaign, fmt=fmt, period=period, quarter=quarter, number=number)
        except ExportError as exc:
            raise CommandError(str(exc))
        record = export_generate_now(user=requester, campaign=campaign, params=params)
        if record.status != ExportStatus.DONE:
            raise CommandError(f"Không tạo được văn bản (bản ghi #{record.pk}): {record.error}")
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(record_file_bytes(record))
        self.stdout.write(f"{path} · {record.size} byte · SHA-256 {record.sha256} · bản ghi #{record.pk}")
