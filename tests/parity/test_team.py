"""Team changes through the staff UI, the API and the admin leave the same rows, and the same refusals."""

from __future__ import annotations

import pytest

from campaigns.models import Membership
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def one_coordinator_team():
    campaign = f.CampaignFactory(slug="nk-2020")
    coordinator = f.UserFactory(username="lead")
    staff = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=coordinator, role=Membership.Role.COORDINATOR)
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    return {"campaign": campaign, "coordinator": coordinator, "staff": staff}


def membership(data, user):
    return Membership.objects.get(campaign=data["campaign"], user=data[user])


def remove(user):
    def ui(data):
        url = f"/campaigns/{data['campaign'].slug}/team/{data[user].pk}/remove"
        return ui_outcome(ui_client(data["coordinator"]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data["coordinator"]).delete(f"/api/v1/memberships/{membership(data, user).pk}/"))

    def admin(data):
        return admin_action(admin_client(data["coordinator"]), Membership, "remove_from_team", [membership(data, user)])

    return {"ui": ui, "api": api, "admin": admin}


def set_role(user, role):
    def ui(data):
        url = f"/campaigns/{data['campaign'].slug}/team"
        return ui_outcome(ui_client(data["coordinator"]).post(url, {"user": data[user].pk, "role": role}, follow=True))

    def api(data):
        pk = membership(data, user).pk
        return api_outcome(api_client(data["coordinator"]).patch(f"/api/v1/memberships/{pk}/", {"role": role}))

    def admin(data):
        client = admin_client(data["coordinator"])
        return admin_action(client, Membership, "change_role", [membership(data, user)], role=role)

    return {"ui": ui, "api": api, "admin": admin}


def test_removing_the_only_coordinator_is_refused_by_every_door_with_the_same_reason():
    results = each_door(one_coordinator_team, remove("coordinator"))
    assert_same(results)
    assert results["api"][0].refused == "A campaign keeps at least one coordinator."


def test_making_the_only_coordinator_a_viewer_is_refused_by_every_door():
    results = each_door(one_coordinator_team, set_role("coordinator", Membership.Role.VIEWER))
    assert_same(results)
    assert results["ui"][0].refused == "A campaign keeps at least one coordinator."


def test_removing_a_staff_member_leaves_the_same_team_whatever_the_door():
    results = each_door(one_coordinator_team, remove("staff"))
    assert_same(results)
    outcome, before, after = results["admin"]
    assert outcome.ok and len(after["campaigns.membership"]) == len(before["campaigns.membership"]) - 1


def test_promoting_a_staff_member_leaves_the_same_team_whatever_the_door():
    results = each_door(one_coordinator_team, set_role("staff", Membership.Role.COORDINATOR))
    assert_same(results)
    assert results["ui"][0].ok
