"""Pages under /thi-dua/ (issue 18, part 2): results by quarter and year, one unit's or one
official's criteria with their evidence, the criteria, the officials and the award candidates.
GET never changes anything; every POST goes through ``emulation.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from campaigns.selectors import campaign_get_for_user, campaigns_for_user, participants
from org.access import can_manage_emulation, require_emulation
from org.audit import audit_entries

from .models import Award, Criterion, CriterionKind, DecisionStatus, Official, Subject
from .scoring import Results, SubjectResult, candidates, points_text, results_for
from .services import EmulationError, attestation_set, criterion_save, decision_set, official_save
from .windows import Window, WindowError, window_of, window_parse, windows_of


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _id(raw) -> int | None:
    """A posted or queried id: plain ASCII digits, short; anything else is no id."""
    raw = str(raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else None


def _campaign(request: HttpRequest, pk: int) -> tuple[Campaign, frozenset[int] | None]:
    campaign = campaign_get_for_user(request.user, pk)
    return campaign, require_emulation(request.user, campaign.commune)


def _window(request: HttpRequest, campaign: Campaign, source) -> tuple[Window, str]:
    try:
        return window_parse(campaign, source.get("ky"), today=timezone.localdate()), ""
    except WindowError as exc:
        return window_parse(campaign, "", today=timezone.localdate()), str(exc)


def _visible(results: Results, unit_ids) -> None:
    """A unit's own staff see only their own rows (ranks stay those of the whole commune)."""
    if unit_ids is None:
        return
    results.groups = [(g, [r for r in rows if r.unit.pk in unit_ids]) for g, rows in results.groups]
    results.groups = [(g, rows) for g, rows in results.groups if rows]
    results.people = [r for r in results.people if r.official.unit_id in unit_ids]


