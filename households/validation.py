"""The consistency rules of Mẫu biểu số 02 (docs/design.md section 5 and rule 10), as pure functions.

Used by the form, the JSON submit endpoint, the Excel import and the household register, so
every door into the data refuses the same things with the same Vietnamese words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicators.reading import NumberInvalid, clean_text, control_refusal, read_number

from .models import FIGURE_LABELS, FIGURE_NAMES

MAX_FIGURE = 10_000_000
MAX_NOTE = 2000
Errors = dict[str, list[str]]


class ReturnInvalid(Exception):
    """Bad input: ``errors`` maps a field name (or ``__all__``) to Vietnamese messages."""

    def __init__(self, errors: Errors):
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def parse_count(raw: Any, label: str) -> tuple[int | None, str | None]:
    """A whole, non-negative number by the one number rule (``indicators.reading.numbers``:
    "1.234" is one thousand two hundred and thirty-four), or the Vietnamese reason it is not
    one, the limit named."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, f"Chưa nhập {label}."
    try:
        value = read_number(raw, integer=True, limit=MAX_FIGURE)
    except NumberInvalid as exc:
        text = str(exc)  # "không được là số âm" reads after the label; "“abc” không phải…" after a colon
        return None, f"{label}{': ' if text.startswith('“') else ' '}{text}."
    if value is None:  # pragma: no cover - empty text is answered above
        return None, f"Chưa nhập {label}."
    return int(value), None


def clean_figures(data: Mapping[str, Any]) -> tuple[dict[str, int], Errors, Errors]:
    """Check the seven figures of one village row.

    Returns (figures, errors, warnings). Errors refuse the row: a missing, negative or
    non-whole number; Người có VNeID + Người chưa có ≠ Số khẩu; Số hộ > Số khẩu; Hộ đã đánh
    giá hài lòng > Số hộ. The warning (Hồ sơ có kết quả điện tử > Hồ sơ DVC trực tuyến) is
    allowed but flagged for the centre: results can come from paper dossiers.
    """
    figures: dict[str, int] = {}
    errors: Errors = {}
    for name in FIGURE_NAMES:
        value, error = parse_count(data.get(name), FIGURE_LABELS[name])
        if error:
            errors.setdefault(name, []).append(error)
        else:
            figures[name] = value  # type: ignore[assignment]
    warnings: Errors = {}
    f = figures
    if {"co_vneid", "chua_vneid", "so_khau"} <= f.keys() and f["co_vneid"] + f["chua_vneid"] != f["so_khau"]:
        errors.setdefault("chua_vneid", []).append(
            f"Người có VNeID ({f['co_vneid']}) + Người chưa có ({f['chua_vneid']}) = "
            f"{f['co_vneid'] + f['chua_vneid']}, phải bằng Số khẩu ({f['so_khau']})."
        )
    if {"so_ho", "so_khau"} <= f.keys() and f["so_ho"] > f["so_khau"]:
        errors.setdefault("so_ho", []).append(
            f"Số hộ ({f['so_ho']}) không được lớn hơn Số khẩu ({f['so_khau']}): mỗi hộ có ít nhất một người."
        )
    if {"ho_danh_gia", "so_ho"} <= f.keys() and f["ho_danh_gia"] > f["so_ho"]:
        errors.setdefault("ho_danh_gia", []).append(
            f"Hộ đã đánh giá hài lòng ({f['ho_danh_gia']}) không được lớn hơn Số hộ ({f['so_ho']})."
        )
    if {"hs_kq_dien_tu", "hs_truc_tuyen"} <= f.keys() and f["hs_kq_dien_tu"] > f["hs_truc_tuyen"]:
        warnings["hs_kq_dien_tu"] = [
            f"Hồ sơ có kết quả điện tử ({f['hs_kq_dien_tu']}) nhiều hơn Hồ sơ DVC trực tuyến "
            f"({f['hs_truc_tuyen']}): được phép (kết quả có thể từ hồ sơ giấy), Trung tâm sẽ kiểm tra lại."
        ]
    return figures, errors, warnings


def clean_note(raw: Any) -> tuple[str, str | None]:
    """The note as stored, or why it cannot be: too long, not text, a control character
    (a NUL would fail the database; the phone would retry a 500 for ever)."""
    try:
        return clean_text(raw, max_length=MAX_NOTE, multiline=True), None
    except ValueError as exc:
        return "", f"Ghi chú {exc}."


def clean_visit(data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
    """One household of the visit register: the Mẫu 02 rules, per household."""
    errors: Errors = {}
    out: dict[str, Any] = {}
    code = str(data.get("household_code") or "").strip()
    if not code:
        errors["household_code"] = ["Chưa nhập mã hộ hoặc số nhà."]
    elif len(code) > 40:
        errors["household_code"] = ["Mã hộ dài quá 40 ký tự."]
    out["household_code"] = code
    name = str(data.get("head_name") or "").strip()
    if not name:
        errors["head_name"] = ["Chưa nhập tên chủ hộ."]
    elif len(name) > 120:
        errors["head_name"] = ["Tên chủ hộ dài quá 120 ký tự."]
    out["head_name"] = name
    labels = {
        "members": "Số khẩu",
        "members_vneid": "Số người có VNeID",
        "online_dossiers": "Hồ sơ DVC trực tuyến",
        "e_results": "Hồ sơ có kết quả điện tử",
    }
    for key, label in labels.items():
        raw = data.get(key)
        if key in ("online_dossiers", "e_results") and (raw is None or str(raw).strip() == ""):
            raw = 0
        value, error = parse_count(raw, label)
        if error:
            errors[key] = [error]
        else:
            out[key] = value
    if "members" in out and out["members"] < 1:
        errors.setdefault("members", []).append("Số khẩu của hộ phải từ 1 trở lên.")
    if "members" in out and "members_vneid" in out and out["members_vneid"] > out["members"]:
        errors.setdefault("members_vneid", []).append(
            f"Số người có VNeID ({out['members_vneid']}) không được lớn hơn Số khẩu của hộ ({out['members']})."
        )
    for key, label in (("household_code", "Mã hộ"), ("head_name", "Tên chủ hộ"), ("note", "Ghi chú")):
        problem = control_refusal(str(data.get(key) or ""))
        if problem:
            errors[key] = [f"{label} {problem}."]
    rated = data.get("rated")
    out["rated"] = rated is True or str(rated).lower() in ("1", "true", "on", "yes", "co", "có")
    note = str(data.get("note") or "").strip()
    if len(note) > 300:
        errors["note"] = ["Ghi chú dài quá 300 ký tự."]
    out["note"] = note
    return out, errors
