"""Pages: who sees what (rule 9), the review grid in a bounded number of queries, the flow."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from org.models import UnitKind
from reporting import services
from reporting.models import ReportStatus, UnitReport
from tests.org.factories import PASSWORD, UnitFactory
from tests.reporting.factories import UnitReportFactory

from .conftest import build_campaign, figures

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("centre", 200), ("leader", 200), ("province", 200), ("head", 404), ("outsider", 404)],
)
def test_report_page_is_shown_only_to_its_unit_and_the_whole_commune(client, rw, who, status):
    _login(client, getattr(rw.w, who))
    assert client.get(reverse("reporting:report_detail", args=[rw.report.pk])).status_code == status


def test_other_communes_staff_cannot_guess_a_report_id(client, rw):
    from reporting.services import unit_report_open

    other = build_campaign(rw.w.b1, [rw.w.b1_dept], code="B1-TEST")
    report_b = unit_report_open(campaign=other[0], unit=rw.w.b1_dept, period=other[1][0])
    _login(client, rw.w.staff)
    for name in ("report_detail", "report_edit", "report_history", "form_xlsx_download"):
        assert client.get(reverse(f"reporting:{name}", args=[report_b.pk])).status_code == 404


def test_province_reads_but_cannot_edit_or_review(client, rw):
    _login(client, rw.w.province)
    assert client.get(reverse("reporting:report_edit", args=[rw.report.pk])).status_code == 403
    response = client.post(reverse("reporting:report_review", args=[rw.report.pk]), {"action": "approve", "version": 1})
    assert response.status_code == 403


def test_my_reports_shows_the_week_due_next_with_countdown_and_previous_weeks(client, rw):
    _login(client, rw.w.staff)
    with time_machine.travel(datetime(2025, 11, 18, 9, 0, tzinfo=VN), tick=False):
        page = client.get(reverse("reporting:my_reports")).content.decode()
    # Tuesday 18/11: week 2 (10–16/11) is due Thursday 20/11 10:00; week 1 is overdue
    assert "Kỳ cần báo cáo: Tuần 2 (10/11–16/11/2025)" in page
    assert "còn 2 ngày 1 giờ" in page
    assert "quá hạn 4 ngày" in page
    assert page.index("Tuần 3 (17/11–23/11/2025)") < page.index("Tuần 1 (03/11–09/11/2025)")  # newest first


def test_review_grid_of_25_units_by_52_weeks_uses_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    units = [
        UnitFactory(commune=world.a1, code=f"D{i:02d}", name=f"Phòng {i}", kind=UnitKind.DEPARTMENT) for i in range(25)
    ]
    campaign, periods = build_campaign(world.a1, units, weeks=52, first=date(2025, 1, 6), code="NAM-2025")
    reports = [
        UnitReportFactory.build(
            campaign=campaign,
            unit=u,
            period=p,
            status=ReportStatus.APPROVED if (i + j) % 3 else ReportStatus.SUBMITTED,
            first_submitted_at=datetime.combine(p.end, time(9), tzinfo=VN),
            late=(i + j) % 5 == 0,
        )
        for i, u in enumerate(units)
        for j, p in enumerate(periods)
        if (i * j) % 7
    ]
    UnitReport.objects.bulk_create(reports)
    _login(client, world.centre)
    url = reverse("reporting:review_grid", args=[campaign.pk])
    with time_machine.travel(datetime(2026, 1, 20, tzinfo=VN), tick=False), django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="cell"') == 25 * 52
    assert "Nộp muộn" in page and "Đã duyệt" in page and "Chưa nộp" in page


def test_review_grid_refuses_unit_staff(client, rw):
    _login(client, rw.w.staff)
    assert client.get(reverse("reporting:review_grid", args=[rw.campaign.pk])).status_code == 404


def test_fill_submit_return_resubmit_approve_through_the_pages(client, rw):
    el = rw.el
    _login(client, rw.w.staff)
    url = reverse("reporting:report_edit", args=[rw.report.pk])
    data = {"version": 1, f"v_{el['HS_TIEP_NHAN'].pk}": "100", f"v_{el['HS_TRUC_TUYEN'].pk}": "90", "submit": "1"}
    assert client.post(url, data).status_code == 302
    rw.report.refresh_from_db()
    assert rw.report.status == ReportStatus.SUBMITTED
    assert client.get(url).status_code == 302  # locked: back to the read-only view
    _login(client, rw.w.centre)
    review = reverse("reporting:report_review", args=[rw.report.pk])
    client.post(review, {"action": "return", "reason": "", "version": rw.report.version})
    rw.report.refresh_from_db()
    assert rw.report.status == ReportStatus.SUBMITTED  # a return needs a reason
    client.post(review, {"action": "return", "reason": "Số trực tuyến chưa khớp", "version": rw.report.version})
    rw.report.refresh_from_db()
    assert rw.report.status == ReportStatus.RETURNED
    _login(client, rw.w.staff)
    data.update({"version": rw.report.version, f"v_{el['HS_TRUC_TUYEN'].pk}": "92"})
    assert client.post(url, data).status_code == 302
    _login(client, rw.w.centre)
    rw.report.refresh_from_db()
    client.post(review, {"action": "approve", "reason": "", "version": rw.report.version})
    rw.report.refresh_from_db()
    assert rw.report.status == ReportStatus.APPROVED
    history = client.get(reverse("reporting:report_history", args=[rw.report.pk])).content.decode()
    for word in ("Nộp báo cáo", "Trả lại", "Số trực tuyến chưa khớp", "Duyệt"):
        assert word in history


def test_stale_form_shows_conflict_and_the_newer_figures(client, rw):
    services.unit_report_save_draft(
        report=rw.report, user=rw.w.centre, values=figures(rw, HS_TIEP_NHAN=77), expected_version=1
    )
    _login(client, rw.w.staff)
    url = reverse("reporting:report_edit", args=[rw.report.pk])
    response = client.post(url, {"version": 1, f"v_{rw.el['HS_TIEP_NHAN'].pk}": "5", "save": "1"})
    page = response.content.decode()
    assert "người khác thay đổi" in page
    assert 'value="77"' in page


def test_bulk_upload_page_lists_errors_and_is_for_the_centre(client, rw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _login(client, rw.w.staff)
    assert client.get(reverse("reporting:bulk_upload")).status_code == 403
    _login(client, rw.w.centre)
    bad = SimpleUploadedFile("x.csv", b"ma_ke_hoach,ma_don_vi\nPL-TEST,VP\n", content_type="text/csv")
    response = client.post(reverse("reporting:bulk_upload"), {"file": bad})
    assert response.status_code == 400
    assert "thiếu cột tu_ngay, ma_so_lieu, gia_tri" in response.content.decode()
    good = SimpleUploadedFile(
        "x.csv",
        b"ma_ke_hoach,ma_don_vi,tu_ngay,ma_so_lieu,gia_tri,linh_vuc\nPL-TEST,VP,2025-11-03,HS_TIEP_NHAN,12,\n",
    )
    assert client.post(reverse("reporting:bulk_upload"), {"file": good}).status_code == 302
    assert UnitReport.objects.get(pk=rw.report.pk).status == ReportStatus.SUBMITTED


def test_review_grid_keeps_lateness_after_approval_and_shows_completeness_and_the_missing_list(client, world):
    # One unit, three weeks of November 2025, looked at on 01/12/2025 when all three are due:
    # week 1 sent on time and approved, week 2 sent late and approved, week 3 never sent.
    unit = UnitFactory(commune=world.a1, code="XOM9", name="Xóm 9", kind=UnitKind.VILLAGE)
    campaign, periods = build_campaign(world.a1, [unit], weeks=3, first=date(2025, 11, 3), code="GRID-TRUTH")
    for p, late in ((periods[0], False), (periods[1], True)):
        sent = p.deadline + (timedelta(days=1) if late else -timedelta(hours=1))
        UnitReportFactory(
            campaign=campaign, unit=unit, period=p, status=ReportStatus.APPROVED, first_submitted_at=sent, late=late
        )
    _login(client, world.centre)
    with time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=VN), tick=False):
        page = client.get(reverse("reporting:review_grid", args=[campaign.pk])).content.decode()
    row = page[page.index('<th class="unit">Xóm 9</th>') :]
    row = row[: row.index("</tr>")]
    assert row.count("Đã duyệt · muộn") == 1  # week 2: approved, still late
    assert row.count(">Đã duyệt<") == 1  # week 1
    assert "2/3" in row  # sent / due
    assert "66,67" in row  # complete: 2 of 3
    assert "33,33" in row  # on time: 1 of 3
    assert 'href="#thieu-' in row
    missing = page[page.index('id="chua-nop"') :]
    assert "Xóm 9 – 1 kỳ" in missing
    assert periods[2].label in missing and periods[0].label not in missing
