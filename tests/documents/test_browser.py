"""Done-when of issue #16, in a real browser: the centre drafts a quarterly report, edits a
section (saved as it is typed), previews it, issues it, marks it sent with a signed scan (a
small PDF made here), and the province account downloads the issued PDF with the same SHA-256."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from tests.browser import login, screenshot

from .helpers import pdf_text_raw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-1"


def _scan_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Bản đã ký, đóng dấu – UBND xã Phú Lạc</p>").write_pdf()


def test_draft_edit_preview_issue_send_and_the_province_downloads_the_same_bytes(page, world, campaign):
    from documents.models import DocumentDraft, DraftStatus

    c, _ = campaign
    for user in (world.centre, world.province):
        user.set_password(PASSWORD)
        user.save()
    login(page, world.centre.username, PASSWORD)
    page.goto(f"{reverse('documents:documents')}?campaign={c.pk}&kind=quarterly")
    page.select_option("#id_quarter", "2026-Q1")
    page.click("button[name=draft]")
    page.wait_for_url("**/van-ban/du-thao/*/")
    draft = DocumentDraft.objects.get()
    # prefilled from the engine: Q1 is (92 + 45) / (100 + 60) = 85,63 % against ≥ 92 %
    assert "137/160, đạt 85,63%" in page.input_value("#f-ton_tai")
    page.fill("#f-number", "15")
    page.fill("#f-nguyen_nhan", "Đường truyền Internet ở các xóm còn yếu.")
    page.fill("#f-kien_nghi", "Đề nghị tỉnh hỗ trợ 02 máy quét tài liệu.")
    page.wait_for_function("document.getElementById('autosave-state').textContent === 'Đã lưu.'")
    draft.refresh_from_db()
    assert draft.narratives["kien_nghi"] == "Đề nghị tỉnh hỗ trợ 02 máy quét tài liệu." and draft.number == "15"
    preview = page.context.request.get(page.get_attribute("text=Xem trước PDF", "href"))
    assert preview.headers["content-type"] == "application/pdf"
    assert "Đề nghị tỉnh hỗ trợ 02 máy quét tài liệu." in pdf_text_raw(preview.body())
    screenshot(page, "documents_draft")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    page.wait_for_function("document.getElementById('draft-status').textContent.trim() === 'Đã ban hành'")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.ISSUED
    page.fill("#s-number", "215/UBND-VP")
    page.fill("#s-to", "UBND tỉnh")
    scan = _scan_pdf()
    page.set_input_files("#s-scan", files=[{"name": "ban-ky.pdf", "mimeType": "application/pdf", "buffer": scan}])
    page.get_by_role("button", name="Ghi nhận đã gửi").click()
    page.wait_for_function("document.getElementById('draft-status').textContent.trim() === 'Đã gửi'")
    draft.refresh_from_db()
    assert draft.outgoing_number == "215/UBND-VP" and draft.scan_sha256 == hashlib.sha256(scan).hexdigest()
    text = pdf_text_raw(draft.pdf_record.file.open("rb").read())
    assert "(Chưa có nội dung.)" not in text and "Đường truyền Internet ở các xóm còn yếu." in text
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, world.province.username, PASSWORD)
    page.goto(reverse("documents:documents"))
    assert "215/UBND-VP" in page.content()
    detail = reverse("documents:draft_detail", args=[draft.pk])
    page.click(f"#drafts a[href='{detail}']")
    with page.expect_download() as download:
        page.get_by_role("link", name="Bản PDF").click()
    body = open(download.value.path(), "rb").read()
    assert hashlib.sha256(body).hexdigest() == draft.pdf_record.sha256
    screenshot(page, "documents_sent_province")
