"""Writes of the campaign set-up pages (issue 15): a campaign's reporting rules and its
generated periods, with the version check and the audit trail (``org.audit``).

The periods and deadlines come from ``campaigns.periods`` (``period_specs``) and are saved by
``campaigns.services.periods_generate``; nothing here computes a date.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from org.audit import audit_record, check_version, diff, row_version, snapshot

from . import services
from .models import Cadence, Campaign
from .periods import period_specs, rule_text
from .services import RuleInput


def rules_state(campaign: Campaign) -> dict[str, str]:
    """{cadence label: the rule in words} of the campaign's rules: what the version covers
    and the audit trail shows."""
    state = {}
    for rule in campaign.rules.all().order_by("cadence"):
        state[Cadence(rule.cadence).label] = f"{rule_text(rule)} (sau {rule.due_offset})"
    state["thời gian"] = f"{campaign.start:%d/%m/%Y}–{campaign.end:%d/%m/%Y}"
    return state


def rules_version(campaign: Campaign) -> str:
    return row_version(rules_state(campaign), rules_state(campaign).keys())


def rules_problems(*, campaign: Campaign, rules: list[RuleInput]) -> list[str]:
    """What the rules page refuses before ``campaign_update`` checks each rule's deadlines:
    no rule at all, or a rule that yields no period over the campaign's dates."""
    if not rules:
        return ["Quy định báo cáo: cần chọn ít nhất một kỳ báo cáo (hằng tuần, hằng tháng, …)."]
    problems = []
    for rule in rules:
        if not period_specs(cadence=rule.cadence, start=campaign.start, end=campaign.end, rule=rule):
            label = Cadence(rule.cadence).label if rule.cadence in Cadence.values else rule.cadence
            problems.append(f"Quy định báo cáo {label}: không tạo ra kỳ báo cáo nào trong thời gian kế hoạch.")
    return problems


def rules_preview(*, campaign: Campaign, rules: list[RuleInput]) -> list:
    """The periods ``rules`` would give over the campaign's dates (nothing saved)."""
    specs = []
    for rule in rules:
        specs.extend(period_specs(cadence=rule.cadence, start=campaign.start, end=campaign.end, rule=rule))
    return specs


@transaction.atomic
def campaign_rules_set(*, campaign: Campaign, rules: list[RuleInput], expected_version: str | None, user) -> Campaign:
    """Replace the campaign's reporting rules and regenerate its periods; refused whole when the
    page was stale, a rule yields no period, or a deadline falls before its period ends."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = rules_state(locked)
    check_version(before, before.keys(), expected_version)
    problems = rules_problems(campaign=locked, rules=rules)
    if problems:
        raise ValidationError({"rules": problems})
    # Mẫu 02 rounds (the survey cadence) are set up by households, not on this page: kept as they are.
    kept = [r for r in services.rules_of(locked) if r.cadence == Cadence.SURVEY]
    services.campaign_update(campaign=locked, rules=rules + kept, user=user)
    after = rules_state(locked)
    audit_record(
        user=user,
        commune=locked.commune,
        action="Sửa quy định báo cáo",
        obj=locked,
        campaign_id=locked.pk,
        changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k, "") != v}
        | {k: [v, ""] for k, v in before.items() if k not in after},
    )
    return locked


@transaction.atomic
def campaign_periods_generate(*, campaign: Campaign, user) -> int:
    """(Re)generate the campaign's periods from its rules; refused when it has no rule."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    rules = [r for r in services.rules_of(locked) if r.cadence != Cadence.SURVEY]
    problems = rules_problems(campaign=locked, rules=rules)
    if problems:
        raise ValidationError({"rules": problems})
    before = locked.periods.count()
    periods = services.periods_generate(campaign=locked)
    audit_record(
        user=user,
        commune=locked.commune,
        action="Tạo kỳ báo cáo",
        obj=locked,
        campaign_id=locked.pk,
        changes={"số kỳ": [str(before), str(locked.periods.count())]},
    )
    return len(periods)


# --- the campaign itself, from a blank page or edited --------------------------------------

CAMPAIGN_LABELS = {
    "code": "mã",
    "kind": "loại",
    "title": "tên",
    "number": "số, ký hiệu",
    "issued_on": "ngày ban hành",
    "legal_basis": "căn cứ",
    "start": "ngày bắt đầu",
    "end": "ngày kết thúc",
    "lead_unit": "đơn vị chủ trì",
    "status": "trạng thái",
    "notes": "ghi chú",
}


def campaign_state(campaign: Campaign) -> dict[str, str]:
    """What the campaign form shows, as text: its fields, its rules, its participating units."""
    state = snapshot(campaign, services.CAMPAIGN_FIELDS)
    state["kind"] = campaign.get_kind_display()
    state["status"] = campaign.get_status_display()
    state.update(rules_state(campaign))
    state["đơn vị tham gia"] = ", ".join(campaign.units.order_by("code").values_list("code", flat=True))
    return state


def campaign_version(campaign: Campaign) -> str:
    state = campaign_state(campaign)
    return row_version(state, state.keys())


def _labelled(changes: dict) -> dict:
    return {CAMPAIGN_LABELS.get(k, k): v for k, v in changes.items()}


@transaction.atomic
def campaign_create_from_blank(*, commune, user, **values) -> Campaign:
    """``campaigns.services.campaign_create`` (rules, units, periods) plus its audit entry; a
    campaign set up here has at least one reporting rule that gives periods."""
    start, end = values.get("start"), values.get("end")
    problems = []
    if start and end and start <= end:
        problems = rules_problems(campaign=Campaign(start=start, end=end), rules=values["rules"])
    try:
        campaign = services.campaign_create(commune=commune, user=user, **values)
    except ValidationError as exc:  # every problem at once: the campaign's fields and its rules
        if problems:
            raise ValidationError(exc.update_error_dict({"rules": problems})) from None
        raise
    if problems:  # the transaction is rolled back: nothing saved
        raise ValidationError({"rules": problems})
    audit_record(
        user=user,
        commune=commune,
        action="Lập kế hoạch",
        obj=campaign,
        campaign_id=campaign.pk,
        changes=_labelled(diff({}, campaign_state(campaign))),
    )
    return campaign


@transaction.atomic
def campaign_update_checked(
    *, campaign: Campaign, expected_version: str | None, rules: list[RuleInput], units: list, user, **fields
) -> Campaign:
    """``campaigns.services.campaign_update`` after the version check, with old → new in the trail."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = campaign_state(locked)
    check_version(before, before.keys(), expected_version)
    problems = rules_problems(campaign=locked, rules=rules)
    if problems:
        raise ValidationError({"rules": problems})
    kept = [r for r in services.rules_of(locked) if r.cadence == Cadence.SURVEY]
    services.campaign_update(campaign=locked, rules=rules + kept, units=units, user=user, **fields)
    audit_record(
        user=user,
        commune=locked.commune,
        action="Sửa kế hoạch",
        obj=locked,
        campaign_id=locked.pk,
        changes=_labelled(diff(before, campaign_state(locked))),
    )
    return locked
