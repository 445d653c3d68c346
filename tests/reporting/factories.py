"""factory_boy factories for reporting: unit reports as stored.

A report's life (open, save, submit, approve, return) goes through ``reporting.services`` in
the tests of that life; these factories stand for reports whose history is not under test
(the dashboards' missing and late lists, the history pages)."""

from __future__ import annotations

import factory

from reporting.models import UnitReport
from tests.campaigns.factories import PeriodFactory
from tests.org.factories import UnitFactory


class UnitReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitReport

    period = factory.SubFactory(PeriodFactory)
    campaign = factory.SelfAttribute("period.campaign")
    unit = factory.SubFactory(UnitFactory, commune=factory.SelfAttribute("..campaign.commune"))
    status = "draft"
