"""A campaign's status moves through the campaign page, the API and the admin alike, and is refused alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Membership
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    form_outcome,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def running_campaign():
    campaign = f.CampaignFactory(slug="nk-2020", status=Campaign.Status.ACTIVE)
    coordinator = f.UserFactory(username="lead")
    f.MembershipFactory(campaign=campaign, user=coordinator, role=Membership.Role.COORDINATOR)
    return {"campaign": campaign, "coordinator": coordinator}


def campaign_launching_next_month():
    data = running_campaign()
    data["campaign"].status = Campaign.Status.DRAFT
    data["campaign"].launched_on = timezone.localdate() + dt.timedelta(days=30)
    data["campaign"].save()
    return data


def change_status(to_status, note=""):
    def ui(data):
        url = f"/campaigns/{data['campaign'].slug}/status"
        client = ui_client(data["coordinator"])
        return ui_outcome(client.post(url, {"to_status": to_status, "note": note}, follow=True))

    def api(data):
        url = f"/api/v1/campaigns/{data['campaign'].pk}/change-status/"
        return api_outcome(api_client(data["coordinator"]).post(url, {"status": to_status, "note": note}))

    def admin(data):
        client = admin_client(data["coordinator"])
        if to_status not in Campaign.Status.values:
            url = "/admin/campaigns/campaign/"
            form = {"status": to_status, "note": note, "apply": "1"}
            body = {"action": "change_status", "_selected_action": [data["campaign"].pk], **form}
            return form_outcome(client.post(url, body))
        return admin_action(client, Campaign, "change_status", [data["campaign"]], status=to_status, note=note)

    return {"ui": ui, "api": api, "admin": admin}


def test_moving_to_monitoring_leaves_the_same_history_whatever_the_door():
    results = each_door(running_campaign, change_status("monitoring", note="The ceasefire holds"))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok
    (history,) = after["campaigns.campaignstatuschange"]
    for fact in ("('changed_by', 'campaigns.user:lead')", "('from_status', 'active')", "('to_status', 'monitoring')"):
        assert fact in history


def test_closing_and_reopening_set_and_clear_the_closed_date_at_every_door():
    results = each_door(running_campaign, change_status("closed"))
    assert_same(results)
    assert f"('closed_on', {timezone.localdate()!r})" in results["ui"][2]["campaigns.campaign"][0]

    def closed_campaign():
        data = running_campaign()
        data["campaign"].status, data["campaign"].closed_on = Campaign.Status.CLOSED, dt.date(2021, 1, 31)
        data["campaign"].save()
        return data

    results = each_door(closed_campaign, change_status("monitoring", note="Fighting resumed"))
    assert_same(results)
    assert "('closed_on', None)" in results["admin"][2]["campaigns.campaign"][0]


def test_closing_before_the_launch_date_is_refused_by_every_door_with_the_same_reason():
    # Before: the campaign page and the admin failed with a server error (a database constraint).
    results = each_door(campaign_launching_next_month, change_status("closed"))
    assert_same(results)
    assert results["ui"][0].refused == "A campaign cannot close before it launched."


def test_an_unknown_status_is_refused_by_every_door_with_the_same_reason():
    results = each_door(running_campaign, change_status("exploded"))
    assert_same(results)
    assert results["admin"][0].refused == "There is no such campaign status."
