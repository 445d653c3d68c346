"""Submitting, the life cycle and the facts of a village return (issue #7, docs/design.md rules 7, 8)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from households import services
from households.models import ReturnStatus, RoundStatus, SubmissionKey, VillageReturn, VillageReturnLog
from indicators.models import DataValue

from .factories import GOOD

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def submit(m02, key="k1", village=None, user=None, **changes):
    return services.village_return_submit(
        user=user or m02.w.head,
        survey_round=m02.round,
        village=village or m02.w.a1_v1,
        figures={**GOOD, **changes},
        note="",
        idempotency_key=key,
    )


def m02_values(m02, village):
    rows = DataValue.objects.filter(unit=village, period=m02.round.period).select_related("element")
    return {dv.element.code: (dv.value, dv.counted) for dv in rows}


def test_submission_stores_the_return_and_counted_m02_facts(m02):
    result = submit(m02)
    assert result.created
    ret = VillageReturn.objects.get()
    assert (ret.status, ret.so_khau, ret.submitted_by) == (ReturnStatus.SUBMITTED, 450, m02.w.head)
    values = m02_values(m02, m02.w.a1_v1)
    assert values["M02_SO_KHAU"] == (Decimal("450"), True)
    assert values["M02_CO_VNEID"] == (Decimal("400"), True)
    assert len(values) == 7
    assert m02.round.period.cadence == "survey"


def test_same_key_same_figures_is_stored_once(m02):
    submit(m02)
    again = submit(m02)
    assert not again.created
    assert VillageReturn.objects.count() == 1 and SubmissionKey.objects.count() == 1
    assert VillageReturnLog.objects.filter(action="submit").count() == 1


def test_same_key_different_figures_is_refused_and_changes_nothing(m02):
    submit(m02)
    with pytest.raises(services.KeyConflict):
        submit(m02, so_ho=121)
    assert VillageReturn.objects.get().so_ho == 120


def test_invalid_figures_store_nothing(m02):
    with pytest.raises(services.ReturnInvalid) as exc:
        submit(m02, chua_vneid=49)
    assert "phải bằng Số khẩu (450)" in exc.value.errors["chua_vneid"][0]
    assert VillageReturn.objects.count() == 0 and DataValue.objects.count() == 0 and SubmissionKey.objects.count() == 0


def test_deadline_is_end_of_due_day_in_ho_chi_minh(m02):
    assert m02.round.period.deadline == dt.datetime(2025, 12, 10, 23, 59, 59, 999999, tzinfo=HCM)
    with time_machine.travel(dt.datetime(2025, 12, 10, 23, 59, tzinfo=HCM), tick=False):
        assert not submit(m02).village_return.is_late
    with time_machine.travel(dt.datetime(2025, 12, 11, 0, 0, 1, tzinfo=HCM), tick=False):
        assert submit(m02, key="k2", village=m02.w.a1_v2, user=m02.w.centre).village_return.is_late


def test_closed_round_refuses_submission(m02):
    services.survey_round_set_status(user=m02.w.centre, survey_round=m02.round, status=RoundStatus.CLOSED)
    with pytest.raises(services.ReturnInvalid) as exc:
        submit(m02)
    assert exc.value.errors["__all__"] == ["Đợt rà soát đã khóa sổ: không nhận thêm hoặc sửa Mẫu 02."]
    assert VillageReturn.objects.filter(status="submitted").count() == 0


def test_resubmission_keeps_every_figure_change(m02):
    ret = submit(m02).village_return
    services.village_return_send_back(user=m02.w.centre, village_return=ret, reason="Kiểm tra lại số hộ")
    submit(m02, key="k2", so_ho=130, ho_danh_gia=110)
    changes = {
        (log.field, log.old, log.new) for log in VillageReturnLog.objects.filter(action="change").exclude(old="")
    }
    assert changes == {("so_ho", "120", "130"), ("ho_danh_gia", "100", "110")}
    assert m02_values(m02, m02.w.a1_v1)["M02_SO_HO"] == (Decimal("130"), True)


def test_stale_version_is_refused_so_no_one_overwrites_silently(m02):
    first = submit(m02).village_return
    submit(m02, key="k2", user=m02.w.centre, so_ho=130)  # the centre corrects meanwhile
    with pytest.raises(services.VersionConflict):
        services.village_return_submit(
            user=m02.w.head,
            survey_round=m02.round,
            village=m02.w.a1_v1,
            figures={**GOOD, "so_ho": 125},
            idempotency_key="k3",
            version=first.version,
        )
    assert VillageReturn.objects.get().so_ho == 130


def test_return_approve_reopen_life_cycle_and_counted_flag(m02):
    ret = submit(m02).village_return
    with pytest.raises(services.ReturnInvalid) as exc:
        services.village_return_send_back(user=m02.w.centre, village_return=ret, reason="  ")
    assert exc.value.errors["reason"] == ["Cần ghi lý do trả lại."]
    ret = services.village_return_send_back(user=m02.w.centre, village_return=ret, reason="Số khẩu chưa khớp sổ")
    assert ret.status == "returned"
    assert m02_values(m02, m02.w.a1_v1)["M02_SO_HO"] == (Decimal("120"), False)
    ret = submit(m02, key="k2", so_ho=119).village_return
    assert ret.status == "submitted" and ret.review_reason == ""
    ret = services.village_return_approve(user=m02.w.leader, village_return=ret)
    assert ret.status == "approved"
    assert m02_values(m02, m02.w.a1_v1)["M02_SO_HO"] == (Decimal("119"), True)
    # approved is locked
    with pytest.raises(services.ReturnInvalid):
        submit(m02, key="k3", so_ho=118)
    # reopening needs a reviewer and a reason
    with pytest.raises(PermissionDenied):
        services.village_return_reopen(user=m02.w.head, village_return=ret, reason="sửa")
    with pytest.raises(services.ReturnInvalid):
        services.village_return_reopen(user=m02.w.centre, village_return=ret, reason="")
    ret = services.village_return_reopen(user=m02.w.centre, village_return=ret, reason="Xóm báo sai số hộ")
    assert ret.status == "returned"
    assert m02_values(m02, m02.w.a1_v1)["M02_SO_HO"] == (Decimal("119"), False)
    actions = list(VillageReturnLog.objects.exclude(action="change").values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "approve", "reopen"]


def test_village_head_cannot_review(m02):
    ret = submit(m02).village_return
    with pytest.raises(PermissionDenied):
        services.village_return_approve(user=m02.w.head, village_return=ret)
    assert VillageReturn.objects.get().status == "submitted"


def test_a_submitted_return_is_read_only_for_the_village_until_returned(m02):
    submit(m02)
    with pytest.raises(services.ReturnInvalid) as excinfo:
        submit(m02, key="k2", so_ho=130)
    assert "đang chờ trung tâm xem xét" in str(excinfo.value)
    assert VillageReturn.objects.get().so_ho == GOOD["so_ho"]
