"""Asks: their status (with its history), their evidence and deleting one, through the ask's page,
the API and the admin alike, refused alike."""

from __future__ import annotations

import pytest

from campaigns.models import Campaign, Evidence, Membership, Objective
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    admin_outcome,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    form_outcome,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def campaign_with_an_ask():
    campaign = f.CampaignFactory(slug="nk-2020", status=Campaign.Status.ACTIVE)
    coordinator = f.UserFactory(username="lead")
    f.MembershipFactory(campaign=campaign, user=coordinator, role=Membership.Role.COORDINATOR)
    objective = f.ObjectiveFactory(
        campaign=campaign, title="Humanitarian access", target="Warring parties", status=Objective.Status.IN_PROGRESS
    )
    placement = f.PlacementFactory(campaign=campaign, title="Two journalists on BBC World")
    other = f.CampaignFactory(slug="elsewhere")
    f.MembershipFactory(campaign=other, user=coordinator, role=Membership.Role.COORDINATOR)
    foreign = f.PlacementFactory(campaign=other, title="A piece of another campaign")
    return {"campaign": campaign, "coordinator": coordinator, "objective": objective, "placement": placement,
            "foreign": foreign}  # fmt: skip


def closed_campaign_with_an_ask():
    data = campaign_with_an_ask()
    Campaign.objects.filter(pk=data["campaign"].pk).update(status=Campaign.Status.CLOSED, closed_on="2021-01-31")
    return data


def ask_with_evidence():
    data = campaign_with_an_ask()
    f.EvidenceFactory(objective=data["objective"])
    return data


def change_status(to_status, note=""):
    def ui(data):
        url = f"/campaigns/nk-2020/asks/{data['objective'].pk}/status"
        return ui_outcome(ui_client(data["coordinator"]).post(url, {"to_status": to_status, "note": note}))

    def api(data):
        url = f"/api/v1/objectives/{data['objective'].pk}/change-status/"
        return api_outcome(api_client(data["coordinator"]).post(url, {"status": to_status, "note": note}))

    def admin(data):
        client = admin_client(data["coordinator"])
        if to_status not in Objective.Status.values:
            body = {"action": "change_status", "_selected_action": [data["objective"].pk], "status": to_status,
                    "note": note, "apply": "1"}  # fmt: skip
            return form_outcome(client.post("/admin/campaigns/objective/", body))
        return admin_action(client, Objective, "change_status", [data["objective"]], status=to_status, note=note)

    return {"ui": ui, "api": api, "admin": admin}


def test_an_ask_moved_to_advancing_leaves_the_same_history_whatever_the_door():
    results = each_door(campaign_with_an_ask, change_status("advancing", note="Paris raised it with both capitals"))
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok
    (history,) = after["campaigns.objectivestatuschange"]
    for fact in ("('changed_by', 'campaigns.user:lead')", "('from_status', 'in_progress')",
                 "('to_status', 'advancing')", "('note', 'Paris raised it with both capitals')"):  # fmt: skip
        assert fact in history


def test_an_ask_achieved_without_a_reason_is_refused_by_every_door_with_the_same_reason():
    results = each_door(campaign_with_an_ask, change_status("achieved"))
    assert_same(results)
    assert results["api"][0].refused == "Say why the ask is achieved: the history keeps it."


def test_the_asks_of_a_closed_campaign_stay_as_they_were_at_every_door():
    results = each_door(closed_campaign_with_an_ask, change_status("stalled", note="Talks broke down"))
    assert_same(results)
    assert results["ui"][0].refused == "The campaign is closed: its asks stay as they were. Reopen the campaign first."


def test_an_unknown_ask_status_is_refused_by_every_door_with_the_same_reason():
    results = each_door(campaign_with_an_ask, change_status("exploded"))
    assert_same(results)
    assert results["admin"][0].refused == "There is no such status for an ask."


def link(placement_key):
    def ui(data):
        body = {"kind": "placement", "object_id": data[placement_key].pk, "objective": data["objective"].pk}
        return ui_outcome(ui_client(data["coordinator"]).post("/campaigns/evidence/link", body, follow=True))

    def api(data):
        body = {"objective": data["objective"].pk, "placement": data[placement_key].pk}
        return api_outcome(api_client(data["coordinator"]).post("/api/v1/evidence/", body))

    return {"ui": ui, "api": api}


def test_linking_a_placement_to_an_ask_leaves_the_same_evidence_from_the_page_and_the_api():
    results = each_door(campaign_with_an_ask, link("placement"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    (evidence,) = after["campaigns.evidence"]
    assert outcome.ok and "('kind', 'placement')" in evidence and "('label', 'Two journalists on BBC World" in evidence


def test_evidence_of_another_campaign_is_refused_by_the_page_and_the_api_with_the_same_reason():
    # Before: nothing tied a placement to an ask at all; the API now refuses another campaign's with a
    # clear reason, not a "does not exist" (the caller sees both campaigns).
    results = each_door(campaign_with_an_ask, link("foreign"))
    assert_same(results)
    assert results["api"][0].refused == (
        "This placement belongs to another campaign: only the ask's own campaign's work can be its evidence."
    )


def delete_ask():
    def ui(data):
        url = f"/campaigns/nk-2020/asks/{data['objective'].pk}/delete"
        return ui_outcome(ui_client(data["coordinator"]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data["coordinator"]).delete(f"/api/v1/objectives/{data['objective'].pk}/"))

    def admin(data):
        url = f"/admin/campaigns/objective/{data['objective'].pk}/delete/"
        return admin_outcome(admin_client(data["coordinator"]).post(url, {"post": "yes"}))

    return {"ui": ui, "api": api, "admin": admin}


def test_an_ask_with_evidence_is_not_deleted_by_any_door_and_the_evidence_stays():
    results = each_door(ask_with_evidence, delete_ask())
    assert_same(results)
    assert results["api"][0].refused == (
        "This ask has 1 piece of evidence linked to it. Mark it dropped instead, so the record stays."
    )
    assert len(results["ui"][2]["campaigns.evidence"]) == 1


def test_an_ask_without_evidence_is_deleted_alike_by_every_door():
    results = each_door(campaign_with_an_ask, delete_ask())
    assert_same(results)
    assert results["admin"][0].ok and results["admin"][2]["campaigns.objective"] == []
    assert Evidence.objects.count() == 0


def test_the_api_no_longer_moves_an_ask_without_a_trace():
    # Before: PATCH {"status": ...} moved an ask with no history, no reason and no campaign check.
    data = campaign_with_an_ask()
    response = api_client(data["coordinator"]).patch(
        f"/api/v1/objectives/{data['objective'].pk}/", {"status": "achieved"}
    )
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == ["Use POST /api/v1/objectives/{id}/change-status/ to change this."]
    data["objective"].refresh_from_db()
    assert data["objective"].status == Objective.Status.IN_PROGRESS
