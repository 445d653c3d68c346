"""Bad input: a Vietnamese message, nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied

from emulation.models import Attestation, CandidateDecision, Criterion, CriterionKind
from emulation.services import EmulationError, attestation_set, criterion_save, decision_set
from org.models import AuditEntry


def test_attested_without_note_refused(emu):
    before = Attestation.objects.count(), AuditEntry.objects.count()
    with pytest.raises(EmulationError) as exc:
        attestation_set(
            user=emu.w.centre, criterion=emu.p1, window=emu.year, met=True, note="  ", official=emu.o2, version="0"
        )
    assert "ghi chú là bắt buộc" in exc.value.messages[0] and "Trần Thị Bình" in exc.value.messages[0]
    assert (Attestation.objects.count(), AuditEntry.objects.count()) == before


def test_attested_without_note_page(emu, client):
    client.force_login(emu.w.centre)
    r = client.post(
        f"/thi-dua/{emu.campaign.pk}/xac-nhan/",
        {"criterion": emu.p1.pk, "official": emu.o2.pk, "ky": "2026", "met": "1", "note": "", "version": "0"},
        follow=True,
    )
    assert r.status_code == 200
    assert "Chưa lưu" in r.content.decode() and "ghi chú là bắt buộc" in r.content.decode()
    assert not Attestation.objects.filter(official=emu.o2).exists()


def test_confirmed_by_someone_outside_the_centre(emu, client):
    with pytest.raises(PermissionDenied):
        decision_set(
            user=emu.w.leader,
            campaign=emu.campaign,
            year=2026,
            status="confirmed",
            award="giay_khen",
            unit=emu.vp,
            version="0",
        )
    client.force_login(emu.w.leader)
    r = client.post(
        f"/thi-dua/{emu.campaign.pk}/khen-thuong/",
        {"nam": "2026", "subject": f"u{emu.vp.pk}", "status": "confirmed", "award": "giay_khen", "version": "0"},
    )
    assert r.status_code == 403
    assert not CandidateDecision.objects.exists()


def test_not_candidate_cannot_be_confirmed_and_removal_needs_reason(emu):
    with pytest.raises(EmulationError, match="chưa đạt đủ các tiêu chuẩn bắt buộc"):
        decision_set(
            user=emu.w.centre,
            campaign=emu.campaign,
            year=2026,
            status="confirmed",
            award="giay_khen",
            unit=emu.ca,
            version="0",
            is_candidate=False,
        )
    with pytest.raises(EmulationError, match="ghi lý do"):
        decision_set(
            user=emu.w.centre,
            campaign=emu.campaign,
            year=2026,
            status="removed",
            award="giay_khen",
            unit=emu.vp,
            version="0",
        )
    assert not CandidateDecision.objects.exists()


@pytest.mark.parametrize(
    "kind,threshold,message",
    [
        (CriterionKind.TASKS_ON_TIME, "150", "không quá 100"),
        (CriterionKind.REPORTS_ON_TIME, "0", "lớn hơn 0"),
        (CriterionKind.TARGETS_MET, "", "lớn hơn 0"),
        (CriterionKind.INITIATIVES, "1,5", "số nguyên"),
        (CriterionKind.NO_OVERDUE, "3", "không có ngưỡng"),
        (CriterionKind.TASKS_ON_TIME, "abc", "không phải là số"),
    ],
)
def test_threshold_out_of_range(emu, kind, threshold, message):
    n = Criterion.objects.count()
    with pytest.raises(EmulationError) as exc:
        criterion_save(
            user=emu.w.centre, campaign=emu.campaign, code="X1", name="Thử", kind=kind, threshold=threshold, weight="1"
        )
    assert message in exc.value.messages[0]
    assert Criterion.objects.count() == n


def test_stale_version(emu):
    decision_set(
        user=emu.w.centre,
        campaign=emu.campaign,
        year=2026,
        status="confirmed",
        award="giay_khen",
        unit=emu.vp,
        version="0",
    )
    with pytest.raises(EmulationError, match="vừa được người khác thay đổi"):
        decision_set(
            user=emu.w.centre,
            campaign=emu.campaign,
            year=2026,
            status="removed",
            award="giay_khen",
            reason="Trùng",
            unit=emu.vp,
            version="0",
        )
    assert CandidateDecision.objects.get().status == "confirmed"
    c = criterion_save(
        user=emu.w.centre,
        campaign=emu.campaign,
        code="NV",
        name="Sửa",
        kind=CriterionKind.TASKS_ON_TIME,
        threshold="60",
        weight="2",
        criterion=emu.c1,
        version=str(emu.c1.version),
    )
    assert c.version == 2 and AuditEntry.objects.filter(action="sửa tiêu chuẩn thi đua").exists()
    with pytest.raises(EmulationError, match="vừa được người khác thay đổi"):
        criterion_save(
            user=emu.w.centre,
            campaign=emu.campaign,
            code="NV",
            name="Lần hai",
            kind=CriterionKind.TASKS_ON_TIME,
            threshold="70",
            weight="2",
            criterion=emu.c1,
            version="1",
        )
    emu.c1.refresh_from_db()
    assert (emu.c1.name, emu.c1.threshold) == ("Sửa", 60)


def test_order_beyond_the_column_and_a_too_long_evidence_link_are_refused(emu):
    n, audits = Criterion.objects.count(), AuditEntry.objects.count()
    with pytest.raises(EmulationError) as exc:
        criterion_save(
            user=emu.w.centre,
            campaign=emu.campaign,
            code="X2",
            name="Thử",
            kind=CriterionKind.ATTESTED,
            threshold=None,
            weight="1",
            order=99999999999,
        )
    assert "Thứ tự phải từ 0 đến 32767" in exc.value.messages[0]
    with pytest.raises(EmulationError) as exc:
        attestation_set(
            user=emu.w.centre,
            criterion=emu.p1,
            window=emu.year,
            met=True,
            note="Có minh chứng",
            evidence_url="https://x.vn/" + "a" * 250,
            official=emu.o2,
            version="0",
        )
    assert "dài quá 200 ký tự" in exc.value.messages[0]
    assert (Criterion.objects.count(), AuditEntry.objects.count()) == (n, audits)
    assert not Attestation.objects.filter(official=emu.o2).exists()
