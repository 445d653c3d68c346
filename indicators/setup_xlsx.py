"""Reading an uploaded xlsx with bounds (issue 15): a file-size limit, a row and column bound,
the total uncompressed size of the archive (a zip bomb), openpyxl in read-only mode.

One small function, :func:`read_rows_bounded`, so the shared bounded reader being written for
every upload can replace its body later without touching its callers.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError

MAX_BYTES = 2 * 1024 * 1024  # a targets table is a few kilobytes
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 500
MAX_COLS = 20


def read_rows_bounded(
    content: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS
) -> list[tuple[Any, ...]]:
    """The first sheet's rows (values), at most ``max_rows`` × ``max_cols``; refuses with one
    Vietnamese reason a file too big, not an xlsx, a bomb, or data beyond the bounds."""
    if len(content) > max_bytes:
        raise ValidationError(f"Tệp quá lớn ({len(content) // 1024} KB); giới hạn là {max_bytes // 1024} KB.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError("Tệp không đọc được như một bảng tính Excel (.xlsx).") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ValidationError("Tệp Excel giải nén ra quá lớn; hãy lưu lại bảng chỉ tiêu thành một tệp mới.")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any reader failure means "not a spreadsheet"
        raise ValidationError("Tệp không đọc được như một bảng tính Excel (.xlsx).") from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[Any, ...]] = []
        for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            extra = [v for v in row[max_cols:] if v not in (None, "")]
            if extra:
                raise ValidationError(f"Dòng {n}: có dữ liệu ngoài {max_cols} cột đầu; hãy xóa các cột thừa.")
            if n > max_rows:
                if any(v not in (None, "") for v in row):
                    raise ValidationError(f"Bảng có quá {max_rows} dòng; hãy chia thành nhiều tệp.")
                if n > max_rows + 50:  # a far cell with nothing between: stop reading
                    break
                continue
            rows.append(tuple(row[:max_cols]))
        return rows
    finally:
        workbook.close()
