"""Writes of the unit-report life cycle (docs/design.md rules 7, 8, 10).

draft → submitted → approved, or submitted → returned (with a reason) → submitted again; an
approved report is locked and only its approver may reopen it, with a reason. Every function is
atomic and keyword-only; the ones a person triggers from a page take ``expected_version`` (the
version the person saw) and raise :class:`ReportConflict` when someone else saved in between,
so nobody silently overwrites anybody (rule 8). Figures go to ``indicators.DataValue`` only
(``counted`` exactly while the report is submitted or approved), every change of a figure is
logged, and ``facts_changed`` tells the engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from campaigns.models import Campaign, Period
from indicators.facts import FigureChange, datavalues_for, datavalues_replace, datavalues_set_counted, facts_changed
from indicators.models import SourceKind
from org.access import Action, can, can_reopen
from org.models import Unit

from .excel import figures_file_read
from .excel_form import form_xlsx_read
from .figures import ReportFigures, figures_validate, form_spec
from .models import (
    COUNTED_STATUSES,
    FigureChangeLog,
    ImportBatch,
    NarrativeChangeLog,
    ReportAction,
    ReportEvent,
    ReportStatus,
    UnitReport,
)
from .validation import FigureError, Key

# The narrative sections of a unit report, the one definition: the report form, the weekly
# document and the quarterly report's prefill read these (names are UnitReport's fields).
NARRATIVE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("highlights", "Kết quả nổi bật"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Kiến nghị, đề xuất"),
)
NARRATIVE_FIELDS = tuple(name for name, _ in NARRATIVE_SECTIONS)


class ReportConflict(Exception):
    """The report changed since the person opened it; ``report`` is the newer one."""

    def __init__(self, report: UnitReport):
        self.report = report
        super().__init__(
            "Báo cáo vừa được người khác thay đổi (phiên bản mới nhất được hiển thị). "
            "Số liệu của bạn chưa được lưu: hãy xem lại và lưu lại."
        )


class ReportStateError(Exception):
    """The action does not fit the report's status (e.g. editing an approved report)."""


class FiguresInvalid(Exception):
    """Figures that break rule 10; nothing was saved."""

    def __init__(self, errors: list[FigureError]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))


# --- opening and locking ---------------------------------------------------------------


def unit_report_open(*, campaign: Campaign, unit: Unit, period: Period) -> UnitReport:
    """The unit's report for the period, created (as a draft) on first use."""
    if period.campaign_id != campaign.pk or unit.commune_id != campaign.commune_id:
        raise ValueError("period and unit must belong to the campaign")
    report = UnitReport.objects.filter(unit=unit, period=period).first()
    if report is not None:
        return report
    try:
        with transaction.atomic():
            return UnitReport.objects.create(campaign=campaign, unit=unit, period=period)
    except IntegrityError:  # created by someone else in between
        return UnitReport.objects.get(unit=unit, period=period)


def _claim(report: UnitReport, expected_version: int | None) -> UnitReport:
    """Bump the version if it is still ``expected_version`` (a conditional UPDATE that also
    locks the row until commit), else raise :class:`ReportConflict` with the newer report."""
    qs = UnitReport.objects.filter(pk=report.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1) == 0:
        raise ReportConflict(UnitReport.objects.get(pk=report.pk))
    fresh = UnitReport.objects.select_related("campaign", "period", "unit", "unit__commune").get(pk=report.pk)
    report.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return report


