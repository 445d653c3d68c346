"""The documents pages: who may request, follow and download; the archive."""

from __future__ import annotations

import pytest

from documents.models import ExportRecord, ExportStatus

pytestmark = pytest.mark.django_db


def request_doc(client, campaign, **extra):
    data = {"campaign": campaign.pk, "kind": "tasks", "fmt": "xlsx", "period": "", "quarter": "", "number": ""}
    data.update(extra)
    return client.post("/bao-cao/van-ban/tao/", data)


def test_centre_requests_a_document_follows_it_and_downloads_it(
    world, campaign, client, django_capture_on_commit_callbacks
):
    c, _ = campaign
    client.force_login(world.centre)
    page = client.get("/bao-cao/van-ban/")
    assert page.status_code == 200 and "Tạo văn bản" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = request_doc(client, c)
    record = ExportRecord.objects.get()
    assert response.status_code == 302 and response.url == f"/bao-cao/van-ban/{record.pk}/"
    assert record.requested_by == world.centre and record.status == ExportStatus.DONE
    status = client.get(f"/bao-cao/van-ban/{record.pk}/trang-thai/").json()
    assert status["status"] == "done" and status["progress"] == 100 and status["sha256"] == record.sha256
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download["X-Content-SHA256"] == record.sha256
    archive = client.get("/bao-cao/van-ban/").content.decode()
    assert record.sha256[:12] in archive and "Mẫu biểu số 01" in archive


def test_quarterly_form_is_prefilled_and_the_edited_text_is_stored(
    world, campaign, client, django_capture_on_commit_callbacks
):
    from reporting.models import UnitReport

    c, periods = campaign
    UnitReport.objects.create(campaign=c, unit=world.a1_dept, period=periods[1], status="approved", proposals="Cấp máy")
    client.force_login(world.leader)
    page = client.get(f"/bao-cao/van-ban/?campaign={c.pk}&kind=quarterly&quarter=2026-Q1").content.decode()
    assert f"- {world.a1_dept.name}: Cấp máy" in page
    with django_capture_on_commit_callbacks(execute=True):
        request_doc(client, c, kind="quarterly", fmt="pdf", quarter="2026-Q1", n_kien_nghi="Cấp thêm 2 máy tính")
    record = ExportRecord.objects.get()
    assert record.parameters["narratives"]["kien_nghi"] == "Cấp thêm 2 máy tính"
    assert record.status == ExportStatus.DONE


def test_a_quarter_outside_the_campaign_gets_a_vietnamese_message_and_no_record(world, campaign, client):
    c, _ = campaign
    client.force_login(world.centre)
    response = request_doc(client, c, kind="quarterly", quarter="2030-Q1")
    assert response.status_code == 302
    assert not ExportRecord.objects.exists()
    follow = client.get(response.url).content.decode()
    assert "Chưa tạo được văn bản" in follow


@pytest.mark.parametrize("who", ["staff", "head", "outsider"])
def test_unit_staff_village_heads_and_outsiders_see_nothing(world, campaign, client, who):
    c, _ = campaign
    client.force_login(world.centre)
    from documents.services import export_generate_now, params_clean

    record = export_generate_now(
        user=world.centre, campaign=c, params=params_clean(kind="tasks", campaign=c, fmt="xlsx")
    )
    client.force_login(getattr(world, who))
    assert client.get("/bao-cao/van-ban/").status_code == 404
    assert client.get(f"/bao-cao/van-ban/{record.pk}/tai-ve/").status_code == 404
    assert client.get(f"/bao-cao/van-ban/{record.pk}/trang-thai/").status_code == 404
    assert request_doc(client, c).status_code == 404
    assert ExportRecord.objects.count() == 1


def test_province_reads_the_archive_but_cannot_generate(world, campaign, client):
    c, _ = campaign
    from documents.services import export_generate_now, params_clean

    record = export_generate_now(
        user=world.centre, campaign=c, params=params_clean(kind="tasks", campaign=c, fmt="xlsx")
    )
    client.force_login(world.province)
    page = client.get("/bao-cao/van-ban/").content.decode()
    assert record.sha256[:12] in page and "Tạo văn bản gửi tỉnh" not in page
    assert client.get(f"/bao-cao/van-ban/{record.pk}/tai-ve/").status_code == 200
    assert request_doc(client, c).status_code == 404
    assert client.post(f"/bao-cao/van-ban/{record.pk}/tao-lai/").status_code == 404


def test_archive_page_queries_do_not_grow_with_records(world, campaign, client, django_assert_max_num_queries):
    c, _ = campaign
    for _ in range(15):
        ExportRecord.objects.create(commune=c.commune, campaign=c, kind="weekly", fmt="pdf", requested_by=world.centre)
    client.force_login(world.centre)
    with django_assert_max_num_queries(15):
        assert client.get("/bao-cao/van-ban/").status_code == 200


def test_documents_pages_show_a_command_line_export(world, campaign, client, tmp_path):
    """An export made by `export_report` (no requesting user) is listed as "dòng lệnh", not a crash."""
    from django.core.management import call_command

    c, _ = campaign
    call_command("export_report", "tasks", c.code, "--format", "xlsx", "--output", str(tmp_path / "t.xlsx"))
    record = ExportRecord.objects.get()
    assert record.requested_by is None
    client.force_login(world.centre)
    for url in ("/bao-cao/van-ban/", f"/bao-cao/van-ban/{record.pk}/"):
        page = client.get(url)
        assert page.status_code == 200
        assert "dòng lệnh" in page.content.decode()


def test_export_period_accepts_the_vietnamese_date_form(world, campaign):
    from documents.services import params_clean

    c, _ = campaign
    first = c.periods.exclude(cadence="survey").order_by("start").first()
    params = params_clean(kind="weekly", campaign=c, fmt="pdf", period=first.start.strftime("%d/%m/%Y"))
    assert params.period_start == first.start


def test_a_document_being_generated_shows_its_percent_and_a_refresh_link_without_javascript(
    world, campaign, client, django_capture_on_commit_callbacks
):
    """Issue #16 item 5: the request returns at once; the page shows the state, a bar with its
    percent, and a plain link that reloads it; once done, the link to the file."""
    c, _ = campaign
    client.force_login(world.centre)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = request_doc(client, c)
    record = ExportRecord.objects.get()
    assert response.status_code == 302 and record.status == ExportStatus.QUEUED and len(queued) == 1
    ExportRecord.objects.filter(pk=record.pk).update(status=ExportStatus.RUNNING, progress=40)
    page = client.get(response.url).content.decode()
    assert 'aria-valuenow="40"' in page and '<span id="export-pct">40%</span>' in page
    assert f'href="/bao-cao/van-ban/{record.pk}/" id="export-refresh"' in page
    assert client.get(f"/bao-cao/van-ban/{record.pk}/trang-thai/").json()["progress"] == 40
    ExportRecord.objects.filter(pk=record.pk).update(status=ExportStatus.QUEUED, progress=0)
    queued[0]()  # the broker delivers the job
    page = client.get(response.url).content.decode()
    assert 'id="export-refresh"' not in page and f"/bao-cao/van-ban/{record.pk}/tai-ve/" in page