def _row(r: SubjectResult) -> dict:
    return {
        "r": r,
        "score": points_text(r.score),
        "possible": points_text(r.possible),
        "gap": points_text(r.gap) if r.gap is not None else "",
        "missing": ", ".join(c.code for c in r.missing_must),
        "met": sum(1 for x in r.results if x.met),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    items = [c for c in campaigns_for_user(request.user).select_related("commune")]
    visible = []
    for c in items:
        try:
            require_emulation(request.user, c.commune)
        except Http404:
            continue
        visible.append(c)
    return render(request, "emulation/home.html", {"campaigns": visible})


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    window, error = _window(request, campaign, request.GET)
    res = results_for(campaign, window)
    _visible(res, unit_ids)
    ctx = {
        "campaign": campaign,
        "window": window,
        "windows": windows_of(campaign),
        "error": error,
        "groups": [(g, [_row(r) for r in rows]) for g, rows in res.groups],
        "people": [_row(r) for r in res.people],
        "unit_criteria": res.unit_criteria,
        "person_criteria": res.person_criteria,
        "manage": can_manage_emulation(request.user, campaign.commune),
        "whole": unit_ids is None,
    }
    return render(request, "emulation/results.html", ctx)


def _subject_page(request, campaign, unit_ids, *, unit=None, official=None) -> HttpResponse:
    window, error = _window(request, campaign, request.GET)
    res = results_for(campaign, window)
    row = next((r for r in res.all_rows if (unit and r.unit == unit) or (official and r.official == official)), None)
    if row is None:
        raise Http404("Không tìm thấy.")
    return render(
        request,
        "emulation/subject.html",
        {
            "campaign": campaign,
            "window": window,
            "windows": windows_of(campaign),
            "error": error,
            "row": _row(row),
            "manage": can_manage_emulation(request.user, campaign.commune),
            "unit": unit,
            "official": official,
        },
    )


@login_required
def unit_page(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    unit = participants(campaign).filter(pk=unit_pk).first()
    if unit is None or (unit_ids is not None and unit.pk not in unit_ids):
        raise Http404("Không tìm thấy đơn vị.")
    return _subject_page(request, campaign, unit_ids, unit=unit)


@login_required
def official_page(request: HttpRequest, pk: int, official_pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    official = Official.objects.filter(pk=official_pk, unit__commune=campaign.commune).select_related("unit").first()
    if official is None or (unit_ids is not None and official.unit_id not in unit_ids):
        raise Http404("Không tìm thấy cán bộ.")
    return _subject_page(request, campaign, unit_ids, official=official)


@login_required
@require_POST
def attest(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, _ids = _campaign(request, pk)
    post = request.POST
    criterion = Criterion.objects.filter(pk=_id(post.get("criterion")), campaign=campaign).first()
    unit = participants(campaign).filter(pk=_id(post.get("unit"))).first() if post.get("unit") else None
    official = (
        Official.objects.filter(pk=_id(post.get("official")), unit__commune=campaign.commune).first()
        if post.get("official")
        else None
    )
    window, error = _window(request, campaign, post)
    back = (
        reverse("emulation:official", args=[campaign.pk, official.pk])
        if official
        else reverse("emulation:unit", args=[campaign.pk, unit.pk])
        if unit
        else reverse("emulation:results", args=[campaign.pk])
    )
    back += f"?ky={window.code}"
    if criterion is None or error or (unit is None and official is None):
        messages.error(request, f"Chưa lưu: {error or 'tiêu chuẩn hoặc đối tượng không có trong kế hoạch.'}")
        return redirect(back)
    try:
        attestation_set(
            user=request.user,
            criterion=criterion,
            window=window,
            met=post.get("met") == "1",
            note=post.get("note", ""),
            evidence_url=post.get("evidence_url", ""),
            unit=unit,
            official=official,
            version=post.get("version"),
        )
    except (EmulationError, PermissionDenied) as exc:
        messages.error(request, f"Chưa lưu: {_message(exc)}")
    else:
        messages.success(request, f"Đã lưu xác nhận tiêu chuẩn {criterion.code} ({window.label}).")
    return redirect(back)


@login_required
def criteria_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    manage = can_manage_emulation(request.user, campaign.commune)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công của xã mới sửa tiêu chuẩn thi đua.")
        post = request.POST
        existing = None
        if post.get("id"):
            existing = Criterion.objects.filter(pk=_id(post.get("id")), campaign=campaign).first()
            if existing is None:
                raise Http404("Không tìm thấy tiêu chuẩn.")
        try:
            c = criterion_save(
                user=request.user,
                campaign=campaign,
                code=post.get("code", ""),
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                subject=post.get("subject", Subject.UNIT),
                threshold=post.get("threshold", ""),
                weight=post.get("weight", ""),
                must_pass=post.get("must_pass") == "1",
                source=post.get("source", ""),
                order=_id(post.get("order")) or 0,
                criterion=existing,
                version=post.get("version"),
            )
        except EmulationError as exc:
            messages.error(request, f"Chưa lưu: {_message(exc)}")
        else:
            messages.success(request, f"Đã lưu tiêu chuẩn {c.code}.")
        return redirect("emulation:criteria", pk=campaign.pk)
    criteria = list(Criterion.objects.filter(campaign=campaign).order_by("subject", "order", "id"))
    return render(
        request,
        "emulation/criteria.html",
        {
            "campaign": campaign,
            "criteria": criteria,
            "manage": manage,
            "kinds": CriterionKind.choices,
            "subjects": Subject.choices,
            "trail": audit_entries(commune=campaign.commune, campaign_id=campaign.pk, limit=30) if manage else [],
        },
    )


@login_required
def officials_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    manage = can_manage_emulation(request.user, campaign.commune)
    units = list(participants(campaign))
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công của xã mới ghi danh sách cán bộ.")
        post = request.POST
        unit = next((u for u in units if u.pk == _id(post.get("unit"))), None)
        existing = None
        if post.get("id"):
            existing = Official.objects.filter(pk=_id(post.get("id")), unit__commune=campaign.commune).first()
            if existing is None:
                raise Http404("Không tìm thấy cán bộ.")
        if unit is None:
            messages.error(request, "Chưa lưu: chọn đơn vị tham gia kế hoạch.")
            return redirect("emulation:officials", pk=campaign.pk)
        try:
            official_save(
                user=request.user,
                campaign=campaign,
                unit=unit,
                name=post.get("name", ""),
                position=post.get("position", ""),
                active=post.get("active", "1") == "1",
                official=existing,
                version=post.get("version"),
            )
        except EmulationError as exc:
            messages.error(request, f"Chưa lưu: {_message(exc)}")
        else:
            messages.success(request, "Đã lưu cán bộ.")
        return redirect("emulation:officials", pk=campaign.pk)
    qs = Official.objects.filter(unit__in=units).select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return render(
        request,
        "emulation/officials.html",
        {"campaign": campaign, "officials": list(qs), "units": units, "manage": manage},
    )


@login_required
def candidates_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, unit_ids = _campaign(request, pk)
    manage = can_manage_emulation(request.user, campaign.commune)
    source = request.POST if request.method == "POST" else request.GET
    raw = str(source.get("nam") or "").strip()
    error = ""
    try:
        year = _id(raw) if raw else None
        window = window_of(campaign, year) if year else window_parse(campaign, "", today=timezone.localdate())
    except WindowError as exc:
        error = str(exc)
        window = window_parse(campaign, "", today=timezone.localdate())
    if raw and _id(raw) is None:
        error = f"Năm “{raw[:10]}” không hợp lệ."
    url = f"{reverse('emulation:candidates', args=[campaign.pk])}?nam={window.year}"
    res = results_for(campaign, window)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công của xã mới xác nhận đề nghị khen thưởng.")
        key = str(request.POST.get("subject", ""))
        row = next((r for r in res.all_rows if r.key == key), None)
        if row is None or error:
            messages.error(request, f"Chưa lưu: {error or 'không tìm thấy tập thể, cá nhân này trong kế hoạch.'}")
            return redirect(url)
        try:
            decision_set(
                user=request.user,
                campaign=campaign,
                year=window.year,
                status=request.POST.get("status", ""),
                award=request.POST.get("award", ""),
                reason=request.POST.get("reason", ""),
                unit=row.unit if row.official is None else None,
                official=row.official,
                version=request.POST.get("version"),
                is_candidate=row.is_candidate,
            )
        except EmulationError as exc:
            messages.error(request, f"Chưa lưu: {_message(exc)}")
        else:
            messages.success(request, f"Đã lưu quyết định đối với {row.name}.")
        return redirect(url)
    _visible(res, unit_ids)
    rows = res.all_rows
    return render(
        request,
        "emulation/candidates.html",
        {
            "campaign": campaign,
            "window": window,
            "years": sorted({w.year for w in windows_of(campaign)}),
            "error": error,
            "candidates": [_row(r) for r in rows if r.is_candidate],
            "others": [_row(r) for r in rows if not r.is_candidate],
            "manage": manage,
            "awards": Award.choices,
            "statuses": DecisionStatus.choices,
            "confirmed": sum(1 for r in candidates(res) if r.confirmed),
        },
    )
