"""The documents: figures equal the engine's, the state format's parts, bad input and faults."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from documents.exporters import ExportError, exporter_get
from documents.models import ExportRecord, ExportStatus
from documents.services import export_generate_now, export_run, params_clean, record_file_bytes
from indicators.models import Attainment

from .conftest import add_figure, recompute
from .helpers import pdf_text, pdf_text_raw, pdf_text_stream, sheet_records, workbook

pytestmark = pytest.mark.django_db


def generate(world, campaign, kind, fmt, **kw):
    params = params_clean(kind=kind, campaign=campaign, fmt=fmt, **kw)
    record = export_generate_now(user=world.centre, campaign=campaign, params=params)
    assert record.status == ExportStatus.DONE, record.error
    return record, record_file_bytes(record)


# --- weekly -------------------------------------------------------------------------------------


def test_weekly_pdf_prints_the_engines_figures_in_vietnamese_format(world, campaign):
    c, periods = campaign
    record, pdf = generate(world, c, "weekly", "pdf", period="2026-01-05", number="12", issued_on=date(2026, 1, 5))
    text = pdf_text(pdf)
    row = Attainment.objects.get(campaign=c, period=periods[1], window_kind="period", scope_kind="commune")
    assert row.value == Decimal("75.0000")  # 45 of 60, from raw counts (rule 1)
    line = next(x for x in text.splitlines() if "Tỷ lệ hồ sơ tiếp nhận" in x)
    assert "≥ 92,00%" in line and "Chưa đạt" in line
    assert "-17,00" in line  # 75 − 92 (week 1) percentage points
    raw = pdf_text_stream(pdf)
    assert "45/60 · 75,00%" in raw  # the counts beside the rate (issue #16)
    assert "137/160 · 85,63%" in raw  # cumulative 137 of 160 = 85,625 → 85,63
    assert pdf.startswith(b"%PDF")


def test_weekly_xlsx_holds_the_same_numbers_as_the_engine(world, campaign):
    c, periods = campaign
    _, content = generate(world, c, "weekly", "xlsx", period="2026-01-05")
    data = sheet_records(workbook(content), "Chỉ tiêu")[0]
    assert data["Chỉ tiêu"] == "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    engine = Attainment.objects.get(campaign=c, period=periods[1], window_kind="period", scope_kind="commune")
    cumulative = Attainment.objects.get(campaign=c, period=periods[1], window_kind="cumulative", scope_kind="commune")
    assert Decimal(str(data["Kết quả trong kỳ"])) == engine.value == Decimal(75)
    # the counts beside the rate, each in its own numeric column (issue #16)
    assert (data["Kết quả trong kỳ: tử số"], data["Kết quả trong kỳ: mẫu số"]) == (45, 60)
    assert Decimal(str(data["Chỉ tiêu giao"])) == Decimal(92)
    assert data["Đánh giá"] == "Chưa đạt"
    assert Decimal(str(data["Lũy kế từ đầu kế hoạch"])) == cumulative.value == Decimal("85.625")
    assert (data["Lũy kế từ đầu kế hoạch: tử số"], data["Lũy kế từ đầu kế hoạch: mẫu số"]) == (137, 160)


def test_state_format_heading_number_date_line_signature_and_recipients(world, campaign):
    c, _ = campaign
    _, pdf = generate(world, c, "weekly", "pdf", period="2026-01-05", number="12", issued_on=date(2026, 1, 5))
    text = pdf_text_raw(pdf)
    for part in (
        "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-UBND",
        "Phú Lạc, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Lưu: VT, TTPVHCC.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Ký",
    ):
        assert part in text, part


def test_pdf_uses_a4_and_a_serif_with_vietnamese_glyphs(world, campaign):
    import io

    from pypdf import PdfReader

    c, _ = campaign
    _, pdf = generate(world, c, "weekly", "pdf", period="2026-01-05")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    fonts = set()
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("Liberation-Serif" in f or "Times" in f for f in fonts), fonts


def test_page_numbers_start_on_page_two(world, campaign):
    import subprocess
    import tempfile

    c, _ = campaign
    # a long narrative forces several pages
    _, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1", narratives={"ket_qua": "Nội dung dài. " * 900})
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()

        def lines(n: int) -> set[str]:
            out = subprocess.run(
                ["pdftotext", "-layout", "-f", str(n), "-l", str(n), fh.name, "-"], capture_output=True
            )
            return {x.strip() for x in out.stdout.decode().splitlines()}

        assert "2" in lines(2) and "3" in lines(3)
        assert "1" not in lines(1)


# --- quarterly ----------------------------------------------------------------------------------


def test_quarterly_window_of_a_weekly_campaign_sums_raw_counts_over_the_quarter(world, campaign):
    c, _ = campaign
    _, content = generate(world, c, "quarterly", "xlsx", quarter="2026-Q1")
    data = next(
        r for r in sheet_records(workbook(content), c.code) if r["Chỉ tiêu"] == "Tỷ lệ hồ sơ tiếp nhận trực tuyến"
    )
    # every week ending in Q1 2026: (92 + 45) / (100 + 60) = 85,625%
    assert Decimal(str(data["Quý I/2026"])) == Decimal("85.625")
    assert (data["Quý I/2026: tử số"], data["Quý I/2026: mẫu số"]) == (137, 160)
    assert data["Quý IV/2025"] is None  # Q4 2025: no week of the campaign ends in it → no data, not 0
    assert data["Đánh giá"] == "Chưa đạt"
    _, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1")
    assert "85,63%" in pdf_text(pdf)


def test_quarterly_window_leaves_no_trace_in_the_database(world, campaign):
    c, _ = campaign
    periods_before = c.periods.count()
    rows_before = Attainment.objects.filter(campaign=c).count()
    generate(world, c, "quarterly", "pdf", quarter="2026-Q1")
    assert c.periods.count() == periods_before
    assert Attainment.objects.filter(campaign=c).count() == rows_before


def test_quarterly_narratives_are_prefilled_from_unit_reports_and_kept_as_edited(world, campaign):
    from documents.exporters import Quarter
    from documents.exporters.quarterly import narratives_default
    from reporting.models import UnitReport

    c, periods = campaign
    UnitReport.objects.create(
        campaign=c, unit=world.a1_dept, period=periods[1], status="submitted", highlights="Tăng hồ sơ trực tuyến"
    )
    UnitReport.objects.create(campaign=c, unit=world.a1_police, period=periods[2], status="draft", highlights="nháp")
    prefilled = narratives_default(campaign=c, quarter=Quarter(2026, 1))
    assert prefilled["ket_qua"] == f"- {world.a1_dept.name}: Tăng hồ sơ trực tuyến"
    record, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1", narratives={"ton_tai": "Mạng yếu ở xóm 3"})
    assert record.parameters["narratives"]["ton_tai"] == "Mạng yếu ở xóm 3"
    text = pdf_text_raw(pdf)
    assert "Mạng yếu ở xóm 3" in text and "Tăng hồ sơ trực tuyến" in text and "nháp" not in text


@pytest.mark.parametrize(
    ("kind", "kw", "message"),
    [
        ("quarterly", {"quarter": "2027-Q1"}, "Quý I/2027 nằm ngoài thời gian của kế hoạch PUSH"),
        ("quarterly", {"quarter": "2026-Q5"}, "không đúng dạng"),
        ("weekly", {"period": "2025-06-02"}, "Ngày 02/06/2025 nằm ngoài thời gian của kế hoạch PUSH"),
        ("weekly", {"period": "05-01-2026"}, "không đúng dạng"),
        ("weekly", {"quarter": "2026-Q1"}, "theo kỳ báo cáo"),
    ],
)
def test_a_window_outside_the_campaign_is_refused_in_vietnamese(world, campaign, kind, kw, message):
    c, _ = campaign
    with pytest.raises(ExportError, match=message):
        params_clean(kind=kind, campaign=c, fmt="pdf", **kw)
    assert not ExportRecord.objects.exists()


# --- no data, escaping, injection, wrapping ------------------------------------------------------


@pytest.mark.parametrize("kind", ["weekly", "push_final", "quarterly", "mau_02", "tasks"])
def test_a_campaign_without_data_still_renders_saying_chua_co_so_lieu(world, kind):
    from .conftest import build_campaign

    c, _ = build_campaign(world, code="EMPTY", with_figures=False)
    _, pdf = generate(world, c, kind, "pdf")
    text = pdf_text_raw(pdf).lower()
    assert "chưa có số liệu" in text or (kind == "tasks" and "chưa có nhiệm vụ" in text)
    _, content = generate(world, c, kind, "xlsx")
    cells = " ".join(str(v) for ws in workbook(content).worksheets for r in ws.iter_rows(values_only=True) for v in r)
    assert "chưa có số liệu" in cells.lower() or "Không có số liệu" in cells or kind in ("tasks", "mau_02")


def test_html_in_a_narrative_is_printed_as_text_never_run(world, campaign):
    c, _ = campaign
    evil = '<script>alert("x")</script><b>đậm</b>'
    _, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1", narratives={"kien_nghi": evil})
    assert '<script>alert("x")</script><b>đậm</b>' in pdf_text_raw(pdf)


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","bấm")', "+1+2", "-3", "@SUM(A1)", "\tthụt"])
def test_formula_like_text_is_written_to_xlsx_as_text(world, campaign, text):
    c, _ = campaign
    _, content = generate(world, c, "quarterly", "xlsx", quarter="2026-Q1", narratives={"kien_nghi": "ok\n" + text})
    ws = workbook(content)["Báo cáo"]
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value == text.strip("\n")]
    if text.startswith("\t"):  # the stored paragraph is trimmed by the narrative cleaner
        cells = [cell for row in ws.iter_rows() for cell in row if cell.value == text.strip()]
        assert cells
        return
    assert cells, "text missing"
    assert all(cell.data_type == "s" for cell in cells)


def test_a_task_or_unit_name_starting_with_equals_is_text_in_the_xlsx(world, campaign):
    from campaigns.models import Task

    c, _ = campaign
    world.a1_police.name = "=cmd|'/c calc'!A1"
    world.a1_police.save()
    Task.objects.create(campaign=c, content="@SUM(1+1)*cmd", lead_unit=world.a1_police, note="-2+3")
    _, content = generate(world, c, "tasks", "xlsx")
    cells = {cell.value: cell for row in workbook(content)["Nhiệm vụ"].iter_rows() for cell in row}
    for text in ("=cmd|'/c calc'!A1", "@SUM(1+1)*cmd", "-2+3"):
        assert cells[text].data_type == "s", text


def test_a_very_long_narrative_wraps_and_nothing_is_clipped(world, campaign):
    c, _ = campaign
    word = "Khôngngắtđượcchữnàydàiquá" * 8  # one unbreakable 200-character token
    long = ("Đoạn văn rất dài về kết quả. " * 200) + word + " CUỐICÙNG"
    _, pdf = generate(world, c, "quarterly", "pdf", quarter="2026-Q1", narratives={"ket_qua": long})
    text = pdf_text_raw(pdf).replace(" ", "")
    assert word in text and "CUỐICÙNG" in text


# --- records: archived bytes never change, faults ------------------------------------------------


def test_an_archived_file_keeps_its_checksum_after_the_figures_change(world, campaign, client):
    c, periods = campaign
    record, first = generate(world, c, "weekly", "pdf", period="2026-01-05")
    assert hashlib.sha256(first).hexdigest() == record.sha256 and record.size == len(first)
    add_figure(c, periods[1], world.a1_police, "HS_TRUC_TUYEN", 10)  # now 50 of 60
    recompute(c)
    client.force_login(world.centre)
    again = client.get(f"/bao-cao/van-ban/{record.pk}/tai-ve/")
    body = b"".join(again.streaming_content)
    assert body == first and hashlib.sha256(body).hexdigest() == record.sha256
    new_record, new = generate(world, c, "weekly", "pdf", period="2026-01-05")
    assert new_record.pk != record.pk and new_record.sha256 != record.sha256
    assert "83,33%" in pdf_text(new) and "75,00%" in pdf_text(first)


def test_a_failing_render_marks_the_record_failed_with_the_reason_and_serves_no_file(
    world, campaign, client, monkeypatch, django_capture_on_commit_callbacks
):
    c, _ = campaign
    exporter = exporter_get("weekly")

    def boom(*args, **kwargs):
        raise RuntimeError("máy in hỏng")

    monkeypatch.setattr(exporter, "build", boom)
    params = params_clean(kind="weekly", campaign=c, fmt="pdf")
    record = export_generate_now(user=world.centre, campaign=c, params=params)
    assert record.status == ExportStatus.FAILED
    assert "máy in hỏng" in record.error and not record.file and not record.sha256
    client.force_login(world.centre)
    assert client.get(f"/bao-cao/van-ban/{record.pk}/tai-ve/").status_code == 404
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bao-cao/van-ban/{record.pk}/tao-lai/")
    new = ExportRecord.objects.exclude(pk=record.pk).get()
    assert response.status_code == 302 and new.status == ExportStatus.DONE
    record.refresh_from_db()
    assert record.status == ExportStatus.FAILED  # the old record stays as it was


def test_running_a_record_twice_renders_it_once(world, campaign):
    c, _ = campaign
    params = params_clean(kind="tasks", campaign=c, fmt="xlsx")
    record = export_generate_now(user=world.centre, campaign=c, params=params)
    name, digest = record.file.name, record.sha256
    again = export_run(record_id=record.pk)
    assert again.file.name == name and again.sha256 == digest and again.status == ExportStatus.DONE


# --- command line -------------------------------------------------------------------------------


def test_export_report_command_writes_the_file_and_archives_it(world, campaign, tmp_path):
    c, _ = campaign
    out = tmp_path / "q1.xlsx"
    call_command("export_report", "quarterly", "PUSH", "--format", "xlsx", "--output", str(out), "--quarter", "2026-Q1")
    record = ExportRecord.objects.get()
    assert hashlib.sha256(out.read_bytes()).hexdigest() == record.sha256
    assert record.parameters["quarter"] == "2026-Q1" and record.kind == "quarterly"


def test_export_report_command_refuses_a_quarter_outside_the_campaign(world, campaign, tmp_path):
    with pytest.raises(CommandError, match="nằm ngoài"):
        call_command(
            "export_report",
            "quarterly",
            "PUSH",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
            "--quarter",
            "2030-Q1",
        )
    assert not (tmp_path / "x.pdf").exists()


def test_a_mau02_note_starting_with_equals_is_text_in_the_xlsx(world, campaign):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from campaigns.models import Period
    from households.models import SurveyRound, VillageReturn

    c, _ = campaign
    period = Period.objects.create(
        campaign=c,
        cadence="survey",
        label="Rà soát",
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        deadline=datetime(2026, 2, 5, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    sr = SurveyRound.objects.create(
        campaign=c,
        period=period,
        title="Rà soát",
        window_start=period.start,
        window_end=period.end,
        due_date=period.end,
    )
    figures = dict(so_ho=10, so_khau=40, co_vneid=30, chua_vneid=10, hs_truc_tuyen=5, hs_kq_dien_tu=4, ho_danh_gia=8)
    VillageReturn.objects.create(survey_round=sr, village=world.a1_v1, status="submitted", ghi_chu="=1+1", **figures)
    _, content = generate(world, c, "mau_02", "xlsx")
    cells = [cell for row in workbook(content).worksheets[0].iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and all(cell.data_type == "s" for cell in cells)
