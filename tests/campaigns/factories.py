"""factory_boy factories for campaigns, built through the campaigns services.

A campaign is made by ``campaign_create`` (its rules saved, its periods generated from them);
a set of periods comes from a reporting rule. A single period made on its own still gets the
label, index and deadline ``campaigns.periods.period_specs`` gives it: no test types a label.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

import factory

from campaigns.models import Cadence, Campaign, Participation, Period, ReportingRule, Task, TaskStatus
from campaigns.periods import PeriodSpec, period_specs
from campaigns.services import RuleInput, campaign_create, task_create, task_update_progress
from tests.org.factories import CommuneFactory, UnitFactory

MORNING = time(10, 0)


def weekly_rule(
    *, week_start: int = 0, due_weekday: int | None = None, due_time: time = MORNING, due_offset: int = 1
) -> RuleInput:
    """Weeks from ``week_start`` (Monday = 0); due ``due_weekday`` (default: the weekday the
    weeks start on, so the morning after a week ends) of the next week."""
    return RuleInput(
        cadence=Cadence.WEEKLY,
        week_start=week_start,
        due_weekday=week_start if due_weekday is None else due_weekday,
        due_time=due_time,
        due_offset=due_offset,
    )


def calendar_rule(
    cadence: str = Cadence.MONTHLY, *, due_day: int = 1, due_time: time = MORNING, due_offset: int = 1
) -> RuleInput:
    """Monthly (quarterly, …) periods due on ``due_day`` of the month after."""
    return RuleInput(cadence=cadence, due_day=due_day, due_time=due_time, due_offset=due_offset)


MONTHLY_BY_THE_5TH = calendar_rule(due_day=5, due_time=time(17, 0))


class CampaignFactory(factory.django.DjangoModelFactory):
    """``campaign_create`` with its defaults: rules (default: monthly, due the 5th at 17:00),
    participating units (default ``None``: every active unit of the commune, as for a user)."""

    class Meta:
        model = Campaign

    commune = factory.SubFactory(CommuneFactory)
    code = factory.Sequence(lambda n: f"KH-{n}")
    kind = "movement"
    title = "Kế hoạch thử"
    start = date(2026, 1, 1)
    end = date(2030, 12, 31)
    rules = factory.LazyFunction(lambda: [MONTHLY_BY_THE_5TH])
    units = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> Campaign:
        return campaign_create(**kwargs)


def periods_of(campaign: Campaign, cadence: str = Cadence.WEEKLY) -> list[Period]:
    """The periods the campaign's rule of ``cadence`` generated, in order."""
    return list(campaign.periods.filter(cadence=cadence).order_by("start"))


def due_next_morning(cadence: str, start: date) -> RuleInput:
    """The rule of a period due at 10:00 the day after it ends."""
    if cadence == Cadence.WEEKLY:
        return weekly_rule(week_start=start.weekday())
    return calendar_rule(cadence)


def period_spec(*, cadence: str, start: date, end: date | None = None, index: int = 1, rule=None) -> PeriodSpec:
    """What ``period_specs`` gives the period of ``cadence`` starting on ``start`` (the
    ``index``-th week of its rule; for longer cadences the calendar block holding ``start``,
    cut at ``end``)."""
    rule = rule or due_next_morning(cadence, start)
    if cadence == Cadence.WEEKLY:
        specs = period_specs(
            cadence=cadence, start=start - timedelta(weeks=index - 1), end=end or start + timedelta(days=6), rule=rule
        )
    else:
        specs = period_specs(cadence=cadence, start=start, end=end or start + timedelta(days=366), rule=rule)[:1]
        specs = [dataclasses.replace(s, index=index) for s in specs]
    found = [s for s in specs if s.start == start and s.index == index and (end is None or s.end == end)]
    if not found:
        raise ValueError(f"{cadence} from {start} (index {index}, to {end}) is not a period of rule {rule}")
    return found[0]


class PeriodFactory(factory.django.DjangoModelFactory):
    """One period; ``label``, ``deadline`` (and ``end`` unless given) come from ``period_spec``
    under ``rule`` (default: the campaign's rule of that cadence, else due the next morning).
    A set of periods comes from a campaign's rules instead (``periods_of``)."""

    class Meta:
        model = Period

    campaign = factory.SubFactory(CampaignFactory, rules=[], units=[])
    cadence = Cadence.WEEKLY
    index = 1
    start = date(2026, 1, 5)
    rule = None

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if "label" in kwargs or "deadline" in kwargs:
            raise TypeError("a period's label and deadline come from campaigns.periods, not from the test")
        rule = kwargs.pop("rule") or (
            kwargs["campaign"].rules.filter(cadence=kwargs["cadence"]).first() if kwargs["campaign"].pk else None
        )
        spec = period_spec(
            cadence=kwargs["cadence"], start=kwargs["start"], end=kwargs.get("end"), index=kwargs["index"], rule=rule
        )
        kwargs.update(end=spec.end, label=spec.label, deadline=spec.deadline)
        return kwargs


class ReportingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRule

    campaign = factory.SubFactory(CampaignFactory, rules=[], units=[])
    cadence = Cadence.MONTHLY
    due_day = 1
    due_time = MORNING
    due_offset = 1


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    campaign = factory.SubFactory(CampaignFactory, rules=[], units=[])
    unit = factory.SubFactory(UnitFactory, commune=factory.SelfAttribute("..campaign.commune"))
    joined_on = None


class TaskFactory(factory.django.DjangoModelFactory):
    """``task_create``, then ``task_update_progress`` when a ``status`` other than "todo" is given."""

    class Meta:
        model = Task

    campaign = factory.SubFactory(CampaignFactory)
    content = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    lead_unit = factory.SubFactory(UnitFactory, commune=factory.SelfAttribute("..campaign.commune"))
    status = TaskStatus.TODO

    @classmethod
    def _create(cls, model_class, *args, status: str = TaskStatus.TODO, completed_on=None, result=None, **kwargs):
        task = task_create(**kwargs)
        if status != TaskStatus.TODO or completed_on or result:
            task_update_progress(task=task, user=None, status=status, completed_on=completed_on, result=result)
        return task
