"""``seed_demo`` step: the campaigns of the five plans (``demo.plans``) with their
reporting rules, periods, participating units, report forms, targets and tasks.

Idempotent: every row is matched on its natural key (campaign code in its commune; rule
cadence; form element × cadence × unit or kind; target indicator × unit × field; task order ×
lead unit), so running it twice leaves the same rows. Task progress entered later is kept.
``bare`` changes nothing here: campaigns are part of a bare start.
"""

from __future__ import annotations

import calendar
from datetime import date, time

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, DeadlineKind, Task
from campaigns.periods import VN, rule_problems
from campaigns.services import RuleInput, _rules_save, deadline_text_for, participations_set, periods_generate
from indicators.catalogue import catalogue_install
from indicators.models import DataElement, Field, FormElement, Indicator, Target, TargetMilestone, UntrackedTarget
from org.models import Commune, Unit, UnitKind

from . import plans as demo_plans


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _rules(spec: dict) -> list[RuleInput]:
    return [
        RuleInput(
            cadence=c["cadence"],
            due_time=_time(c["due_time"]),
            week_start=c.get("week_start"),
            due_weekday=c.get("due_weekday"),
            due_day=c.get("due_day"),
            due_offset=c.get("due_offset", 1),
        )
        for c in spec["cadences"]
    ]


def _deadline(kind: str, value) -> tuple[str, date | None]:
    """(deadline kind, last day) from the plan data: a date, "2026-02" (a month), "2026-Q3"
    (a quarter) or None (recurring)."""
    if kind == DeadlineKind.RECURRING or value is None:
        return DeadlineKind.RECURRING, None
    if isinstance(value, date):
        return DeadlineKind.DATE, value
    year, rest = value.split("-")
    if rest.upper().startswith("Q"):
        month = int(rest[1:]) * 3
        return DeadlineKind.QUARTER, date(int(year), month, calendar.monthrange(int(year), month)[1])
    month = int(rest)
    return DeadlineKind.MONTH, date(int(year), month, calendar.monthrange(int(year), month)[1])


def seed(*, bare: bool, today: date | None = None, log=print) -> None:
    """``today``: the demo's day (default: today in Asia/Ho_Chi_Minh); a campaign that ended
    before it is closed, the others active."""
    catalogue_install()  # the fields (lĩnh vực) too: indicators.catalogue.FIELDS is the one list
    today = today or timezone.now().astimezone(VN).date()
    for spec in demo_plans.CAMPAIGNS:
        campaign = seed_campaign(spec, today=today)
        log(
            f"Kế hoạch {campaign.code} ({campaign.commune.name}): {campaign.periods.count()} kỳ báo cáo, "
            f"{campaign.targets.count()} chỉ tiêu giao, {campaign.tasks.count()} nhiệm vụ."
        )


@transaction.atomic
def seed_campaign(spec: dict, *, today: date) -> Campaign:
    commune = Commune.objects.get(code=spec["commune"])
    for code, name in getattr(demo_plans, "UNIT_NAME_OVERRIDES", {}).get(commune.code, {}).items():
        Unit.objects.filter(commune=commune, code=code).exclude(name=name).update(name=name)
    units = {u.code: u for u in commune.units.all()}
    rules = _rules(spec)
    for rule in rules:
        problems = rule_problems(cadence=rule.cadence, start=spec["start"], end=spec["end"], rule=rule)
        if problems:
            raise ValueError(f"{spec['code']}: {problems}")
    status = CampaignStatus.CLOSED if spec["end"] < today else CampaignStatus.ACTIVE
    campaign, _ = Campaign.objects.update_or_create(
        commune=commune,
        code=spec["code"],
        defaults={
            "kind": spec["kind"],
            "title": spec["title"],
            "number": spec.get("number", ""),
            "issued_on": spec.get("issued_on"),
            "issued_month": spec.get("issued_month"),
            "issued_year": spec.get("issued_year"),
            "legal_basis": spec.get("legal_basis", ""),
            "start": spec["start"],
            "end": spec["end"],
            "lead_unit": units.get(spec.get("lead_unit") or ""),
            "status": status,
            "notes": spec.get("notes", ""),
        },
    )
    _rules_save(campaign=campaign, rules=rules)
    participations_set(campaign=campaign, units=[u for u in units.values() if u.active])
    periods_generate(campaign=campaign)
    plan_parts_save(campaign, spec, units)
    return campaign


