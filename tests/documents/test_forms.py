"""The documents page builds its form from the chosen document's declared fields
(``BaseExporter.export_form_fields``): each kind shows its own, a bad value is refused in
Vietnamese naming the field, and every registered document's fields render and give a valid
default request."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Period
from documents.exporters import exporters
from documents.models import ExportRecord, ExportStatus
from documents.services import params_clean
from documents.views import DocumentForm
from households.models import SurveyRound

pytestmark = pytest.mark.django_db

PAGE = "/bao-cao/van-ban/"


def page(client, campaign, kind: str) -> str:
    return client.get(f"{PAGE}?campaign={campaign.pk}&kind={kind}").content.decode()


def post(client, campaign, **data):
    return client.post("/bao-cao/van-ban/tao/", {"campaign": campaign.pk, "fmt": "pdf", "number": "", **data})


def survey_round(campaign, title: str = "Rà soát tháng 1") -> SurveyRound:
    period = Period.objects.create(
        campaign=campaign,
        cadence="survey",
        label=title,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        deadline=datetime(2026, 2, 5, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    return SurveyRound.objects.create(
        campaign=campaign,
        period=period,
        title=title,
        window_start=period.start,
        window_end=period.end,
        due_date=period.end,
    )


def test_the_weekly_form_offers_the_campaigns_periods_and_no_quarter(world, campaign, client):
    c, _ = campaign
    client.force_login(world.centre)
    html = page(client, c, "weekly")
    assert '<option value="" selected>Kỳ gần nhất đã kết thúc</option>' in html
    assert '<option value="2026-01-05">Tuần 2 (05/01–11/01/2026)</option>' in html
    assert html.count('<option value="2026-') + html.count('<option value="2025-') == 14  # the 14 weeks
    assert 'name="quarter"' not in html and 'name="n_ket_qua"' not in html
    assert 'name="fmt"' in html and 'name="number"' in html
    assert "Một kỳ báo cáo: chỉ tiêu so với chỉ tiêu giao" in html


def test_the_quarterly_form_offers_the_quarters_the_campaign_touches_and_the_five_sections(world, campaign, client):
    c, _ = campaign  # 29/12/2025 – 05/04/2026: quarters IV/2025, I/2026, II/2026, newest first
    client.force_login(world.centre)
    html = page(client, c, "quarterly")
    options = [
        '<option value="" selected>Quý hiện tại</option>',
        '<option value="2026-Q2">Quý II năm 2026</option>',
        '<option value="2026-Q1">Quý I năm 2026</option>',
        '<option value="2025-Q4">Quý IV năm 2025</option>',
    ]
    positions = [html.index(o) for o in options]
    assert positions == sorted(positions)
    for label in ("Kết quả đạt được", "Tồn tại, hạn chế", "Nguyên nhân", "Phương hướng, nhiệm vụ quý tới"):
        assert f">{label}:</label>" in html
    assert "đã điền sẵn từ ý kiến các đơn vị trong quý" in html
    assert 'name="period"' not in html


def test_documents_of_the_whole_campaign_ask_only_for_format_and_number(world, campaign, client):
    c, _ = campaign
    client.force_login(world.centre)
    for kind in ("tasks", "push_final"):
        html = page(client, c, kind)
        assert 'name="fmt"' in html and 'name="number"' in html, kind
        for name in ("period", "quarter", "survey_round", "n_ket_qua"):
            assert f'name="{name}"' not in html, (kind, name)


def test_the_mau02_form_offers_the_survey_rounds_and_the_chosen_one_is_stored(
    world, campaign, client, django_capture_on_commit_callbacks
):
    c, _ = campaign
    sr = survey_round(c)
    client.force_login(world.centre)
    html = page(client, c, "mau_02")
    assert '<option value="" selected>Đợt rà soát gần nhất</option>' in html
    assert f'<option value="{sr.pk}">Rà soát tháng 1 (01/01/2026 – 31/01/2026)</option>' in html
    with django_capture_on_commit_callbacks(execute=True):
        post(client, c, kind="mau_02", fmt="xlsx", survey_round=str(sr.pk))
    record = ExportRecord.objects.get()
    assert record.parameters["survey_round_id"] == sr.pk and record.status == ExportStatus.DONE


def test_the_chosen_period_is_the_one_stored(world, campaign, client, django_capture_on_commit_callbacks):
    c, _ = campaign
    client.force_login(world.centre)
    with django_capture_on_commit_callbacks(execute=True):
        post(client, c, kind="weekly", period="2026-01-05", number="7")
    record = ExportRecord.objects.get()
    assert record.parameters["period"] == "2026-01-05" and record.parameters["number"] == "7"
    assert record.parameters["quarter"] is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "weekly", "period": "2030-01-07"}, "Kỳ báo cáo: Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": "quarterly", "quarter": "2030-Q1"}, "Quý: Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": "quarterly", "n_kien_nghi": "x" * 20_001}, "Kiến nghị, đề xuất: Giá trị này chỉ có tối đa 20000"),
        ({"kind": "mau_02", "survey_round": "999999"}, "Đợt rà soát: Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": "tasks", "fmt": "docx"}, "Định dạng: Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": "tasks", "number": "1" * 21}, "Số văn bản (phần trước /BC-UBND, có thể để trống): Giá trị này"),
        ({"kind": "bang_luong"}, "Loại văn bản: Hãy chọn một lựa chọn hợp lệ."),
    ],
)
def test_a_bad_parameter_is_refused_in_vietnamese_naming_the_field_and_no_record_is_made(
    world, campaign, client, data, message
):
    c, _ = campaign
    client.force_login(world.centre)
    response = post(client, c, **data)
    assert response.status_code == 302 and response.url.startswith(f"{PAGE}?campaign={c.pk}&kind=")
    follow = client.get(response.url).content.decode()
    assert "Chưa tạo được văn bản." in follow and message in follow
    assert not ExportRecord.objects.exists()


def test_every_registered_document_declares_fields_that_render_and_default_to_a_valid_request(world, campaign):
    c, _ = campaign
    survey_round(c)
    found = {e.identifier for e in exporters()}
    assert found == {"weekly", "push_final", "quarterly", "mau_02", "tasks", "khen_thuong"}
    for exporter in exporters():
        form = DocumentForm(
            {"campaign": c.pk, "kind": exporter.identifier, "fmt": "xlsx"},
            user=world.centre,
            campaign=c,
            exporter=exporter,
        )
        names = [f.name for f in form.document_fields()]
        assert names[-2:] == ["fmt", "number"], exporter.identifier
        for field in form.document_fields():
            html = field.label_tag() + str(field)
            assert field.label and f'name="{field.name}"' in html, (exporter.identifier, field.name)
        assert form.is_valid(), (exporter.identifier, form.errors)
        params = params_clean(kind=exporter.identifier, campaign=c, **exporter.params_from_form(form.cleaned_data))
        assert params.kind == exporter.identifier and params.fmt == "xlsx"
