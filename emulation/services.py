"""Writes of the emulation app: criteria, officials, attestations and decisions on award
candidates. Each is atomic, checks the version the form was drawn with, refuses bad input with
a Vietnamese message naming the field (nothing saved), and leaves an entry in the audit trail
(``org.audit``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from campaigns.models import Campaign
from org.access import can_manage_emulation
from org.audit import STALE_MESSAGE, audit_record
from org.models import Unit

from .models import (
    COUNT_KINDS,
    SHARE_KINDS,
    Attestation,
    Award,
    CandidateDecision,
    Criterion,
    CriterionKind,
    DecisionStatus,
    Official,
    Subject,
)
from .windows import Window

NOTE_MAX = 2000
ORDER_MAX = 32767  # the column is an integer of PostgreSQL
EVIDENCE_URL_MAX = 200  # Attestation.evidence_url
NOT_CENTRE = "Chỉ Trung tâm Phục vụ hành chính công của xã mới được thực hiện việc này."


class EmulationError(ValidationError):
    """Bad input: nothing was saved; the message names the field."""


def _require_centre(user, campaign: Campaign) -> None:
    if not can_manage_emulation(user, campaign.commune):
        raise PermissionDenied(NOT_CENTRE)


def _check_version(current: int, expected) -> None:
    if str(expected or "").strip() != str(current):
        raise EmulationError(STALE_MESSAGE)


def _decimal(text, label: str) -> Decimal | None:
    text = str(text if text is not None else "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:  # "1.234,5" as people type it
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise EmulationError(f"{label} “{text[:20]}” không phải là số.")
    if not value.is_finite() or abs(value) >= Decimal("1000000"):
        raise EmulationError(f"{label} “{text[:20]}” không hợp lệ.")
    return value


def criterion_clean(*, subject: str, kind: str, threshold, weight) -> tuple[Decimal | None, Decimal]:
    """The threshold and weight as numbers, or :class:`EmulationError` naming the field."""
    if subject not in Subject.values:
        raise EmulationError("Đối tượng phải là tập thể hoặc cá nhân.")
    if kind not in CriterionKind.values:
        raise EmulationError("Cách đánh giá không hợp lệ.")
    if subject == Subject.PERSON and kind != CriterionKind.ATTESTED:
        raise EmulationError("Tiêu chuẩn cá nhân do Trung tâm xác nhận; chọn cách đánh giá “Trung tâm xác nhận”.")
    t = _decimal(threshold, "Ngưỡng")
    if kind in SHARE_KINDS:
        if t is None or not (Decimal(0) < t <= Decimal(100)):
            raise EmulationError("Ngưỡng phải là tỷ lệ lớn hơn 0 và không quá 100 (%).")
    elif kind in COUNT_KINDS:
        if t is None or t < 1 or t != t.to_integral_value():
            raise EmulationError("Ngưỡng số sáng kiến phải là số nguyên từ 1 trở lên.")
    elif t is not None:
        raise EmulationError("Tiêu chuẩn này không có ngưỡng; để trống ô ngưỡng.")
    w = _decimal(weight, "Điểm")
    if w is None or not (Decimal(0) < w <= Decimal(100)):
        raise EmulationError("Điểm của tiêu chuẩn phải lớn hơn 0 và không quá 100.")
    if (t is not None and t.as_tuple().exponent < -2) or w.as_tuple().exponent < -2:
        raise EmulationError("Ngưỡng và điểm có tối đa 2 chữ số thập phân.")
    return t, w


FIELDS = ("subject", "code", "name", "kind", "threshold", "weight", "must_pass", "source", "order")


@transaction.atomic
def criterion_save(
    *,
    user,
    campaign: Campaign,
    code: str,
    name: str,
    kind: str,
    subject: str = Subject.UNIT,
    threshold=None,
    weight=1,
    must_pass: bool = True,
    source: str = "",
    order: int = 0,
    criterion: Criterion | None = None,
    version=None,
) -> Criterion:
    """Add (``criterion`` None) or change a criterion of ``campaign``."""
    _require_centre(user, campaign)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 20:
        raise EmulationError("Mã tiêu chuẩn bắt buộc, tối đa 20 ký tự.")
    if not name:
        raise EmulationError("Tên tiêu chuẩn bắt buộc (ghi nguyên văn kế hoạch).")
    t, w = criterion_clean(subject=subject, kind=kind, threshold=threshold, weight=weight)
    same_code = Criterion.objects.filter(campaign=campaign, code=code)
    if criterion is not None:
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk, campaign=campaign)
        _check_version(criterion.version, version)
        same_code = same_code.exclude(pk=criterion.pk)
    if same_code.exists():
        raise EmulationError(f"Mã tiêu chuẩn “{code}” đã có trong kế hoạch này.")
    before = {k: str(getattr(criterion, k)) for k in FIELDS} if criterion else {}
    obj = criterion or Criterion(campaign=campaign)
    obj.subject, obj.code, obj.name, obj.kind = subject, code, name, kind
    obj.threshold, obj.weight, obj.must_pass = t, w, bool(must_pass)
    order = int(order or 0)
    if not 0 <= order <= ORDER_MAX:
        raise EmulationError(f"Thứ tự phải từ 0 đến {ORDER_MAX}.")
    obj.source, obj.order = (source or "").strip()[:300], order
    if criterion is not None:
        obj.version += 1
    obj.save()
    after = {k: str(getattr(obj, k)) for k in FIELDS}
    audit_record(
        user=user,
        commune=campaign.commune,
        action="sửa tiêu chuẩn thi đua" if criterion else "thêm tiêu chuẩn thi đua",
        obj=obj,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v},
        campaign_id=campaign.pk,
    )
    return obj


@transaction.atomic
def official_save(
    *,
    user,
    campaign: Campaign,
    unit: Unit,
    name: str,
    position: str,
    active: bool = True,
    official: Official | None = None,
    version=None,
) -> Official:
    """Record (or change) an official of ``unit``: name and position only."""
    _require_centre(user, campaign)
    if unit.commune_id != campaign.commune_id:
        raise EmulationError("Đơn vị không thuộc xã của kế hoạch.")
    name, position = " ".join((name or "").split()), " ".join((position or "").split())
    if not name or len(name) > 100:
        raise EmulationError("Họ và tên bắt buộc, tối đa 100 ký tự.")
    if not position or len(position) > 100:
        raise EmulationError(f"Chức vụ của {name} bắt buộc, tối đa 100 ký tự.")
    if official is not None:
        official = Official.objects.select_for_update().get(pk=official.pk, unit__commune=campaign.commune)
        _check_version(official.version, version)
    before = {"Họ tên": official.name, "Chức vụ": official.position, "Đơn vị": str(official.unit)} if official else {}
    obj = official or Official()
    obj.unit, obj.name, obj.position, obj.active = unit, name, position, bool(active)
    if official is not None:
        obj.version += 1
    obj.save()
    after = {"Họ tên": obj.name, "Chức vụ": obj.position, "Đơn vị": str(unit)}
    audit_record(
        user=user,
        commune=campaign.commune,
        action="sửa cán bộ (thi đua)" if official else "thêm cán bộ (thi đua)",
        obj=obj,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v},
        campaign_id=campaign.pk,
    )
    return obj


@transaction.atomic
def attestation_set(
    *,
    user,
    criterion: Criterion,
    window: Window,
    met: bool,
    note: str,
    evidence_url: str = "",
    unit: Unit | None = None,
    official: Official | None = None,
    version=None,
) -> Attestation:
    """The centre ticks (or unticks) an attested criterion for a unit or an official, with a
    required note. ``version``: the attestation's version as drawn, "0" when there was none."""
    campaign = criterion.campaign
    _require_centre(user, campaign)
    if not criterion.is_attested:
        raise EmulationError(f"Tiêu chuẩn {criterion.code} được tính từ số liệu, không xác nhận tay.")
    if (unit is None) == (official is None):
        raise EmulationError("Chọn một đơn vị hoặc một cán bộ.")
    if (criterion.subject == Subject.UNIT and unit is None) or (
        criterion.subject == Subject.PERSON and official is None
    ):
        raise EmulationError(f"Tiêu chuẩn {criterion.code} dành cho {criterion.get_subject_display().lower()}.")
    subject = unit or official.unit
    if subject.commune_id != campaign.commune_id:
        raise EmulationError("Đơn vị không thuộc xã của kế hoạch.")
    note = (note or "").strip()
    who = unit.name if unit else official.name
    if not note:
        raise EmulationError(f"Tiêu chuẩn {criterion.code} của {who}: ghi chú là bắt buộc khi xác nhận.")
    if len(note) > NOTE_MAX:
        raise EmulationError(f"Ghi chú dài quá {NOTE_MAX} ký tự.")
    evidence_url = (evidence_url or "").strip()
    if len(evidence_url) > EVIDENCE_URL_MAX:
        raise EmulationError(f"Đường dẫn minh chứng dài quá {EVIDENCE_URL_MAX} ký tự.")
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            raise EmulationError("Đường dẫn minh chứng không hợp lệ (bắt đầu bằng http:// hoặc https://).")
    lookup = {
        "criterion": criterion,
        "year": window.year,
        "quarter": window.quarter,
        "unit": unit,
        "official": official,
    }
    current = Attestation.objects.select_for_update().filter(**lookup).first()
    _check_version(current.version if current else 0, version)
    before = {"Đạt": "có" if current.met else "không", "Ghi chú": current.note} if current else {}
    obj = current or Attestation(**lookup)
    obj.met, obj.note, obj.evidence_url, obj.by = bool(met), note, evidence_url, user
    if current is not None:
        obj.version += 1
    obj.save()
    after = {"Đạt": "có" if obj.met else "không", "Ghi chú": note}
    audit_record(
        user=user,
        commune=campaign.commune,
        action="xác nhận tiêu chuẩn thi đua",
        object_kind="xác nhận tiêu chuẩn",
        object_label=f"{criterion.code} · {who} · {window.label}",
        obj=obj,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v},
        campaign_id=campaign.pk,
    )
    return obj


