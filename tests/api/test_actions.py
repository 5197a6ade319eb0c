"""Actions (record-placement, record-answer, invite, change-status) and writes that reference objects
of other campaigns."""

from __future__ import annotations

import uuid

import pytest

from campaigns.models import CampaignStatusChange, Membership
from media_tracker.models import Placement
from outreach.models import Invitation, OpEd, OutgoingEmail, Pitch
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_record_placement_places_the_pitch_and_the_op_ed_once(world):
    pitch = factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=world.campaign))
    url = f"/api/v1/pitches/{pitch.pk}/record-placement/"
    body = {"url": "https://www.lemonde.fr/idees/article/2020/11/12/paix", "published_on": "2020-11-12"}
    assert client_for(world.viewer).post(url, body, format="json").status_code == 403
    assert client_for(world.outsider).post(url, body, format="json").status_code == 404
    assert not Placement.objects.exists()

    response = client_for(world.staff).post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["pitch"] == pitch.pk
    assert response.json()["campaign"] == world.campaign.pk
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.PLACED
    assert OpEd.objects.get(pk=pitch.op_ed_id).status == OpEd.Status.PLACED

    again = client_for(world.staff).post(url, body, format="json")
    assert again.json()["id"] == response.json()["id"]
    assert Placement.objects.count() == 1


