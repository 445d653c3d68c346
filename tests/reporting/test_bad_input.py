"""Rule 10 on the report form page: every bad figure is refused, named, and nothing is saved."""

import pytest
from django.urls import reverse

from indicators.models import DataValue
from reporting.models import ReportEvent
from tests.org.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _post(client, rw, **boxes):
    client.login(username=rw.w.staff.username, password=PASSWORD)
    data = {"version": rw.report.version, "save": "1"}
    for code, value in boxes.items():
        if "__" in code:
            code, field = code.split("__")
            data[f"v_{rw.el[code].pk}_{rw.fields[field].pk}"] = value
        else:
            data[f"v_{rw.el[code].pk}"] = value
    return client.post(reverse("reporting:report_edit", args=[rw.report.pk]), data)


def _nothing_saved(rw):
    assert not DataValue.objects.filter(unit=rw.w.a1_dept).exists()
    assert not ReportEvent.objects.filter(report=rw.report).exists()


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ({"HS_TIEP_NHAN": "-3"}, "Tổng số hồ sơ tiếp nhận: không được là số âm"),
        ({"HS_TIEP_NHAN": "mười"}, "“mười” không phải là số"),
        ({"HS_TIEP_NHAN": "12,5"}, "phải là số nguyên"),
        (
            {"HS_TIEP_NHAN": "40", "HS_TRUC_TUYEN": "45"},
            "Số hồ sơ tiếp nhận trực tuyến (45) lớn hơn Tổng số hồ sơ tiếp nhận (40)",
        ),
        (
            {"HS_GIAI_QUYET": "10", "HS_DUNG_HAN": "11"},
            "Số hồ sơ giải quyết đúng và trước hạn (11) lớn hơn Số hồ sơ đã giải quyết (10)",
        ),
        (
            {"DG_TONG": "20", "DG_HAI_LONG": "21"},
            "Số lượt đánh giá hài lòng, rất hài lòng (21) lớn hơn Số lượt đánh giá (20)",
        ),
        (
            {"HS_TIEP_NHAN": "10", "HS_TIEP_NHAN__HO_TICH": "4", "HS_TIEP_NHAN__DAT_DAI": "5"},
            "Tổng số hồ sơ tiếp nhận: tổng theo lĩnh vực (9) khác tổng số (10)",
        ),
        (
            {"HS_TIEP_NHAN__DAT_DAI": "5", "HS_TRUC_TUYEN__DAT_DAI": "6"},
            "Số hồ sơ tiếp nhận trực tuyến (lĩnh vực Đất đai) (6) lớn hơn Tổng số hồ sơ tiếp nhận (5)",
        ),
    ],
)
def test_bad_figure_is_refused_with_its_box_named_and_nothing_saved(client, rw, boxes, expected):
    response = _post(client, rw, HS_GIAI_QUYET=boxes.pop("HS_GIAI_QUYET", "1"), **boxes)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert "Báo cáo chưa được lưu" in response.content.decode()
    _nothing_saved(rw)


def test_field_breakdown_that_adds_up_is_saved(client, rw):
    response = _post(client, rw, HS_TIEP_NHAN="9", HS_TIEP_NHAN__HO_TICH="4", HS_TIEP_NHAN__DAT_DAI="5")
    assert response.status_code == 302
    assert DataValue.objects.filter(unit=rw.w.a1_dept, element=rw.el["HS_TIEP_NHAN"]).count() == 3


def test_an_emptied_box_deletes_its_figure_and_the_history_shows_it(client, rw):
    _post(client, rw, HS_TIEP_NHAN="9")
    rw.report.refresh_from_db()
    _post(client, rw, HS_TIEP_NHAN="")
    assert not DataValue.objects.filter(unit=rw.w.a1_dept).exists()
    page = client.get(reverse("reporting:report_history", args=[rw.report.pk])).content.decode()
    assert page.count("Tổng số hồ sơ tiếp nhận") == 2