def plan_parts_save(campaign: Campaign, spec: dict, units: dict[str, Unit]) -> None:
    """The plan's report forms, targets (milestones, untracked ones) and tasks on ``campaign``:
    the seed and the centre's "Lập từ kế hoạch mẫu" (``demo.plan_setup``) both build them here.
    ``units``: the commune's units by code; every unit code the spec names must be in it."""
    _forms(campaign, spec, units)
    _targets(campaign, spec, units)
    _tasks(campaign, spec, units)


def _forms(campaign: Campaign, spec: dict, units: dict[str, Unit]) -> None:
    elements = {e.code: e for e in DataElement.objects.filter(commune__isnull=True)}
    existing = {(f.cadence, f.element_id, f.unit_id, f.unit_kind): f for f in campaign.form_elements.all()}
    keep: set[int] = set()
    for cadence, by_who in spec.get("forms", {}).items():
        for who, codes in by_who.items():
            if who in UnitKind.values:
                unit, kind = None, who
            else:
                unit, kind = units[who], ""
            for order, code in enumerate(codes, start=1):
                element = elements[code]
                key = (cadence, element.pk, getattr(unit, "pk", None), kind)
                row = existing.get(key)
                if row is None:
                    row = FormElement.objects.create(
                        campaign=campaign, cadence=cadence, element=element, unit=unit, unit_kind=kind, order=order
                    )
                elif row.order != order:
                    row.order = order
                    row.save(update_fields=["order"])
                keep.add(row.pk)
    campaign.form_elements.exclude(pk__in=keep).delete()


def _targets(campaign: Campaign, spec: dict, units: dict[str, Unit]) -> None:
    indicators = {i.code: i for i in Indicator.objects.filter(commune__isnull=True)}
    fields = {f.code: f for f in Field.objects.all()}
    keep: set[int] = set()
    for t in spec.get("targets", []):
        unit = units[t["unit"]] if t.get("unit") else None
        field = fields[t["field"]] if t.get("field") else None
        target, _ = Target.objects.update_or_create(
            campaign=campaign,
            indicator=indicators[t["indicator"]],
            unit=unit,
            field=field,
            applies_to=t.get("applies_to", "auto"),
            unit_kind=t.get("unit_kind", ""),
            defaults={
                "comparator": t["comparator"],
                "value": t["value"],
                "floor": t.get("floor"),
                "note": t.get("quote", ""),
                "window": t.get("window", "period"),
            },
        )
        keep.add(target.pk)
        milestones = t.get("milestones") or {}
        target.milestones.exclude(year__in=list(milestones)).delete()
        for year, value in milestones.items():
            TargetMilestone.objects.update_or_create(target=target, year=year, defaults={"value": value})
    Target.objects.filter(campaign=campaign).exclude(pk__in=keep).delete()
    # the plan's targets no figure computes: listed, never dropped (rule 6)
    kept: set[int] = set()
    for order, entry in enumerate(spec.get("untracked_targets", []), start=1):
        quote, reason = (entry, "") if isinstance(entry, str) else entry
        row, _ = UntrackedTarget.objects.update_or_create(
            campaign=campaign, order=order, defaults={"quote": quote, "reason": reason}
        )
        kept.add(row.pk)
    UntrackedTarget.objects.filter(campaign=campaign).exclude(pk__in=kept).delete()


def _tasks(campaign: Campaign, spec: dict, units: dict[str, Unit]) -> None:
    villages = sorted((u for u in units.values() if u.kind == UnitKind.VILLAGE), key=lambda u: (u.order, u.code))
    existing = {(t.order, t.lead_unit_id): t for t in campaign.tasks.all()}
    keep: set[int] = set()
    for n, t in enumerate(spec.get("tasks", []), start=1):
        leads = villages if t["lead_unit"] == "village" else [units[t["lead_unit"]]]
        kind, due = _deadline(t.get("deadline_kind", "date"), t.get("deadline"))
        coordinating = [units[c] for c in t.get("coordinating_units", []) if c in units]
        for lead in leads:
            values = {
                "group": t.get("group", ""),
                "content": t["content"],
                "start": t.get("start"),
                "deadline_kind": kind,
                "due_date": due,
                "deadline_text": deadline_text_for(kind=kind, due=due),
                "report_rhythm": t.get("report_rhythm", ""),
                "expected_output": t.get("output", ""),
                "note": t.get("note", ""),
            }
            task = existing.get((n, lead.pk))
            if task is None:
                task = Task.objects.create(campaign=campaign, order=n, lead_unit=lead, **values)
            else:
                changed = [k for k, v in values.items() if getattr(task, k) != v]
                for k in changed:
                    setattr(task, k, values[k])
                if changed:
                    task.save(update_fields=changed)
            task.coordinating_units.set(coordinating)
            keep.add(task.pk)
    campaign.tasks.exclude(pk__in=keep).delete()
