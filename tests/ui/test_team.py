"""Coordinators manage the campaign team from the campaign page."""

from __future__ import annotations

import pytest

from campaigns.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    campaign = f.CampaignFactory(slug="nk")
    coordinator = f.MembershipFactory(campaign=campaign, role="coordinator").user
    staff = f.MembershipFactory(campaign=campaign, role="staff").user
    return campaign, coordinator, staff


def role_of(user, campaign):
    return Membership.objects.filter(user=user, campaign=campaign).values_list("role", flat=True).first()


def test_coordinator_adds_changes_and_removes_members(client, team):
    campaign, coordinator, staff = team
    newcomer = f.UserFactory(username="newcomer")
    client.force_login(coordinator)
    page = client.get("/campaigns/nk/").content.decode()
    assert "Add to the team" in page and f"Remove {staff}" in page
    response = client.post("/campaigns/nk/team", {"user": newcomer.pk, "role": "viewer"})
    assert response.status_code == 302 and role_of(newcomer, campaign) == "viewer"
    client.post("/campaigns/nk/team", {"user": newcomer.pk, "role": "staff"})
    assert role_of(newcomer, campaign) == "staff"
    client.post(f"/campaigns/nk/team/{newcomer.pk}/remove")
    assert role_of(newcomer, campaign) is None


def test_the_last_coordinator_cannot_leave_or_step_down(client, team):
    campaign, coordinator, _staff = team
    client.force_login(coordinator)
    page = client.post(f"/campaigns/nk/team/{coordinator.pk}/remove", follow=True).content.decode()
    assert "A campaign keeps at least one coordinator." in page
    client.post("/campaigns/nk/team", {"user": coordinator.pk, "role": "viewer"})
    assert role_of(coordinator, campaign) == "coordinator"


def test_staff_and_outsiders_cannot_change_the_team(client, team):
    campaign, _coordinator, staff = team
    outsider = f.UserFactory()
    client.force_login(staff)
    assert "Add to the team" not in client.get("/campaigns/nk/").content.decode()
    assert client.post("/campaigns/nk/team", {"user": outsider.pk, "role": "coordinator"}).status_code == 403
    client.force_login(outsider)
    assert client.post("/campaigns/nk/team", {"user": outsider.pk, "role": "coordinator"}).status_code == 404
    assert role_of(outsider, campaign) is None


def test_bad_input_says_so_and_changes_nothing(client, team):
    campaign, coordinator, staff = team
    client.force_login(coordinator)
    page = client.post("/campaigns/nk/team", {"user": 999999, "role": "staff"}, follow=True).content.decode()
    assert "Choose a person from the list." in page
    client.post("/campaigns/nk/team", {"user": staff.pk, "role": "owner"})
    assert role_of(staff, campaign) == "staff"
    assert client.post("/campaigns/nk/team/999999/remove").status_code == 404
