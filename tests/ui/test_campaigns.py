"""Campaign list and detail; status changes by coordinators only, with who and when."""

from django.urls import reverse

from campaigns.models import Campaign, CampaignStatusChange
from tests.factories import ObjectiveFactory


def test_list_shows_only_my_campaigns(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("campaigns:list")).content.decode()
    assert "Karabakh ceasefire" in html and "Secret other campaign" not in html


def test_detail_shows_asks_team_activity_and_exit_criteria(client, world):
    world.campaign.exit_criteria = "If the ceasefire holds, we exit."
    world.campaign.save()
    ObjectiveFactory(campaign=world.campaign, title="Stronger OSCE Minsk Group mechanism")
    client.force_login(world.viewer)
    html = client.get(reverse("campaigns:detail", args=["karabakh"])).content.decode()
    for text in ("Stronger OSCE Minsk Group mechanism", "staffer", "Visible call about the ceasefire", "we exit"):
        assert text in html
    assert "Change status" not in html  # no control for a viewer


def test_coordinator_changes_status_and_history_shows_who(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("campaigns:status", args=["karabakh"]), {"to_status": "monitoring", "note": "held"})
    assert response.status_code == 302
    change = CampaignStatusChange.objects.get(campaign=world.campaign)
    assert (change.from_status, change.to_status, change.changed_by) == ("active", "monitoring", world.coordinator)
    html = client.get(reverse("campaigns:detail", args=["karabakh"])).content.decode()
    assert "coord" in html and "Monitoring" in html


def test_staff_and_viewer_cannot_change_status(client, world):
    for user in (world.staff, world.viewer):
        client.force_login(user)
        assert client.post(reverse("campaigns:status", args=["karabakh"]), {"to_status": "closed"}).status_code == 403
    assert Campaign.objects.get(pk=world.campaign.pk).status == "active"


def test_non_member_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("campaigns:detail", args=["karabakh"])).status_code == 404
    assert client.post(reverse("campaigns:status", args=["karabakh"]), {"to_status": "closed"}).status_code == 404


def test_invalid_status_changes_nothing(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("campaigns:status", args=["karabakh"]), {"to_status": "exploded"})
    assert not CampaignStatusChange.objects.exists()
