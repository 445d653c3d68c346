"""Who opens the set-up pages (issue 15): the commune's centre and superusers; a centre of
another commune guessing ids gets 404 and changes nothing; leaders and units never set up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.access import can_manage_account, can_set_up_commune
from org.models import AuditEntry, Membership, Role, Unit
from tests.factories import UserFactory, member
from tests.indicators.factories import ensure_catalogue

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def a1_campaign(setup_world):
    ensure_catalogue()
    from tests.campaigns.factories import CampaignFactory

    return CampaignFactory(commune=setup_world.a1, code="KH-A1")


def _a1_urls(w, campaign, account):
    return [
        reverse("setup_commune", args=[w.a1.pk]),
        reverse("setup_unit_create", args=[w.a1.pk]),
        reverse("setup_unit_edit", args=[w.a1_dept.pk]),
        reverse("setup_account_create", args=[w.a1.pk]),
        reverse("setup_account", args=[w.a1.pk, account.pk]),
        reverse("campaigns:setup_rules", args=[campaign.pk]),
        reverse("indicators:setup_elements", args=[campaign.pk]),
        reverse("indicators:setup_targets_upload", args=[campaign.pk]),
        reverse("indicators:setup_targets_template", args=[campaign.pk]),
        reverse("campaigns:setup_campaigns") + f"?xa={w.a1.pk}",
        reverse("campaigns:setup_create", args=[w.a1.pk]),
        reverse("campaigns:setup_edit", args=[campaign.pk]),
        reverse("indicators:setup_targets", args=[campaign.pk]),
    ]


def test_centre_of_another_commune_guessing_ids_gets_404_on_every_setup_page(setup_world, a1_campaign):
    w = setup_world
    client = client_for(w.centre_a2)
    for url in _a1_urls(w, a1_campaign, w.staff):
        assert client.get(url).status_code == 404, url


def test_posts_with_guessed_ids_change_nothing(setup_world, a1_campaign):
    w = setup_world
    client = client_for(w.centre_a2)
    posts = [
        (reverse("setup_commune", args=[w.a1.pk]), {"village_word": "ấp", "version": "x"}),
        (reverse("setup_unit_create", args=[w.a1.pk]), {"code": "NEW", "name": "Mới", "kind": "department"}),
        (reverse("setup_unit_edit", args=[w.a1_dept.pk]), {"code": "VP", "name": "Đổi tên", "kind": "department"}),
        (
            reverse("setup_account_create", args=[w.a1.pk]),
            {"username": "chiem", "full_name": "Chiếm", "role": "centre"},
        ),
        (reverse("setup_account", args=[w.a1.pk, w.staff.pk]), {"deactivate": "1"}),
        (reverse("campaigns:setup_rules", args=[a1_campaign.pk]), {"generate": "1"}),
        (reverse("indicators:setup_elements", args=[a1_campaign.pk]), {"ky": "monthly"}),
        (reverse("campaigns:setup_edit", args=[a1_campaign.pk]), {"code": "X", "title": "Chiếm"}),
        (reverse("indicators:setup_targets", args=[a1_campaign.pk]), {"t-TOTAL_FORMS": "0"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    w.a1.refresh_from_db()
    w.a1_dept.refresh_from_db()
    w.staff.refresh_from_db()
    assert w.a1.village_word == "xóm"
    assert w.a1_dept.name != "Đổi tên"
    assert not Unit.objects.filter(code="NEW").exists()
    assert w.staff.is_active
    assert not Membership.objects.filter(user__username="chiem").exists()
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("who", ["leader", "staff", "head", "province", "outsider"])
def test_no_one_but_the_centre_opens_the_commune_setup(setup_world, who):
    w = setup_world
    client = client_for(getattr(w, who))
    assert client.get(reverse("setup_commune", args=[w.a1.pk])).status_code == 404
    assert client.get(reverse("setup_unit_edit", args=[w.a1_dept.pk])).status_code == 404


def test_leader_reads_the_campaign_but_may_not_set_it_up(setup_world, a1_campaign):
    client = client_for(setup_world.leader)
    assert client.get(reverse("campaigns:setup_rules", args=[a1_campaign.pk])).status_code == 403
    assert client.get(reverse("indicators:setup_elements", args=[a1_campaign.pk])).status_code == 403


def test_own_centre_and_superuser_open_every_setup_page(setup_world, a1_campaign):
    w = setup_world
    for user in (w.centre, w.superuser):
        client = client_for(user)
        for url in _a1_urls(w, a1_campaign, w.staff):
            assert client.get(url).status_code == 200, (user.username, url)


def test_the_menu_links_the_setup_for_the_centre_only(setup_world):
    w = setup_world
    setup_url = reverse("setup_home")
    assert f'href="{setup_url}"' in client_for(w.centre).get("/").content.decode()
    assert f'href="{setup_url}"' not in client_for(w.leader).get("/").content.decode()
    assert client_for(w.centre).get(setup_url).url == reverse("setup_commune", args=[w.a1.pk])


def test_centre_never_takes_over_an_account_of_another_commune(setup_world):
    w = setup_world
    shared = member(Role.UNIT_STAFF, unit=w.a1_police)
    Membership.objects.create(user=shared, role=Role.UNIT_STAFF, unit=w.a2_police)
    admin_in_a1 = UserFactory(is_superuser=True)
    Membership.objects.create(user=admin_in_a1, role=Role.LEADERSHIP, commune=w.a1)
    assert can_manage_account(w.centre, account=w.staff, commune_id=w.a1.pk)
    assert not can_manage_account(w.centre, account=shared, commune_id=w.a1.pk)
    assert not can_manage_account(w.centre, account=admin_in_a1, commune_id=w.a1.pk)
    assert not can_manage_account(w.centre_a2, account=w.staff, commune_id=w.a1.pk)
    client = client_for(w.centre)
    assert client.get(reverse("setup_account", args=[w.a1.pk, shared.pk])).status_code == 404
    assert client.get(reverse("setup_account", args=[w.a1.pk, admin_in_a1.pk])).status_code == 404
    assert can_set_up_commune(w.superuser, commune_id=w.b1.pk)
