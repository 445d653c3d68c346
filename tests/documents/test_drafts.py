"""Drafted, issued, sent (issue #16, items 1–2): a draft prefilled from the commune's defaults
and the engine's figures, edited in the browser, previewed, issued once into the archive,
marked sent with a signed scan checked by its content; the province reads what was sent."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign
from documents.drafts import SCAN_MAX_BYTES, draft_create, draft_issue, draft_mark_sent, draft_update, draft_version
from documents.exporters import ExportError
from documents.models import DocumentDefaults, DocumentDraft, DraftStatus, ExportRecord
from documents.services import params_clean, record_file_bytes

from .helpers import pdf_text_raw, pdf_text_stream, workbook

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF_SCAN = b"%PDF-1.4\n%signed\n"


def quarterly_draft(world, c, **kw):
    params = params_clean(kind="quarterly", campaign=c, fmt="pdf", quarter="2026-Q1")
    return draft_create(user=world.centre, campaign=c, params=params)


def complete(draft, **extra):
    sections = {k: v or f"Nội dung mục {k}." for k, v in draft.narratives.items()}
    return draft_update(
        draft=draft, expected_version=draft_version(draft), data={"number": "15", "narratives": sections, **extra}
    )


def test_a_draft_is_prefilled_from_the_communes_defaults_and_the_engines_figures(world, campaign):
    c, _ = campaign
    DocumentDefaults.objects.create(commune=c.commune, recipients="- Sở Nội vụ tỉnh (b/c);\n- Lưu: VT.")
    draft = quarterly_draft(world, c)
    assert draft.recipient_lines == ["- Sở Nội vụ tỉnh (b/c);", "- Lưu: VT."]
    assert (draft.signer_authority, draft.signer_title, draft.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn Ký",
    )
    # Q1 2026: (92 + 45) / (100 + 60) = 85,625 % against ≥ 92 %: 6,38 points short
    # each fact once: the count of targets met under the results, the missed one's figure and
    # gap under the shortcomings, the plan names the target (not the figure again)
    assert "đạt 0/1 chỉ tiêu được giao" in draft.narratives["ket_qua"]
    assert "137/160, đạt 85,63%, thấp hơn chỉ tiêu 6,38 điểm phần trăm" in draft.narratives["ton_tai"]
    assert sum(text.count("137/160") for text in draft.narratives.values()) == 1
    assert "đạt ≥ 92,00%" in draft.narratives["phuong_huong"]


def test_edit_preview_issue_once_and_send_with_a_scan_through_the_pages(
    client, world, campaign, django_capture_on_commit_callbacks
):
    c, _ = campaign
    client.force_login(world.centre)
    response = client.post(
        reverse("documents:document_request"),
        {"campaign": c.pk, "kind": "quarterly", "fmt": "pdf", "quarter": "2026-Q1", "number": "", "draft": "1"},
    )
    draft = DocumentDraft.objects.get()
    assert response.url == reverse("documents:draft_detail", args=[draft.pk])
    url = reverse("documents:draft_detail", args=[draft.pk])
    # saved as it is typed
    typed = {"n_nguyen_nhan": "Đường truyền Internet ở các xóm còn yếu.", "version": draft_version(draft)}
    r = client.post(url, typed, HTTP_X_AUTOSAVE="1")
    assert r.json()["saved"] is True
    draft.refresh_from_db()
    assert r.json()["version"] == draft_version(draft)
    preview = client.get(reverse("documents:draft_preview", args=[draft.pk]))
    assert preview["Content-Type"] == "application/pdf"
    assert "Đường truyền Internet ở các xóm còn yếu." in pdf_text_raw(preview.content)
    assert ExportRecord.objects.count() == 0  # a preview is not archived
    # an empty required field: not issued, nothing archived
    client.post(reverse("documents:draft_issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and ExportRecord.objects.count() == 0
    sections = {f"n_{k}": v or "Không." for k, v in draft.narratives.items()}
    client.post(url, {"number": "15", "version": draft_version(draft), **sections})
    # issuing queues the two files and returns at once: the page shows their progress
    with django_capture_on_commit_callbacks(execute=False) as queued:
        r = client.post(reverse("documents:draft_issue", args=[draft.pk]))
        client.post(reverse("documents:draft_issue", args=[draft.pk]))  # twice: one issue
    assert r.status_code == 302 and len(queued) == 2 and ExportRecord.objects.count() == 2
    page = client.get(url).content.decode()
    assert "Đang ban hành" in page and 'id="issue-refresh"' in page and "0%" in page
    status = client.get(reverse("documents:draft_status", args=[draft.pk])).json()
    assert status["status"] == "issuing" and [(f["fmt"], f["status"]) for f in status["files"]] == [
        ("pdf", "queued"),
        ("xlsx", "queued"),
    ]
    assert client.post(url, {"n_ket_qua": "sửa khi đang ban hành"}, HTTP_X_AUTOSAVE="1").status_code == 400
    for send in queued:  # the broker delivers the two jobs (eager here): both done → issued
        send()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED and ExportRecord.objects.count() == 2
    status = client.get(reverse("documents:draft_status", args=[draft.pk])).json()
    assert status["status"] == "issued" and [f["progress"] for f in status["files"]] == [100, 100]
    pdf = record_file_bytes(draft.pdf_record)
    assert hashlib.sha256(pdf).hexdigest() == draft.pdf_record.sha256
    text = pdf_text_stream(pdf)
    assert "(Chưa có nội dung.)" not in text and "Số: 15/BC-UBND" in text
    assert "Đường truyền Internet ở các xóm còn yếu." in text
    # sent, with the signed scan
    client.post(
        reverse("documents:draft_sent", args=[draft.pk]),
        {
            "sent_on": "2026-04-05",
            "outgoing_number": "215/UBND-VP",
            "sent_to": "UBND tỉnh",
            "scan": SimpleUploadedFile("ban-ky.pdf", PDF_SCAN, content_type="application/pdf"),
        },
    )
    draft.refresh_from_db()
    assert (draft.status, draft.sent_on, draft.outgoing_number) == (DraftStatus.SENT, date(2026, 4, 5), "215/UBND-VP")
    assert draft.scan_sha256 == hashlib.sha256(PDF_SCAN).hexdigest()
    page = client.get(reverse("documents:documents")).content.decode()
    assert "215/UBND-VP" in page and draft.pdf_record.sha256[:12] in page
    # the province reads what was sent to it, the same bytes
    client.force_login(world.province)
    assert "215/UBND-VP" in client.get(reverse("documents:documents")).content.decode()
    download = client.get(reverse("documents:document_download", args=[draft.pdf_record.pk]))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == draft.pdf_record.sha256
    assert client.get(url).status_code == 200


def test_the_province_does_not_see_a_draft_not_yet_sent_and_another_commune_gets_404(client, world, campaign):
    c, _ = campaign
    draft = quarterly_draft(world, c)
    client.force_login(world.province)
    assert client.get(reverse("documents:draft_detail", args=[draft.pk])).status_code == 404
    other = Campaign.objects.create(
        commune=world.a2, code="A2", title="Kế hoạch xã khác", start=c.start, end=c.end, status="active"
    )
    foreign = draft_create(user=None, campaign=other, params=params_clean(kind="tasks", campaign=other, fmt="pdf"))
    client.force_login(world.centre)
    for name in ("draft_detail", "draft_preview", "draft_scan"):
        assert client.get(reverse(f"documents:{name}", args=[foreign.pk])).status_code == 404, name
    assert client.post(reverse("documents:draft_issue", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("documents:draft_detail", args=[foreign.pk]), {"number": "1"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.number == "" and foreign.status == DraftStatus.DRAFT


def test_a_scan_that_is_not_a_pdf_or_image_or_too_large_is_refused(world, campaign):
    c, _ = campaign
    draft = complete(quarterly_draft(world, c))
    draft = draft_issue(user=world.centre, draft=draft)
    sent = {
        "user": world.centre,
        "draft": draft,
        "sent_on": date(2026, 4, 5),
        "outgoing_number": "1",
        "sent_to": "Tỉnh",
    }
    for upload in (
        SimpleUploadedFile("ban-ky.pdf", b"MZ\x90\0 not a pdf", content_type="application/pdf"),  # named .pdf
        SimpleUploadedFile("ban-ky.png", PDF_SCAN, content_type="image/png"),  # a PDF named .png
        SimpleUploadedFile("ban-ky.pdf", b"%PDF-" + b"0" * SCAN_MAX_BYTES, content_type="application/pdf"),
    ):
        with pytest.raises(ExportError):
            draft_mark_sent(**sent, scan=upload)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED and not draft.scan
    draft = draft_mark_sent(**sent, scan=SimpleUploadedFile("scan.png", PNG, content_type="image/png"))
    assert draft.scan_content_type == "image/png"


def test_an_issued_draft_is_frozen_and_issuing_twice_makes_one_archive_row(world, campaign):
    c, _ = campaign
    draft = draft_issue(user=world.centre, draft=complete(quarterly_draft(world, c)))
    again = draft_issue(user=world.centre, draft=draft)
    assert ExportRecord.objects.filter(fmt="pdf").count() == 1 and ExportRecord.objects.filter(fmt="xlsx").count() == 1
    assert again.pdf_record_id == draft.pdf_record_id
    with pytest.raises(ExportError):
        draft_update(draft=again, expected_version=draft_version(again), data={"number": "99"})


def test_a_section_starting_with_a_formula_sign_is_text_in_the_issued_workbook(world, campaign):
    c, _ = campaign
    draft = quarterly_draft(world, c)
    draft = complete(draft)
    narratives = dict(draft.narratives, kien_nghi='=HYPERLINK("http://x")\n+1\n-2\n@SUM(A1)')
    draft = draft_issue(
        user=world.centre,
        draft=draft_update(draft=draft, expected_version=draft_version(draft), data={"narratives": narratives}),
    )
    wb = workbook(record_file_bytes(draft.xlsx_record))
    cells = {cell.value: cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value}
    for text in ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"):
        assert cells[text].data_type == "s", text


def test_a_late_autosave_of_the_page_read_before_issuing_does_not_reopen_the_document(world, campaign):
    """The page read the draft, the centre issued it, then the page's autosave arrives with the
    copy it read: refused, and the document stays issued with its one archive pair."""
    c, _ = campaign
    stale = complete(quarterly_draft(world, c))
    issued = draft_issue(user=world.centre, draft=DocumentDraft.objects.get(pk=stale.pk))
    with pytest.raises(ExportError):
        draft_update(draft=stale, expected_version=draft_version(stale), data={"number": "99"})
    fresh = DocumentDraft.objects.get(pk=stale.pk)
    assert fresh.status == DraftStatus.ISSUED and fresh.pdf_record_id == issued.pdf_record_id
    assert ExportRecord.objects.filter(fmt="pdf").count() == 1


def test_a_document_marked_sent_cannot_be_marked_sent_again(world, campaign):
    c, _ = campaign
    draft = draft_issue(user=world.centre, draft=complete(quarterly_draft(world, c)))
    sent = draft_mark_sent(
        user=world.centre, draft=draft, sent_on=date(2026, 4, 3), outgoing_number="12/BC-UBND", sent_to="UBND tỉnh"
    )
    with pytest.raises(ExportError):
        draft_mark_sent(
            user=world.centre, draft=sent, sent_on=date(2026, 4, 9), outgoing_number="99/BC-UBND", sent_to="Khác"
        )
    kept = DocumentDraft.objects.get(pk=draft.pk)
    assert (kept.sent_on, kept.outgoing_number, kept.sent_to) == (date(2026, 4, 3), "12/BC-UBND", "UBND tỉnh")


def test_the_province_gets_an_issued_document_only_once_it_is_sent(client, world, campaign):
    """Issued but not sent: the province neither lists nor downloads its files (404, like a
    missing id); the centre does. Marked sent: the province downloads the same PDF."""
    c, _ = campaign
    draft = draft_issue(user=world.centre, draft=complete(quarterly_draft(world, c)))
    url = reverse("documents:document_download", args=[draft.pdf_record.pk])
    client.force_login(world.province)
    assert client.get(url).status_code == 404
    listed = client.get(reverse("documents:documents")).content.decode()
    assert draft.pdf_record.sha256[:12] not in listed
    client.force_login(world.centre)
    assert client.get(url).status_code == 200
    draft_mark_sent(
        user=world.centre, draft=draft, sent_on=date(2026, 4, 3), outgoing_number="12/BC", sent_to="UBND tỉnh"
    )
    client.force_login(world.province)
    download = client.get(url)
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == draft.pdf_record.sha256


def test_an_autosave_from_a_page_read_before_someone_else_saved_is_refused_and_writes_nothing(client, world, campaign):
    """Two pages open on one draft: the first saves; the second's autosave still carries the
    version it read → 409 with the Vietnamese message and the draft's version now, nothing
    written; with that version (after reloading) it saves."""
    c, _ = campaign
    draft = quarterly_draft(world, c)
    read = draft_version(draft)
    client.force_login(world.centre)
    url = reverse("documents:draft_detail", args=[draft.pk])
    first = client.post(url, {"number": "15", "version": read}, HTTP_X_AUTOSAVE="1")
    assert first.status_code == 200 and first.json()["saved"] is True
    second = client.post(url, {"number": "99", "n_kien_nghi": "Đè lên", "version": read}, HTTP_X_AUTOSAVE="1")
    assert second.status_code == 409
    body = second.json()
    assert body["saved"] is False
    assert body["error"].startswith(
        "Dự thảo vừa được người khác sửa sau khi bạn mở trang; phần bạn vừa gõ chưa được lưu."
    )
    draft.refresh_from_db()
    assert (draft.number, body["version"]) == ("15", first.json()["version"])
    assert draft.narratives["kien_nghi"] != "Đè lên"
    again = client.post(url, {"number": "16", "version": body["version"]}, HTTP_X_AUTOSAVE="1")
    assert again.json()["saved"] is True
    draft.refresh_from_db()
    assert draft.number == "16"
    # without a version (an old page, a hand-made request): refused the same way
    assert client.post(url, {"number": "17"}, HTTP_X_AUTOSAVE="1").status_code == 409
    # the form without JavaScript: the message, nothing saved
    page = client.post(url, {"number": "18", "version": read}, follow=True).content.decode()
    assert "phần bạn vừa gõ chưa được lưu" in page
    draft.refresh_from_db()
    assert draft.number == "16"
