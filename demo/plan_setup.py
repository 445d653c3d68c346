"""A campaign from one of the five real plans (issue 15, "campaigns from a blank page, from a plan,
or by copy"): the centre of any commune starts from a plan the product was drawn from, in its own
commune, as a draft, with the plan's reporting rules (periods generated), report forms, targets
(years, milestones, floors, fields, windows and scope), untracked targets and tasks, and one entry
in the audit trail.

Why here, on the top floor: the plans are the demo's data (``demo.plans``) and the seed already
turns a plan into rows (``seed_campaigns.plan_parts_save``); this reuses that one builder and calls
only the services of the floors below (``campaigns.services.campaign_create``, ``org.audit``), so
nothing below knows the plans exist. Moving 2,000 lines of plan data and the builder down to
``indicators`` would change no arrow and only move the seed away from its data.

A commune is not the plan's commune: its units are matched by code. A plan's unit the commune does
not have reports nothing (its report form rows are left out: the centre ticks them on the grid
"Số liệu đơn vị báo cáo"); a task it leads goes to the commune's centre with the plan's words kept
("Kế hoạch giao: …"); a task of "the villages" goes to each village, or to the centre when there is
none; a coordinating unit the commune lacks is dropped.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns import services as campaign_services
from campaigns.checkins import checkins_generate
from campaigns.models import Cadence, Campaign, CampaignStatus
from indicators.models import FormElement, TargetMilestone
from org.audit import audit_record
from org.models import Commune, Unit, UnitKind

from . import plans as demo_plans
from .seed_campaigns import _rules, plan_parts_save

# The five plans (the three other Thái Nguyên pushes are copies of Phú Lạc's).
PLANS = [
    demo_plans.CAMPAIGN_CL,
    demo_plans.CAMPAIGN_DT,
    demo_plans.CAMPAIGN_PL,
    demo_plans.CAMPAIGN_NLB,
    demo_plans.CAMPAIGN_VP,
]
UNIT_NAMES = {code: name for code, name, _kind in demo_plans.UNITS}
COMMUNE_NAMES = {c["code"]: c["name"] for c in demo_plans.COMMUNES}


@dataclass(frozen=True)
class PlanSummary:
    code: str
    title: str
    commune: str
    number: str
    start: date
    end: date
    cadences: str
    targets: int
    milestones: int
    tasks: int
    untracked: int


def plan_summaries() -> list[PlanSummary]:
    """What the page lists of each plan, counted from its data."""
    out = []
    for spec in PLANS:
        out.append(
            PlanSummary(
                code=spec["code"],
                title=spec["title"],
                commune=COMMUNE_NAMES.get(spec["commune"], spec["commune"]),
                number=spec.get("number", ""),
                start=spec["start"],
                end=spec["end"],
                cadences=", ".join(Cadence(c["cadence"]).label.lower() for c in spec["cadences"]),
                targets=len(spec.get("targets", [])),
                milestones=sum(len(t.get("milestones") or {}) for t in spec.get("targets", [])),
                tasks=len(spec.get("tasks", [])),
                untracked=len(spec.get("untracked_targets", [])),
            )
        )
    return out


def plan_get(code: str) -> dict | None:
    return next((spec for spec in PLANS if spec["code"] == code), None)


def _centre_of(units: dict[str, Unit], lead: Unit | None) -> Unit:
    """Who takes what the plan gives a unit the commune lacks: its centre, else the plan's lead
    unit, else its first unit."""
    ordered = sorted(units.values(), key=lambda u: (u.order, u.code))
    centres = [u for u in ordered if u.kind == UnitKind.CENTRE]
    return centres[0] if centres else (lead or ordered[0])


def plan_for_commune(spec: dict, units: dict[str, Unit], centre: Unit) -> tuple[dict, list[str]]:
    """The plan with its unit codes mapped onto the commune's ``units`` (see the module's rules),
    and the plan's units whose work went to ``centre``."""
    spec = copy.deepcopy(spec)
    moved: set[str] = set()
    villages = [u for u in units.values() if u.kind == UnitKind.VILLAGE]
    for cadence, by_who in spec.get("forms", {}).items():
        spec["forms"][cadence] = {who: codes for who, codes in by_who.items() if who in UnitKind.values or who in units}
    spec["targets"] = [t for t in spec.get("targets", []) if not t.get("unit") or t["unit"] in units]
    for task in spec.get("tasks", []):
        lead = task["lead_unit"]
        if (lead == "village" and not villages) or (lead != "village" and lead not in units):
            name = "Các thôn, xóm" if lead == "village" else UNIT_NAMES.get(lead, lead)
            moved.add(name)
            task["lead_unit"] = centre.code
            task["note"] = f"Kế hoạch giao: {name} (xã chưa có đơn vị này). {task.get('note', '')}".strip()
        task["coordinating_units"] = [
            c for c in task.get("coordinating_units", []) if c in units and c != task["lead_unit"]
        ]
    return spec, sorted(moved)


@transaction.atomic
def campaign_create_from_plan(*, commune: Commune, plan_code: str, code: str, user) -> Campaign:
    """A draft campaign of ``commune`` from the plan ``plan_code``, under the new ``code``;
    refused whole (a Vietnamese message on the field) when the code exists in the commune, the
    plan is unknown or the commune has no unit yet."""
    spec = plan_get(plan_code)
    if spec is None:
        raise ValidationError({"plan": f"Không có kế hoạch mẫu “{plan_code}”."})
    units = {u.code: u for u in commune.units.filter(active=True)}
    if not units:
        raise ValidationError(
            {"plan": "Xã chưa có đơn vị nào: hãy thêm Trung tâm, các phòng, các thôn trước khi lập kế hoạch."}
        )
    lead = units.get(spec.get("lead_unit") or "")
    centre = _centre_of(units, lead)
    adapted, moved = plan_for_commune(spec, units, centre)
    source = f"{spec['code']} của xã {COMMUNE_NAMES.get(spec['commune'], spec['commune'])}"
    campaign = campaign_services.campaign_create(
        commune=commune,
        code=code,
        kind=spec["kind"],
        title=spec["title"],
        start=spec["start"],
        end=spec["end"],
        number=spec.get("number", ""),
        issued_on=spec.get("issued_on"),
        issued_month=spec.get("issued_month"),
        issued_year=spec.get("issued_year"),
        legal_basis=spec.get("legal_basis", ""),
        lead_unit=lead or centre,
        status=CampaignStatus.DRAFT,
        notes=f"Lập từ kế hoạch mẫu {source}.\n\n{spec.get('notes', '')}".strip(),
        rules=_rules(spec),
        units=list(units.values()),
        user=user,
    )
    plan_parts_save(campaign, adapted, units)
    checkins_generate(campaign=campaign)
    changes = {
        "kế hoạch mẫu": ["", source],
        "kỳ báo cáo": ["", str(campaign.periods.count())],
        "chỉ tiêu giao": ["", str(campaign.targets.count())],
        "mốc theo năm": ["", str(TargetMilestone.objects.filter(target__campaign=campaign).count())],
        "nhiệm vụ": ["", str(campaign.tasks.count())],
        "số liệu đơn vị báo cáo": ["", str(FormElement.objects.filter(campaign=campaign).count())],
    }
    if moved:
        changes["giao cho " + centre.name] = ["", ", ".join(moved)]
    audit_record(
        user=user,
        commune=commune,
        action="Lập kế hoạch từ kế hoạch mẫu",
        obj=campaign,
        campaign_id=campaign.pk,
        changes=changes,
    )
    return campaign
