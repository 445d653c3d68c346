"""Issue 14 item 8: opening a period's report (or "Báo cáo của tôi") with GET writes nothing;
the draft is created by the first save, and a save of the empty page races safely."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from reporting.models import ReportStatus, UnitReport
from tests.org.factories import PASSWORD

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


def test_opening_a_period_without_report_shows_an_empty_form_and_creates_nothing(client, rw):
    _login(client, rw.w.staff)
    url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    before = UnitReport.objects.count()
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{url}"' in page  # the form posts back here, where the draft is created
    assert "Chưa có báo cáo" in page
    assert UnitReport.objects.count() == before


def test_the_first_save_creates_the_draft_with_its_figures(client, rw):
    el = rw.el
    _login(client, rw.w.staff)
    url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    data = {"version": 1, f"v_{el['HS_TIEP_NHAN'].pk}": "120", "save": "1"}
    response = client.post(url, data)
    report = UnitReport.objects.get(unit=rw.w.a1_dept, period=rw.periods[1])
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report_edit", args=[report.pk])
    assert report.status == ReportStatus.DRAFT and report.version == 2
    page = client.get(response["Location"]).content.decode()
    assert 'value="120"' in page


def test_a_refused_first_save_creates_nothing(client, rw):
    _login(client, rw.w.staff)
    url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    response = client.post(url, {"version": 1, f"v_{rw.el['HS_TIEP_NHAN'].pk}": "mười", "save": "1"})
    assert response.status_code == 200
    assert "Báo cáo chưa được lưu" in response.content.decode()
    assert not UnitReport.objects.filter(unit=rw.w.a1_dept, period=rw.periods[1]).exists()


def test_two_first_saves_of_the_empty_page_give_one_report_and_a_conflict(client, rw):
    el = rw.el
    _login(client, rw.w.staff)
    url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    client.post(url, {"version": 1, f"v_{el['HS_TIEP_NHAN'].pk}": "120", "save": "1"})
    # the second tab was opened before the first save: it still carries version 1
    response = client.post(url, {"version": 1, f"v_{el['HS_TIEP_NHAN'].pk}": "90", "save": "1"})
    assert UnitReport.objects.filter(unit=rw.w.a1_dept, period=rw.periods[1]).count() == 1
    assert "Đang hiển thị số liệu mới nhất" in response.content.decode()


def test_my_reports_shows_the_form_of_the_period_due_without_creating_it(client, rw):
    _login(client, rw.w.staff)
    before = UnitReport.objects.count()
    with time_machine.travel(datetime(2025, 11, 18, 9, 0, tzinfo=VN), tick=False):
        page = client.get(reverse("reporting:my_reports")).content.decode()
    assert "Kỳ cần báo cáo: Tuần 2 (10/11–16/11/2025)" in page
    open_url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    assert f'action="{open_url}"' in page
    assert UnitReport.objects.count() == before


def test_a_reader_opening_a_missing_report_gets_404_and_nothing_is_created(client, rw):
    _login(client, rw.w.leader)
    url = reverse("reporting:report_open", args=[rw.w.a1_dept.pk, rw.periods[1].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": 1, "save": "1"}).status_code == 404
    assert not UnitReport.objects.filter(unit=rw.w.a1_dept, period=rw.periods[1]).exists()