def _require(user, action: Action, report: UnitReport) -> None:
    if user is None or not can(user, action, unit=report.unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với báo cáo.")


def _event(report: UnitReport, *, action: str, user, now: datetime, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, user=user, at=now, comment=comment, status_after=report.status
    )


def _log_changes(report: UnitReport, event: ReportEvent, changes: list[FigureChange]) -> None:
    FigureChangeLog.objects.bulk_create(
        FigureChangeLog(report=report, event=event, element_id=c.element_id, field_id=c.field_id, old=c.old, new=c.new)
        for c in changes
    )


def _write_figures(
    report: UnitReport,
    *,
    user,
    values: dict[Key, Decimal | None],
    only: list[Key] | None,
    counted: bool,
    source_kind: str = SourceKind.UNIT_REPORT,
) -> list[FigureChange]:
    spec = form_spec(campaign=report.campaign, unit=report.unit, cadence=report.period.cadence)
    merged: dict[Key, Decimal | None] = dict(datavalues_for(unit_id=report.unit_id, period_id=report.period_id))
    if only is not None:
        for key in only:
            merged.pop(key, None)
    merged.update(values)
    errors = figures_validate(campaign=report.campaign, spec=spec, values=merged, new_keys=set(values))
    if errors:
        raise FiguresInvalid(errors)
    return datavalues_replace(
        campaign_id=report.campaign_id,
        period_id=report.period_id,
        unit_id=report.unit_id,
        values=values,
        source_kind=source_kind,
        source_id=report.pk,
        user=user,
        counted=counted,
        only=only,
    )


def _set_narrative(report: UnitReport, narrative: dict[str, str] | None) -> list[tuple[str, str, str]]:
    """Set the sections given; the (section, old, new) of each one that changed."""
    changes = []
    for name in NARRATIVE_FIELDS:
        if narrative is not None and name in narrative:
            value = (narrative[name] or "").strip()
            old = getattr(report, name)
            if old != value:
                setattr(report, name, value)
                changes.append((name, old, value))
    return changes


def _log_narrative(report: UnitReport, event: ReportEvent, changes: list[tuple[str, str, str]]) -> None:
    NarrativeChangeLog.objects.bulk_create(
        NarrativeChangeLog(report=report, event=event, section=name, old=old, new=new) for name, old, new in changes
    )


# --- the life cycle --------------------------------------------------------------------


@transaction.atomic
def unit_report_save_draft(
    *,
    report: UnitReport,
    user,
    values: dict[Key, Decimal | None],
    expected_version: int | None,
    narrative: dict[str, str] | None = None,
    only: list[Key] | None = None,
    action: str = ReportAction.SAVE_DRAFT,
    now: datetime | None = None,
) -> UnitReport:
    """Save figures and narrative without submitting. ``only``: the boxes the form showed
    (an emptied box deletes its figure)."""
    now = now or timezone.now()
    _require(user, Action.WRITE, report)
    _claim(report, expected_version)
    if not report.is_editable:
        raise ReportStateError("Báo cáo đã nộp hoặc đã duyệt nên không sửa được.")
    changes = _write_figures(report, user=user, values=values, only=only, counted=False)
    narrative_changes = _set_narrative(report, narrative)
    report.save()
    event = _event(report, action=action, user=user, now=now)
    _log_changes(report, event, changes)
    _log_narrative(report, event, narrative_changes)
    return report


@transaction.atomic
def unit_report_submit(
    *,
    report: UnitReport,
    user,
    expected_version: int | None,
    values: dict[Key, Decimal | None] | None = None,
    narrative: dict[str, str] | None = None,
    only: list[Key] | None = None,
    now: datetime | None = None,
) -> UnitReport:
    """Submit (or resubmit after a return): the figures start to count. The first submission
    decides timeliness: after ``period.deadline`` it is late (rule 7; at the deadline itself it
    is on time)."""
    now = now or timezone.now()
    _require(user, Action.WRITE, report)
    _claim(report, expected_version)
    if not report.is_editable:
        raise ReportStateError("Báo cáo đã được nộp rồi.")
    changes = _write_figures(report, user=user, values=values or {}, only=only, counted=True)
    if not datavalues_for(unit_id=report.unit_id, period_id=report.period_id):
        raise FiguresInvalid([FigureError((0, None), "Báo cáo chưa có số liệu nào: hãy nhập số liệu trước khi nộp.")])
    datavalues_set_counted(unit_id=report.unit_id, period_id=report.period_id, counted=True)
    narrative_changes = _set_narrative(report, narrative)
    _mark_submitted(report, user=user, now=now)
    report.save()
    event = _event(report, action=ReportAction.SUBMIT, user=user, now=now)
    _log_changes(report, event, changes)
    _log_narrative(report, event, narrative_changes)
    facts_changed(campaign_id=report.campaign_id)
    return report


def _mark_submitted(report: UnitReport, *, user, now: datetime) -> None:
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by = now, user
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.late = now > report.period.deadline


@transaction.atomic
def unit_report_approve(
    *, report: UnitReport, user, expected_version: int | None, comment: str = "", now: datetime | None = None
) -> UnitReport:
    now = now or timezone.now()
    _require(user, Action.REVIEW, report)
    _claim(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportStateError("Chỉ duyệt được báo cáo đã nộp.")
    report.status = ReportStatus.APPROVED
    report.reviewed_by = report.approved_by = user
    report.reviewed_at = now
    report.review_comment = comment.strip()
    report.save()
    _event(report, action=ReportAction.APPROVE, user=user, now=now, comment=report.review_comment)
    facts_changed(campaign_id=report.campaign_id)
    return report


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportStateError("Cần ghi rõ lý do.")
    return reason


@transaction.atomic
def unit_report_return(
    *, report: UnitReport, user, reason: str, expected_version: int | None, now: datetime | None = None
) -> UnitReport:
    """Return a submitted report to its unit with a reason; its figures stop counting."""
    now = now or timezone.now()
    _require(user, Action.REVIEW, report)
    reason = _reason(reason)
    _claim(report, expected_version)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportStateError("Chỉ trả lại được báo cáo đã nộp (báo cáo đã duyệt phải mở lại).")
    report.status = ReportStatus.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = user, now, reason
    report.save()
    datavalues_set_counted(unit_id=report.unit_id, period_id=report.period_id, counted=False)
    _event(report, action=ReportAction.RETURN, user=user, now=now, comment=reason)
    facts_changed(campaign_id=report.campaign_id)
    return report


@transaction.atomic
def unit_report_reopen(
    *, report: UnitReport, user, reason: str, expected_version: int | None, now: datetime | None = None
) -> UnitReport:
    """Unlock an approved report (rule 8): only its approver (or a superuser), with a reason.
    It goes back to the unit as returned; its figures stop counting until resubmitted."""
    now = now or timezone.now()
    _require(user, Action.REVIEW, report)
    if report.status == ReportStatus.APPROVED and not can_reopen(
        user, commune=report.unit.commune, approved_by_id=report.approved_by_id
    ):
        raise PermissionDenied("Chỉ người đã duyệt báo cáo mới mở lại được.")
    reason = _reason(reason)
    _claim(report, expected_version)
    if report.status != ReportStatus.APPROVED:
        raise ReportStateError("Chỉ mở lại được báo cáo đã duyệt.")
    report.status = ReportStatus.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = user, now, reason
    report.save()
    datavalues_set_counted(unit_id=report.unit_id, period_id=report.period_id, counted=False)
    _event(report, action=ReportAction.REOPEN, user=user, now=now, comment=reason)
    facts_changed(campaign_id=report.campaign_id)
    return report


# --- imported figures (docs/design.md section 8) ------------------------------------------------


def report_figures_import(*, batch: list[ReportFigures], user, now: datetime | None = None) -> tuple[int, int]:
    """Write imported figures into each unit's report for its period, marked submitted by
    ``user`` now, with the audit trail. Idempotent: a report whose figures already equal the
    file's and that already counts is left alone. Returns (reports changed, figures changed).
    The caller runs this inside its transaction after checking every row."""
    now = now or timezone.now()
    reports_changed = figures_changed = 0
    campaigns: set[int] = set()
    for item in batch:
        report = unit_report_open(campaign=item.campaign, unit=item.unit, period=item.period)
        current = datavalues_for(unit_id=item.unit.pk, period_id=item.period.pk)
        same = all(current.get(k) == v for k, v in item.values.items())
        if same and report.status in COUNTED_STATUSES:
            continue
        _require(user, Action.WRITE, report)
        _claim(report, None)
        if report.status == ReportStatus.APPROVED:
            raise ReportStateError(f"Báo cáo của {report.unit} kỳ {report.period} đã duyệt (đã khóa).")
        changes = _write_figures(report, user=user, values=dict(item.values), only=None, counted=True)
        datavalues_set_counted(unit_id=report.unit_id, period_id=report.period_id, counted=True)
        _mark_submitted(report, user=user, now=now)
        report.save()
        event = _event(report, action=ReportAction.IMPORT, user=user, now=now)
        _log_changes(report, event, changes)
        reports_changed += 1
        figures_changed += len(changes)
        campaigns.add(report.campaign_id)
    for campaign_id in sorted(campaigns):
        facts_changed(campaign_id=campaign_id)
    return reports_changed, figures_changed


@dataclass(frozen=True)
class ImportResult:
    rows: int
    reports: int
    changed: int
    batch_id: int | None


@transaction.atomic
def figures_file_import(
    *, content: bytes, filename: str, user, commune_id: int | None = None, now: datetime | None = None
) -> ImportResult:
    """The bulk figures file (docs/design.md section 8), from the upload page or ``import_figures``:
    every row checked first, then all written or none (rule 10). Raises
    ``reporting.excel.UploadInvalid`` listing the rows and columns at fault. Importing the same
    file twice changes nothing the second time (no batch is recorded either)."""
    now = now or timezone.now()
    batch = figures_file_read(content=content, user=user, commune_id=commune_id)
    rows = sum(len(item.values) for item in batch)
    reports, changed = report_figures_import(batch=batch, user=user, now=now)
    batch_id = None
    if reports:
        batch_id = ImportBatch.objects.create(
            user=user,
            at=now,
            filename=filename[:255],
            checksum=hashlib.sha256(content).hexdigest(),
            rows=rows,
            reports=reports,
            changed=changed,
        ).pk
    return ImportResult(rows=rows, reports=reports, changed=changed, batch_id=batch_id)


@transaction.atomic
def unit_report_upload_form(
    *, report: UnitReport, user, content: bytes, expected_version: int | None, now: datetime | None = None
) -> UnitReport:
    """A filled form workbook uploaded back: its figures replace the form's boxes, as a draft."""
    _require(user, Action.WRITE, report)
    if not report.is_editable:
        raise ReportStateError("Báo cáo đã nộp hoặc đã duyệt nên không tải lên được.")
    values = form_xlsx_read(content=content, report=report)
    return unit_report_save_draft(
        report=report,
        user=user,
        values=values,
        expected_version=expected_version,
        action=ReportAction.UPLOAD,
        now=now,
    )
