"""Reads of the households app: permission-checked fetchers, the Tổng table, the register.

``round_table`` is the public API the documents (issue #8) and the xlsx exporter read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from indicators.formatting import pct_value
from org.access import Action, access_for, require, require_whole_commune, unit_get_for_user
from org.models import Unit, UnitKind

from .models import FIGURE_NAMES, HouseholdVisit, ReturnStatus, RoundStatus, SurveyRound, VillageReturn

# --- fetchers (docs/design.md rule 9) ----------------------------------------------------------


def survey_round_get_for_user(user, pk: int, action: Action = Action.READ) -> SurveyRound:
    """A round, if the user belongs to its commune (a village head reads the round to fill
    their own row; the whole table needs ``require_whole_commune``)."""
    survey_round = (
        SurveyRound.objects.select_related("campaign", "campaign__commune", "campaign__commune__province", "period")
        .filter(pk=pk)
        .first()
    )
    if survey_round is None:
        raise Http404("Không tìm thấy đợt rà soát.")
    require(user, action, commune=survey_round.campaign.commune)
    return survey_round


def survey_round_table_get_for_user(user, pk: int) -> SurveyRound:
    """A round whose whole table the user may read: centre, leadership, province, superuser."""
    survey_round = survey_round_get_for_user(user, pk)
    require_whole_commune(user, survey_round.campaign.commune)
    return survey_round


def village_get_for_user(user, *, survey_round: SurveyRound, pk: int, action: Action = Action.READ) -> Unit:
    """A village of the round's commune the user may read (404 otherwise, also for a guessed
    id) and, for WRITE / REVIEW, act on (403)."""
    village = unit_get_for_user(user, pk, action)
    if village.kind != UnitKind.VILLAGE or village.commune_id != survey_round.campaign.commune_id:
        raise Http404("Không tìm thấy thôn trong đợt rà soát này.")
    return village


def rounds_for_user(user) -> QuerySet[SurveyRound]:
    access = access_for(user)
    return SurveyRound.objects.select_related("campaign", "campaign__commune").filter(
        campaign__commune__in=access.member_communes()
    )


def open_round_for_village(*, village: Unit) -> SurveyRound | None:
    """The round a village head lands on: the open round of their commune due soonest, else
    the latest."""
    qs = SurveyRound.objects.select_related("campaign", "period").filter(campaign__commune_id=village.commune_id)
    return qs.filter(status=RoundStatus.OPEN).order_by("due_date", "id").first() or qs.order_by("-due_date").first()


def village_return_for(*, survey_round: SurveyRound, village: Unit) -> VillageReturn | None:
    return (
        VillageReturn.objects.select_related("submitted_by", "reviewed_by")
        .filter(survey_round=survey_round, village=village)
        .first()
    )


def return_history(*, village_return: VillageReturn) -> list:
    return list(village_return.log.select_related("user").order_by("-at", "-id")[:200])


# --- the Tổng table -----------------------------------------------------------------------


def rate(numerator: int | None, denominator: int | None) -> Decimal | None:
    """numerator × 100 ÷ denominator, 2 decimals, exact; None when there is no denominator
    (rule 5: no data is not zero)."""
    return pct_value(numerator, denominator)


STATUS_LABELS = {
    "missing": "Chưa nộp",
    "overdue": "Quá hạn, chưa nộp",
    "draft": "Nháp",
    "submitted": "Đã nộp",
    "late": "Nộp muộn",
    "approved": "Đã duyệt",
    "returned": "Trả lại",
}


@dataclass
class RoundRow:
    village: Unit
    village_return: VillageReturn | None
    figures: dict[str, int | None]
    note: str
    status: str  # a key of STATUS_LABELS; also the css class status-<status>
    status_label: str
    is_late: bool
    counted: bool
    flagged: bool
    from_visits: bool
    vneid_rate: Decimal | None
    rated_rate: Decimal | None


@dataclass
class RoundTable:
    survey_round: SurveyRound
    village_word: str  # "Xóm", "Thôn", "Ấp", "Tổ dân phố"
    rows: list[RoundRow]
    total: dict[str, int | None]  # None for every figure while no village is counted (rule 5)
    vneid_rate: Decimal | None
    rated_rate: Decimal | None
    missing: list[Unit] = field(default_factory=list)
    submitted_count: int = 0

    @property
    def village_count(self) -> int:
        return len(self.rows)


def _status(ret: VillageReturn | None, *, overdue: bool) -> str:
    if ret is None or (ret.status == ReturnStatus.DRAFT and ret.submitted_at is None):
        return "overdue" if overdue else "missing"
    if ret.status == ReturnStatus.SUBMITTED and ret.is_late:
        return "late"
    return ret.status


def round_table(*, survey_round: SurveyRound, now: dt.datetime | None = None) -> RoundTable:
    """Mẫu 02 as it prints: one row per active village in the commune's order, then Tổng.

    A village's figures show (and add into Tổng) while its return counts (submitted or
    approved), like the engine reads them. Rates come from the summed raw counts, never from
    averaged percentages (rule 1): VNeID coverage = Người có VNeID ÷ Số khẩu, households
    rated = Hộ đã đánh giá hài lòng ÷ Số hộ. Two queries whatever the number of villages.
    """
    commune = survey_round.campaign.commune
    villages = list(
        Unit.objects.filter(commune_id=commune.pk, kind=UnitKind.VILLAGE, active=True).order_by("order", "code")
    )
    returns = {
        r.village_id: r
        for r in VillageReturn.objects.filter(survey_round=survey_round).select_related("submitted_by", "reviewed_by")
    }
    # A village that left the active list but has a counted return still belongs in the table.
    known = {v.pk for v in villages}
    extra_ids = [vid for vid, r in returns.items() if vid not in known and r.counted]
    if extra_ids:
        villages += list(Unit.objects.filter(pk__in=extra_ids).order_by("order", "code"))
    overdue = (now or timezone.now()) > survey_round.period.deadline
    total: dict[str, int | None] = dict.fromkeys(FIGURE_NAMES, 0)
    rows: list[RoundRow] = []
    missing: list[Unit] = []
    submitted = 0
    for village in villages:
        ret = returns.get(village.pk)
        counted = bool(ret and ret.counted)
        figures: dict[str, int | None] = ret.figures() if counted else dict.fromkeys(FIGURE_NAMES)
        if counted:
            submitted += 1
            for name in FIGURE_NAMES:
                total[name] += figures[name] or 0
        status = _status(ret, overdue=overdue)
        if status in ("missing", "overdue", "draft", "returned"):
            missing.append(village)
        rows.append(
            RoundRow(
                village=village,
                village_return=ret,
                figures=figures,
                note=ret.ghi_chu if counted else "",
                status=status,
                status_label=STATUS_LABELS[status],
                is_late=bool(ret and ret.is_late),
                counted=counted,
                flagged=bool(counted and ret.flagged),
                from_visits=bool(ret and ret.from_visits),
                vneid_rate=rate(figures["co_vneid"], figures["so_khau"]) if counted else None,
                rated_rate=rate(figures["ho_danh_gia"], figures["so_ho"]) if counted else None,
            )
        )
    if not submitted:  # rule 5: no counted village is "không có số liệu", not a Tổng of 0
        total = dict.fromkeys(FIGURE_NAMES)
    return RoundTable(
        survey_round=survey_round,
        village_word=commune.village_word_title,
        rows=rows,
        total=total,
        vneid_rate=rate(total["co_vneid"], total["so_khau"]) if submitted else None,
        rated_rate=rate(total["ho_danh_gia"], total["so_ho"]) if submitted else None,
        missing=missing,
        submitted_count=submitted,
    )


# --- household register ---------------------------------------------------------------


def visits_for(*, survey_round: SurveyRound, village: Unit) -> QuerySet[HouseholdVisit]:
    return HouseholdVisit.objects.filter(survey_round=survey_round, village=village).order_by("-created_at", "-id")


def visit_totals(*, survey_round: SurveyRound, village: Unit) -> dict[str, int]:
    """The village's Mẫu 02 row computed from the register (one query)."""
    agg = HouseholdVisit.objects.filter(survey_round=survey_round, village=village).aggregate(
        so_ho=Count("id"),
        so_khau=Sum("members"),
        co_vneid=Sum("members_vneid"),
        hs_truc_tuyen=Sum("online_dossiers"),
        hs_kq_dien_tu=Sum("e_results"),
        ho_danh_gia=Count("id", filter=Q(rated=True)),
    )
    out = {k: int(v or 0) for k, v in agg.items()}
    out["chua_vneid"] = out["so_khau"] - out["co_vneid"]
    return {name: out[name] for name in FIGURE_NAMES}
