"""The /thi-dua/ pages: who sees what; the page says which must-pass criterion is missing."""

import pytest

from emulation.models import CandidateDecision
from org.models import Role
from tests.factories import UnitFactory, member


def test_unit_page_says_which_must_pass_is_missing(emu, client):
    client.force_login(emu.w.centre)
    r = client.get(f"/thi-dua/{emu.campaign.pk}/don-vi/{emu.ca.pk}/?ky=2026")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Chưa đủ điều kiện đề nghị khen thưởng" in html and "“QH – Tiêu chuẩn QH”" in html
    r = client.get(f"/thi-dua/{emu.campaign.pk}/khen-thuong/?nam=2026")
    html = r.content.decode()
    assert f'data-subject="u{emu.ca.pk}">' in html and "chưa đạt tiêu chuẩn bắt buộc “QH" in html


def test_results_page_scores(emu, client):
    client.force_login(emu.w.leader)
    html = client.get(f"/thi-dua/{emu.campaign.pk}/?ky=2026").content.decode()
    assert "5,00/5,00" in html and "3,50/5,00" in html and "+1,50 điểm" in html
    assert "Không đúng" not in html


def test_bad_window_is_shown(emu, client):
    client.force_login(emu.w.centre)
    html = client.get(f"/thi-dua/{emu.campaign.pk}/?ky=2031-Q5").content.decode()
    assert "không đúng dạng" in html


def test_unit_staff_sees_only_its_own(emu, client):
    client.force_login(emu.w.staff)  # staff of VP
    html = client.get(f"/thi-dua/{emu.campaign.pk}/?ky=2026").content.decode()
    assert emu.vp.name in html and f'data-subject="u{emu.ca.pk}"' not in html
    assert client.get(f"/thi-dua/{emu.campaign.pk}/don-vi/{emu.ca.pk}/").status_code == 404
    assert client.get(f"/thi-dua/{emu.campaign.pk}/don-vi/{emu.vp.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["province", "leader", "centre", "superuser"])
def test_readers(emu, client, who):
    client.force_login(getattr(emu.w, who))
    assert client.get(f"/thi-dua/{emu.campaign.pk}/").status_code == 200


def test_other_commune_gets_404(emu, client):
    other_centre = member(Role.CENTRE, commune=emu.w.a2)
    client.force_login(other_centre)
    for url in ("", "khen-thuong/", "tieu-chi/", "can-bo/", f"don-vi/{emu.vp.pk}/", f"ca-nhan/{emu.o1.pk}/"):
        assert client.get(f"/thi-dua/{emu.campaign.pk}/{url}").status_code == 404, url
    r = client.post(
        f"/thi-dua/{emu.campaign.pk}/khen-thuong/",
        {"nam": "2026", "subject": f"u{emu.vp.pk}", "status": "confirmed", "award": "giay_khen", "version": "0"},
    )
    assert r.status_code == 404 and not CandidateDecision.objects.exists()
    # the centre of a1 guessing a unit of another commune
    client.force_login(emu.w.centre)
    foreign = UnitFactory(commune=emu.w.b1)
    assert client.get(f"/thi-dua/{emu.campaign.pk}/don-vi/{foreign.pk}/").status_code == 404


def test_centre_confirms_and_removes(emu, client):
    client.force_login(emu.w.centre)
    url = f"/thi-dua/{emu.campaign.pk}/khen-thuong/"
    client.post(
        url, {"nam": "2026", "subject": f"u{emu.vp.pk}", "status": "confirmed", "award": "cap_tren", "version": "0"}
    )
    d = CandidateDecision.objects.get()
    assert (d.status, d.award, d.unit_id) == ("confirmed", "cap_tren", emu.vp.pk)
    r = client.post(
        url,
        {
            "nam": "2026",
            "subject": f"u{emu.vp.pk}",
            "status": "removed",
            "award": "cap_tren",
            "reason": "",
            "version": "1",
        },
        follow=True,
    )
    assert "ghi lý do" in r.content.decode()
    client.post(
        url,
        {
            "nam": "2026",
            "subject": f"u{emu.vp.pk}",
            "status": "removed",
            "award": "cap_tren",
            "reason": "Đã khen đột xuất",
            "version": "1",
        },
    )
    d.refresh_from_db()
    assert (d.status, d.reason, d.version) == ("removed", "Đã khen đột xuất", 2)


def test_get_changes_nothing_and_forms_for_centre_only(emu, client):
    client.force_login(emu.w.leader)
    html = client.get(f"/thi-dua/{emu.campaign.pk}/tieu-chi/").content.decode()
    assert "Thêm tiêu chuẩn" not in html
    assert client.post(f"/thi-dua/{emu.campaign.pk}/tieu-chi/", {"code": "Z"}).status_code == 403
    assert client.get(f"/thi-dua/{emu.campaign.pk}/xac-nhan/").status_code == 405
    client.force_login(emu.w.centre)
    assert "Thêm tiêu chuẩn" in client.get(f"/thi-dua/{emu.campaign.pk}/tieu-chi/").content.decode()
    r = client.post(
        f"/thi-dua/{emu.campaign.pk}/can-bo/",
        {"unit": emu.vp.pk, "name": "Lê Văn Cường", "position": "Công chức"},
        follow=True,
    )
    assert "Lê Văn Cường" in r.content.decode()


@pytest.mark.parametrize("query", ["?ky=0000", "?ky=9999-Q4", "khen-thuong/?nam=10000", "khen-thuong/?nam=99999999999"])
def test_a_year_beyond_the_calendar_is_refused_not_a_500(emu, client, query):
    client.force_login(emu.w.centre)
    r = client.get(f"/thi-dua/{emu.campaign.pk}/{query}")
    assert r.status_code in (200, 400) and "không hợp lệ" in r.content.decode()
