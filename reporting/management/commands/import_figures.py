"""``python manage.py import_figures FILE --user USERNAME`` (docs/design.md section 8)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from org.models import Commune
from reporting.excel import UploadInvalid, too_big
from reporting.services import figures_file_import

NOT_IMPORTED = "Tệp không được nhập ({n} lỗi); không có số liệu nào được lưu."


class Command(BaseCommand):
    help = (
        "Nhập tệp số liệu (CSV hoặc XLSX, tiêu đề ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc): "
        "nhập tất cả hoặc không dòng nào; nhập lại cùng tệp không thay đổi gì."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="đường dẫn tệp .csv hoặc .xlsx")
        parser.add_argument("--user", required=True, help="tài khoản nhập (được ghi là người nộp báo cáo)")
        parser.add_argument("--xa", default=None, help="mã xã, khi cùng một mã kế hoạch có ở nhiều xã")

    def handle(self, *args, file: str, user: str, xa: str | None = None, **options) -> None:
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"Không có tài khoản “{user}”.")
        commune_id = None
        if xa:
            commune = Commune.objects.filter(code=xa).first()
            if commune is None:
                raise CommandError(f"Không có xã mã “{xa}”.")
            commune_id = commune.pk
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        # the same limits and the same Vietnamese messages as the upload page; the size is
        # checked before the file is read
        refusal = too_big(path.stat().st_size)
        if refusal:
            self.stderr.write(refusal)
            raise CommandError(NOT_IMPORTED.format(n=1))
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror or exc}.") from None
        try:
            result = figures_file_import(content=content, filename=path.name, user=account, commune_id=commune_id)
        except UploadInvalid as exc:
            for err in exc.errors:
                self.stderr.write(str(err))
            raise CommandError(NOT_IMPORTED.format(n=len(exc.errors))) from None
        except (MemoryError, RecursionError):
            raise CommandError(
                "Tệp quá lớn hoặc quá phức tạp để đọc; không có số liệu nào được lưu. Hãy chia thành nhiều tệp nhỏ hơn."
            ) from None
        self.stdout.write(
            f"Đã đọc {result.rows} dòng: {result.reports} báo cáo được cập nhật, {result.changed} số liệu thay đổi."
        )
