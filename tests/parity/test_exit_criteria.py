"""Exit criteria and the exit itself: the campaign page, the API and the admin record the same state
and refuse alike; moving to monitoring with criteria needs a confirmation at every door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Campaign, ExitCriterion, Membership
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


def campaign_with_criteria():
    campaign = f.CampaignFactory(slug="nk-2020", status=Campaign.Status.ACTIVE)
    coordinator = f.UserFactory(username="lead")
    f.MembershipFactory(campaign=campaign, user=coordinator, role=Membership.Role.COORDINATOR)
    holds = f.ExitCriterionFactory(campaign=campaign, text="The ceasefire holds for three months", position=1)
    f.ExitCriterionFactory(campaign=campaign, text="Prisoners are exchanged", position=2,
                           state=ExitCriterion.State.MET, evidence="Exchange of 14 December")  # fmt: skip
    return {"campaign": campaign, "coordinator": coordinator, "criterion": holds}


def set_state(state, evidence="", on=None):
    on = on or timezone.localdate()

    def ui(data):
        prefix = f"exit-{data['criterion'].pk}"
        body = {f"{prefix}-state": state, f"{prefix}-evidence": evidence, f"{prefix}-state_on": on.isoformat()}
        url = f"/campaigns/nk-2020/exit-criteria/{data['criterion'].pk}/state"
        return ui_outcome(ui_client(data["coordinator"]).post(url, body))

    def api(data):
        url = f"/api/v1/exit-criteria/{data['criterion'].pk}/set-state/"
        body = {"state": state, "evidence": evidence, "state_on": on.isoformat()}
        return api_outcome(api_client(data["coordinator"]).post(url, body))

    def admin(data):
        client = admin_client(data["coordinator"])
        return admin_action(client, ExitCriterion, "set_state", [data["criterion"]], state=state, evidence=evidence,
                            evidence_url="", state_on=on.isoformat())  # fmt: skip

    return {"ui": ui, "api": api, "admin": admin}


def test_marking_a_criterion_met_records_the_same_state_evidence_and_date_at_every_door():
    on = timezone.localdate() - dt.timedelta(days=3)
    results = each_door(campaign_with_criteria, set_state("met", "No violation reported for 90 days", on))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok
    row = next(r for r in after["campaigns.exitcriterion"] if "three months" in r)
    for fact in ("('state', 'met')", "('evidence', 'No violation reported for 90 days')", f"('state_on', {on!r})",
                 "('updated_by', 'campaigns.user:lead')"):  # fmt: skip
        assert fact in row


def test_met_without_evidence_is_refused_by_every_door_with_the_same_reason():
    results = each_door(campaign_with_criteria, set_state("partly"))
    assert_same(results)
    assert results["api"][0].refused == "Say what shows it: the quarterly update cites this evidence."


def test_a_date_in_the_future_is_refused_by_every_door():
    results = each_door(campaign_with_criteria, set_state("met", "Held", timezone.localdate() + dt.timedelta(days=2)))
    assert_same(results)
    assert results["admin"][0].refused == "The date cannot be in the future."


def to_monitoring(confirm: bool):
    def ui(data):
        body = {"to_status": "monitoring", "note": "Ceasefire signed", **({"confirm_exit": "on"} if confirm else {})}
        return ui_outcome(ui_client(data["coordinator"]).post("/campaigns/nk-2020/status", body, follow=True))

    def api(data):
        body = {"status": "monitoring", "note": "Ceasefire signed", "confirm_exit": confirm}
        return api_outcome(
            api_client(data["coordinator"]).post(f"/api/v1/campaigns/{data['campaign'].pk}/change-status/", body)
        )

    def admin(data):
        client = admin_client(data["coordinator"])
        form = {"status": "monitoring", "note": "Ceasefire signed", **({"confirm_exit": "on"} if confirm else {})}
        return admin_action(client, Campaign, "change_status", [data["campaign"]], **form)

    return {"ui": ui, "api": api, "admin": admin}


def test_moving_to_monitoring_unconfirmed_shows_the_criteria_and_changes_nothing_at_every_door():
    results = each_door(campaign_with_criteria, to_monitoring(confirm=False))
    assert_same(results)
    assert results["ui"][0].refused == (
        "Check the exit criteria before moving the campaign to monitoring (1 of 2 met), then confirm."
    )


def test_a_confirmed_move_to_monitoring_records_the_criteria_as_they_were_at_every_door():
    results = each_door(campaign_with_criteria, to_monitoring(confirm=True))
    assert_same(results)
    outcome, _before, after = results["api"]
    (change,) = after["campaigns.campaignstatuschange"]
    assert outcome.ok and "('exit_check', '1 of 2 met')" in change
