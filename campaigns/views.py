"""Campaign pages: list, create / edit, tasks. Thin: fetch through the ``*_get_for_user``
helpers, parse a form, call a service, render. The campaign page itself, its targets form and
"start from a plan" show indicators too, so they live a floor up, in ``indicators.views``
(same addresses under /ke-hoach/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from org.access import (
    Action,
    can,
    can_create_campaign,
    can_read_whole_commune,
    can_report_checkin,
    can_work_task,
    commune_get_for_user,
    managed_communes,
    own_unit_ids,
    task_rights_for_user,
)

from . import checkins, selectors, services
from .forms import CheckInForm, EvidenceForm, TaskForm, TaskProgressForm, apply_errors
from .models import TaskCheckIn
from .tables import CampaignTable, TaskTable


def _managed_commune(request: HttpRequest):
    """The commune a new campaign goes into: ?xa=<pk>, or the only commune the user manages."""
    raw = request.GET.get("xa") or request.POST.get("xa")
    if raw:
        try:
            pk = int(raw)
        except ValueError:
            raise Http404("Không tìm thấy xã.") from None
        return commune_get_for_user(request.user, pk, Action.MANAGE)
    communes = list(managed_communes(request.user)[:2])
    if len(communes) == 1:
        return communes[0]
    if not communes:
        raise PermissionDenied("Chỉ Trung tâm Phục vụ hành chính công được lập kế hoạch.")
    raise Http404("Hãy chọn xã (tham số ?xa=).")


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.campaigns_for_user(request.user)
    commune = None
    raw = request.GET.get("xa")
    if raw:
        try:
            commune = commune_get_for_user(request.user, int(raw), Action.READ)
        except ValueError:
            raise Http404("Không tìm thấy xã.") from None
        qs = qs.filter(commune=commune)
    table = CampaignTable(qs.order_by("-start", "code"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "campaigns/campaign_list.html",
        {"table": table, "commune": commune, "can_create": can_create_campaign(request.user)},
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    """The old "Lập kế hoạch mới" address: the set-up page writes it (audited), this only points there."""
    commune = _managed_commune(request)
    return redirect("campaigns:setup_create", pk=commune.pk)


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The old "Sửa kế hoạch" address: the set-up page edits (version check, audit), this points there."""
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.MANAGE)
    return redirect("campaigns:setup_edit", pk=campaign.pk)


