"""Writes of indicators that reach past one target row: "start from a plan" with its report
forms and targets. (The targets form itself saves through ``validation.targets_save``.)"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from campaigns import services as campaign_services
from campaigns.models import Campaign

from .models import FormElement, Target, TargetMilestone


@transaction.atomic
def campaign_copy(*, source: Campaign, start: date, end: date, code: str, user, title: str | None = None) -> Campaign:
    """A new draft campaign from ``source`` with new dates: what ``campaigns.services.campaign_copy``
    copies (rules, participating units, tasks with dates moved), plus the report forms and the
    targets, milestone years moved by the years between the two starts. One transaction."""
    campaign = campaign_services.campaign_copy(source=source, start=start, end=end, code=code, user=user, title=title)
    FormElement.objects.bulk_create(
        [
            FormElement(
                campaign=campaign,
                cadence=f.cadence,
                element_id=f.element_id,
                unit_id=f.unit_id,
                unit_kind=f.unit_kind,
                order=f.order,
            )
            for f in FormElement.objects.filter(campaign=source)
        ]
    )
    years = start.year - source.start.year
    for t in Target.objects.filter(campaign=source).prefetch_related("milestones"):
        milestones = list(t.milestones.all())
        t_new = Target.objects.create(
            campaign=campaign,
            indicator_id=t.indicator_id,
            comparator=t.comparator,
            value=t.value,
            floor=t.floor,
            unit_id=t.unit_id,
            field_id=t.field_id,
            note=t.note,
            window=t.window,
            applies_to=t.applies_to,
            unit_kind=t.unit_kind,
        )
        TargetMilestone.objects.bulk_create(
            [TargetMilestone(target=t_new, year=m.year + years, value=m.value, floor=m.floor) for m in milestones]
        )
    return campaign