def test_record_placement_before_the_pitch_is_refused_and_changes_nothing(world):
    pitch = factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=world.campaign))
    response = client_for(world.staff).post(
        f"/api/v1/pitches/{pitch.pk}/record-placement/",
        {"url": "https://www.bbc.co.uk/news/world", "published_on": "2020-10-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "published_on" in response.json()["errors"]
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.PITCHED
    assert not Placement.objects.exists()


def test_record_answer(world):
    pitch = factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=world.campaign))
    url = f"/api/v1/pitches/{pitch.pk}/record-answer/"
    body = {"accepted": True, "answered_on": "2020-10-22", "outcome": "Runs on Friday"}
    assert client_for(world.viewer).post(url, body, format="json").status_code == 403
    response = client_for(world.staff).post(url, body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    # Answering again: the pitch is no longer awaiting an answer.
    response = client_for(world.staff).post(url, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]


def test_invite_by_ids_organisations_and_tags_exposes_uuids(world):
    briefing = factories.BriefingFactory(campaign=world.campaign)
    org = factories.OrganisationFactory()
    in_org = factories.ContactFactory.create_batch(2, organisation=org)
    tagged = factories.ContactFactory()
    tagged.tags.add(factories.TagFactory(slug="expert"))
    picked = factories.ContactFactory()
    url = f"/api/v1/briefings/{briefing.pk}/invite/"
    body = {"contact_ids": [picked.pk], "organisation_ids": [org.pk], "tags": ["expert"]}

    assert client_for(world.viewer).post(url, body, format="json").status_code == 403
    assert client_for(world.other_staff).post(url, body, format="json").status_code == 404
    response = client_for(world.staff).post(url, body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()["created"]
    assert sorted(row["contact"] for row in created) == sorted(c.pk for c in [*in_org, tagged, picked])
    for row in created:
        uuid.UUID(row["id"])  # partner-facing: a UUID, never the sequential id
    detail = client_for(world.viewer).get(f"/api/v1/invitations/{created[0]['id']}/")
    assert detail.status_code == 200

    again = client_for(world.staff).post(url, {"contact_ids": [picked.pk]}, format="json")
    assert again.json() == {"created": [], "already_invited": [picked.pk]}
    assert Invitation.objects.count() == 4

    empty = client_for(world.staff).post(url, {}, format="json")
    assert empty.status_code == 400
    unknown_tag = client_for(world.staff).post(url, {"tags": ["nope"]}, format="json")
    assert unknown_tag.status_code == 400
    assert "tags" in unknown_tag.json()["errors"]


def test_change_status_is_for_coordinators_and_recorded(world):
    url = f"/api/v1/campaigns/{world.campaign.pk}/change-status/"
    assert client_for(world.staff).post(url, {"status": "monitoring"}, format="json").status_code == 403
    assert client_for(world.outsider).post(url, {"status": "monitoring"}, format="json").status_code == 404
    response = client_for(world.coordinator).post(url, {"status": "monitoring", "note": "Ceasefire"}, format="json")
    assert response.status_code == 200
    assert response.json()["changed"] is True
    assert response.json()["campaign"]["status"] == "monitoring"
    change = CampaignStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("active", "monitoring", world.coordinator)
    assert client_for(world.coordinator).post(url, {"status": "paused"}, format="json").status_code == 400
    # The status changes only through the action: a plain update with another status is refused,
    # saying which action to use; sending back the status it has is fine.
    patch = client_for(world.coordinator).patch(
        f"/api/v1/campaigns/{world.campaign.pk}/", {"status": "closed"}, format="json"
    )
    assert patch.status_code == 400 and "change-status" in patch.json()["errors"]["status"][0]
    world.campaign.refresh_from_db()
    assert world.campaign.status == "monitoring"
    same = client_for(world.coordinator).patch(
        f"/api/v1/campaigns/{world.campaign.pk}/", {"status": "monitoring", "summary": "Ceasefire holds"}, format="json"
    )
    assert same.status_code == 200 and same.json()["summary"] == "Ceasefire holds"


@pytest.fixture
def both(world):
    """A staff member of both campaigns, to check consistency across campaigns they can see."""
    factories.MembershipFactory(user=world.staff, campaign=world.other, role=Membership.Role.STAFF)
    return world


def test_pitch_of_another_campaigns_op_ed_is_a_field_error(world):
    theirs = factories.OpEdFactory(campaign=world.other)
    response = client_for(world.staff).post(
        "/api/v1/pitches/", {"op_ed": theirs.pk, "outlet": factories.OutletFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["op_ed"] == [f'Invalid pk "{theirs.pk}" - object does not exist.']
    assert not Pitch.objects.exists()


def test_placement_pointing_at_another_campaigns_pitch_or_op_ed_is_refused(both):
    world = both
    other_pitch = factories.PitchFactory(op_ed=factories.OpEdFactory(campaign=world.other))
    client = client_for(world.staff)
    base = {"campaign": world.campaign.pk, "outlet": other_pitch.outlet_id, "published_on": "2020-11-10"}
    response = client.post("/api/v1/placements/", {**base, "pitch": other_pitch.pk}, format="json")
    assert response.status_code == 400
    assert "pitch" in response.json()["errors"]
    response = client.post("/api/v1/placements/", {**base, "op_ed": other_pitch.op_ed_id}, format="json")
    assert response.status_code == 400
    assert "op_ed" in response.json()["errors"]
    assert not Placement.objects.exists()
    # And for someone who cannot see the other campaign, it does not exist at all.
    response = client_for(world.viewer).post("/api/v1/placements/", {**base, "pitch": other_pitch.pk}, format="json")
    assert response.json()["errors"]["pitch"] == [f'Invalid pk "{other_pitch.pk}" - object does not exist.']


def test_objects_cannot_move_to_another_campaign(both):
    world = both
    interaction = factories.InteractionFactory(campaign=world.campaign)
    response = client_for(world.staff).patch(
        f"/api/v1/interactions/{interaction.pk}/", {"campaign": world.other.pk}, format="json"
    )
    assert response.status_code == 400
    interaction.refresh_from_db()
    assert interaction.campaign_id == world.campaign.pk


def test_invitation_to_another_campaigns_briefing_is_a_field_error(world):
    theirs = factories.BriefingFactory(campaign=world.other)
    response = client_for(world.staff).post(
        "/api/v1/invitations/", {"briefing": theirs.pk, "contact": factories.ContactFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert "briefing" in response.json()["errors"]


def test_op_ed_version_of_another_campaigns_piece_is_refused(both):
    world = both
    original = factories.OpEdFactory(campaign=world.other)
    response = client_for(world.staff).post(
        "/api/v1/op-eds/",
        {"campaign": world.campaign.pk, "title": "Version", "language": "fr", "version_of": original.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "version_of" in response.json()["errors"]


def test_filters_never_reveal_other_campaigns(world):
    factories.InteractionFactory(campaign=world.other)
    response = client_for(world.staff).get(f"/api/v1/interactions/?campaign={world.other.pk}")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_send_invitations_queues_each_email_once_and_reports_bad_addresses(world):
    briefing = factories.BriefingFactory(campaign=world.campaign)
    reachable = factories.ContactFactory()
    no_address = factories.ContactFactory(email="")
    url = f"/api/v1/briefings/{briefing.pk}/invite/"
    client_for(world.staff).post(url, {"contact_ids": [reachable.pk, no_address.pk]}, format="json")
    send = f"/api/v1/briefings/{briefing.pk}/send-invitations/"

    assert client_for(world.viewer).post(send).status_code == 403
    assert client_for(world.other_staff).post(send).status_code == 404
    assert OutgoingEmail.objects.count() == 0
    first = client_for(world.staff).post(send)
    assert first.status_code == 202, first.content
    body = first.json()
    invitation = Invitation.objects.get(briefing=briefing, contact=reachable)
    assert body["queued"] == [str(invitation.public_id)] and body["already_sent"] == []
    assert [row["invitation"] for row in body["skipped"]] == [
        str(Invitation.objects.get(briefing=briefing, contact=no_address).public_id)
    ]
    again = client_for(world.staff).post(send).json()
    assert again["queued"] == [] and again["already_sent"] == [str(invitation.public_id)]
    assert OutgoingEmail.objects.filter(invitation=invitation).count() == 1

    briefing.status = "cancelled"
    briefing.save()
    refused = client_for(world.staff).post(send)
    assert refused.status_code == 400 and refused.json()["detail"]