@transaction.atomic
def decision_set(
    *,
    user,
    campaign: Campaign,
    year: int,
    status: str,
    award: str = "",
    reason: str = "",
    unit: Unit | None = None,
    official: Official | None = None,
    version=None,
    is_candidate: bool = True,
) -> CandidateDecision:
    """The centre confirms a candidate (with the award) or removes them (with a reason).
    ``is_candidate``: whether the subject meets every must-pass criterion now (a removed one
    may always be removed; only a candidate is confirmed)."""
    _require_centre(user, campaign)
    if (unit is None) == (official is None):
        raise EmulationError("Chọn một đơn vị hoặc một cán bộ.")
    who = unit.name if unit else official.name
    if status not in DecisionStatus.values:
        raise EmulationError("Chọn xác nhận đề nghị hoặc loại khỏi danh sách.")
    if award not in Award.values:
        raise EmulationError(f"{who}: chọn hình thức khen thưởng.")
    reason = (reason or "").strip()
    if status == DecisionStatus.REMOVED and not reason:
        raise EmulationError(f"{who}: ghi lý do khi loại khỏi danh sách đề nghị khen thưởng.")
    if len(reason) > NOTE_MAX:
        raise EmulationError(f"Lý do dài quá {NOTE_MAX} ký tự.")
    if status == DecisionStatus.CONFIRMED and not is_candidate:
        raise EmulationError(f"{who} chưa đạt đủ các tiêu chuẩn bắt buộc nên không thể xác nhận đề nghị.")
    lookup = {"campaign": campaign, "year": year, "unit": unit, "official": official}
    current = CandidateDecision.objects.select_for_update().filter(**lookup).first()
    _check_version(current.version if current else 0, version)
    before = (
        {"Quyết định": current.get_status_display(), "Hình thức": current.get_award_display(), "Lý do": current.reason}
        if current
        else {}
    )
    obj = current or CandidateDecision(**lookup)
    obj.status, obj.award, obj.reason, obj.by = status, award, reason, user
    if current is not None:
        obj.version += 1
    obj.save()
    after = {"Quyết định": obj.get_status_display(), "Hình thức": obj.get_award_display(), "Lý do": reason}
    audit_record(
        user=user,
        commune=campaign.commune,
        action="đề nghị khen thưởng",
        object_kind="đề nghị khen thưởng",
        object_label=f"{who} · năm {year}",
        obj=obj,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v},
        campaign_id=campaign.pk,
    )
    return obj