@login_required
def campaign_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.READ)
    tasks = selectors.tasks_with_overdue(campaign, timezone.now())
    for t in tasks:
        t.unit_ids = {t.lead_unit_id, *(u.pk for u in t.coordinating_units.all())}
    units = {t.lead_unit_id: t.lead_unit for t in tasks}
    unit_filter = request.GET.get("don_vi")
    if unit_filter and (
        unit_filter.isascii() and unit_filter.isdigit() and len(unit_filter) < 10
    ):  # the unit's tasks, as lead or coordinating unit
        tasks = [t for t in tasks if int(unit_filter) in t.unit_ids]
    mine = own_unit_ids(request.user)
    if request.GET.get("cua_toi") and mine:
        tasks = [t for t in tasks if t.unit_ids & mine]
    if request.GET.get("qua_han"):
        tasks = [t for t in tasks if t.is_overdue]
    for t in tasks:  # no query per task: the user's access is read once per request
        t.can_update = can_work_task(request.user, unit_ids=t.unit_ids, commune=campaign.commune)
    table = TaskTable(tasks)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "campaigns/task_list.html",
        {
            "campaign": campaign,
            "table": table,
            "units": sorted(units.values(), key=lambda u: (u.order, u.code)),
            "unit_filter": unit_filter,
            "overdue_only": bool(request.GET.get("qua_han")),
            "has_own_units": bool(mine),
            "mine_only": bool(request.GET.get("cua_toi")) and bool(mine),
            "can_read_all": can_read_whole_commune(request.user, campaign.commune),
            "overdue_count": sum(1 for t in tasks if t.is_overdue),
            "can_manage": can(request.user, Action.MANAGE, commune=campaign.commune),
        },
    )


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.MANAGE)
    form = TaskForm(request.POST or None, commune=campaign.commune, initial={"start": campaign.start})
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(
                campaign=campaign,
                user=request.user,
                coordinating_units=list(form.cleaned_data["coordinating_units"]),
                **form.task_values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Đã thêm nhiệm vụ.")
            return redirect("campaigns:tasks", pk=campaign.pk)
    return render(request, "campaigns/task_form.html", {"form": form, "campaign": campaign, "task": None})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The centre edits the task itself; the lead unit's staff (and the centre) report progress
    and add evidence. Which form was sent is told by the submit button's name."""
    task = selectors.task_get_for_user(request.user, pk, Action.READ)
    campaign = task.campaign
    unit_ids = {task.lead_unit_id, *task.coordinating_units.values_list("pk", flat=True)}
    rights = task_rights_for_user(
        request.user, lead_unit_id=task.lead_unit_id, unit_ids=unit_ids, commune=campaign.commune
    )
    initial = {
        name: getattr(task, name)
        for name in ("group", "order", "content", "start", "deadline_kind", "due_date", "report_rhythm", "note")
    }
    initial.update(
        {
            "lead_unit": task.lead_unit_id,
            "expected_output": task.expected_output,
            "coordinating_units": list(task.coordinating_units.values_list("pk", flat=True)),
        }
    )
    post = request.POST if request.method == "POST" else None
    task_form = TaskForm(post if post and "save_task" in post else None, commune=campaign.commune, initial=initial)
    progress_form = TaskProgressForm(
        post if post and "save_progress" in post else None,
        initial={"status": task.status, "completed_on": task.completed_on, "result": task.result},
    )
    evidence_form = EvidenceForm(
        post if post and "add_evidence" in post else None,
        request.FILES if post and "add_evidence" in post else None,
    )
    if post is not None:
        try:
            if "save_task" in post and rights.edit and task_form.is_valid():
                services.task_update(
                    task=task,
                    user=request.user,
                    coordinating_units=list(task_form.cleaned_data["coordinating_units"]),
                    **task_form.task_values(),
                )
                messages.success(request, "Đã lưu nhiệm vụ.")
                return redirect("campaigns:task_edit", pk=task.pk)
            if ("save_progress" in post or "add_evidence" in post) and not rights.progress:
                raise PermissionDenied("Tiến độ chung của nhiệm vụ do cơ quan chủ trì hoặc Trung tâm cập nhật.")
            if "save_progress" in post and progress_form.is_valid():
                services.task_update_progress(task=task, user=request.user, **progress_form.cleaned_data)
                messages.success(request, "Đã cập nhật tiến độ.")
                return redirect("campaigns:task_edit", pk=task.pk)
            if "add_evidence" in post and evidence_form.is_valid():
                services.task_add_evidence(task=task, user=request.user, **evidence_form.cleaned_data)
                messages.success(request, "Đã thêm minh chứng.")
                return redirect("campaigns:task_edit", pk=task.pk)
            if "save_task" in post and not rights.edit:
                raise PermissionDenied("Chỉ Trung tâm được sửa nội dung nhiệm vụ.")
        except ValidationError as exc:
            form = task_form if "save_task" in post else progress_form if "save_progress" in post else evidence_form
            apply_errors(form, exc)
    today = selectors.local_today(timezone.now())
    selectors.task_mark_overdue(task, today)
    rows = checkins.checkins_of_task(task, today)
    for row in rows:
        if can_report_checkin(request.user, unit_id=row.unit_id, commune=campaign.commune):
            row.form = CheckInForm(
                initial={"version": row.version, "status": row.status, "result": row.result, "url": row.url},
                prefix=row.pk,
            )
    return render(
        request,
        "campaigns/task_edit.html",
        {
            "task": task,
            "campaign": campaign,
            "task_form": task_form if rights.edit else None,
            "progress_form": progress_form if rights.progress else None,
            "evidence_form": evidence_form if rights.progress else None,
            "evidence": list(task.evidence.select_related("added_by").order_by("added_at")),
            "checkins": rows,
            "checkins_overdue": sum(1 for r in rows if r.is_overdue),
        },
    )


@login_required
def checkin_report(request: HttpRequest, pk: int) -> HttpResponse:
    """POST only: one unit reports its part of a task for one period (status, result, an
    evidence file or link). The form carries the version it was read at."""
    row = TaskCheckIn.objects.select_related("task", "task__campaign", "task__campaign__commune").filter(pk=pk).first()
    if row is None:
        raise Http404("Không tìm thấy báo cáo nhiệm vụ.")
    task = selectors.task_get_for_user(request.user, row.task_id, Action.READ)
    if request.method != "POST":
        return redirect("campaigns:task_edit", pk=task.pk)
    if not can_report_checkin(request.user, unit_id=row.unit_id, commune=task.campaign.commune):
        raise PermissionDenied("Chỉ đơn vị được giao (hoặc Trung tâm) báo cáo phần việc này.")
    form = CheckInForm(request.POST, request.FILES, prefix=row.pk)
    if form.is_valid():
        try:
            checkins.checkin_report(
                checkin=row, user=request.user, on=selectors.local_today(timezone.now()), **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{row.unit.name}, {row.label}: {message}")
        else:
            messages.success(request, f"Đã ghi báo cáo {row.label} của {row.unit.name}.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"{row.unit.name}, {row.label}: {message}")
    return redirect("campaigns:task_edit", pk=task.pk)


@login_required
def checkins_missing(request: HttpRequest, pk: int) -> HttpResponse:
    """The centre's list: who has not reported on which task (overdue check-ins), one row per
    task with its units and periods."""
    campaign = selectors.campaign_get_for_user(request.user, pk, Action.READ)
    if not can_read_whole_commune(request.user, campaign.commune):
        raise PermissionDenied("Chỉ Trung tâm và lãnh đạo xã xem được danh sách này.")
    today = selectors.local_today(timezone.now())
    groups: dict[int, dict] = {}
    for row in checkins.checkins_overdue(campaign, today):
        group = groups.setdefault(row.task_id, {"task": row.task, "rows": []})
        group["rows"].append(row)
    return render(
        request,
        "campaigns/checkins_missing.html",
        {
            "campaign": campaign,
            "groups": list(groups.values()),
            "count": sum(len(g["rows"]) for g in groups.values()),
            "today": today,
        },
    )
