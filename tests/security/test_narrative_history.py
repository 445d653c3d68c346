"""The narrative sections keep their history like figures (issue 14, item 9)."""

import pytest
from django.urls import reverse

from reporting.models import NarrativeChangeLog
from reporting.services import unit_report_save_draft, unit_report_submit
from tests.factories import PASSWORD
from tests.reporting.conftest import figures, rw  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_each_narrative_change_is_kept_with_who_and_old_new_and_shown_in_the_history(client, rw):  # noqa: F811
    staff = rw.w.staff
    unit_report_save_draft(
        report=rw.report, user=staff, values={}, expected_version=1, narrative={"highlights": "Tiếp nhận 100 hồ sơ"}
    )
    unit_report_submit(
        report=rw.report,
        user=staff,
        expected_version=2,
        values=figures(rw, HS_TIEP_NHAN=100),
        narrative={"highlights": "Tiếp nhận 120 hồ sơ", "difficulties": "Mạng chậm", "proposals": ""},
    )
    rows = list(NarrativeChangeLog.objects.filter(report=rw.report).select_related("event__user").order_by("id"))
    # The empty "proposals" did not change (it was empty): two events, three changes.
    assert [(r.section, r.old, r.new, r.event.action, r.event.user) for r in rows] == [
        ("highlights", "", "Tiếp nhận 100 hồ sơ", "save_draft", staff),
        ("highlights", "Tiếp nhận 100 hồ sơ", "Tiếp nhận 120 hồ sơ", "submit", staff),
        ("difficulties", "", "Mạng chậm", "submit", staff),
    ]
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("reporting:report_history", args=[rw.report.pk])).content.decode()
    assert "Kết quả nổi bật" in page and "Khó khăn, vướng mắc" in page
    assert page.index("Tiếp nhận 120 hồ sơ") < page.index("Mạng chậm")  # newest event first, its rows in order
