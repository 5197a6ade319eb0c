"""Asks, their evidence and the exit criteria on the staff pages: linking from where the evidence is
shown, the quick log's suggestions, the ask's page, the results view and the confirmation before an exit."""

from __future__ import annotations

import re

import pytest

from campaigns.models import Campaign, CampaignStatusChange, Evidence
from outreach.models import Interaction
from tests.factories import (
    EvidenceFactory,
    ExitCriterionFactory,
    MembershipFactory,
    MentionFactory,
    ObjectiveFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asks(world):
    aimed = ObjectiveFactory(campaign=world.campaign, title="Access for aid convoys", target="Conciliation Resources",
                             target_organisation=world.organisation, position=2)  # fmt: skip
    other = ObjectiveFactory(campaign=world.campaign, title="A stronger Minsk Group", position=1)
    secret = ObjectiveFactory(campaign=world.other, title="Secret ask")
    return aimed, other, secret


def test_the_link_control_is_on_the_media_briefing_and_pitch_pages_for_staff_only(client, world, asks):
    client.force_login(world.staff)
    pages = ["/media/", f"/outreach/briefings/{world.briefing.pk}/", f"/outreach/pitches/{world.pitch.pk}/"]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Link to an ask" in body and "A stronger Minsk Group" in body, url
        assert "Secret ask" not in body
    client.force_login(world.viewer)
    assert "Link to an ask" not in client.get("/media/").content.decode()


def test_each_rows_control_offers_the_asks_it_does_not_serve_yet_in_the_campaigns_order(client, world, asks):
    aimed, _other, _secret = asks
    linked = world.mention
    unlinked = MentionFactory(campaign=world.campaign, article__title="A second Minsk Group article")
    EvidenceFactory(objective=aimed, kind=Evidence.Kind.MENTION, mention=linked)
    client.force_login(world.staff)
    html = client.get("/media/").content.decode()

    def offered(mention):
        select = re.search(
            rf'<select name="objective" id="ask-for-mention-{mention.pk}"[^>]*>(.*?)</select>', html, re.S
        )
        return re.findall(r'<option value="\d+">([^<]*)</option>', select.group(1))

    assert offered(unlinked) == ["A stronger Minsk Group", "Access for aid convoys"]
    assert offered(linked) == ["A stronger Minsk Group"]
    control = html[html.index(f'id="link-ask-mention-{linked.pk}"') :]
    assert control.index("Access for aid convoys") < control.index("</div>")  # shown as served


def test_one_click_links_a_mention_and_htmx_swaps_the_control(client, world, asks):
    aimed, _other, _secret = asks
    client.force_login(world.staff)
    body = {"kind": "mention", "object_id": world.mention.pk, "objective": aimed.pk, "next": "/media/"}
    response = client.post("/campaigns/evidence/link", body, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="link-ask-mention-' in html and "Access for aid convoys" in html
    evidence = Evidence.objects.get()
    assert (evidence.mention, evidence.objective, evidence.added_by) == (world.mention, aimed, world.staff)
    # A second click links nothing twice.
    client.post("/campaigns/evidence/link", body, headers={"HX-Request": "true"})
    assert Evidence.objects.count() == 1


def test_another_campaigns_ask_or_object_is_refused_with_a_clear_message(client, world, asks):
    aimed, _other, secret = asks
    MembershipFactory(user=world.staff, campaign=world.other, role="staff")
    client.force_login(world.staff)
    body = {"kind": "placement", "object_id": world.other_placement.pk, "objective": aimed.pk}
    response = client.post("/campaigns/evidence/link", body, headers={"HX-Request": "true"})
    assert "This placement belongs to another campaign" in response.content.decode()
    body = {"kind": "placement", "object_id": world.placement.pk, "objective": secret.pk}
    response = client.post("/campaigns/evidence/link", body, headers={"HX-Request": "true"})
    assert "This placement belongs to another campaign" in response.content.decode()
    assert not Evidence.objects.exists()
    # Someone outside a campaign cannot link its objects at all.
    client.force_login(world.outsider)
    body = {"kind": "placement", "object_id": world.placement.pk, "objective": aimed.pk}
    assert client.post("/campaigns/evidence/link", body).status_code == 404


def test_the_quick_log_suggests_the_asks_aimed_at_the_contacts_institution_and_links_the_ticked_ones(
    client, world, asks
):
    aimed, other, _secret = asks
    client.force_login(world.staff)
    choices = client.get(
        "/campaigns/evidence/ask-choices", {"campaign": world.campaign.pk, "contact": world.contact.pk}
    ).content.decode()
    assert choices.index("Access for aid convoys") < choices.index("A stronger Minsk Group")
    assert 'class="badge suggested"' in choices
    assert client.get("/campaigns/evidence/ask-choices", {"campaign": world.other.pk}).content == b""
    response = client.post(
        "/outreach/log/",
        {"campaign": world.campaign.pk, "contact": world.contact.pk, "channel": "call",
         "summary": "Talked access with Svitlana", "objectives": [aimed.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    interaction = Interaction.objects.get(summary="Talked access with Svitlana")
    assert list(Evidence.objects.values_list("objective", "interaction")) == [(aimed.pk, interaction.pk)]


def test_a_ticked_ask_of_another_campaign_refuses_the_whole_entry(client, world, asks):
    _aimed, _other, secret = asks
    MembershipFactory(user=world.staff, campaign=world.other, role="staff")
    client.force_login(world.staff)
    response = client.post(
        "/outreach/log/",
        {"campaign": world.campaign.pk, "contact": world.contact.pk, "channel": "call",
         "summary": "Should not be half-written", "objectives": [secret.pk]},
    )  # fmt: skip
    assert response.status_code == 200 and "belongs to another campaign" in response.content.decode()
    assert not Interaction.objects.filter(summary="Should not be half-written").exists()


def test_the_ask_page_and_the_results_view_show_evidence_and_status_changes(client, world, asks):
    aimed, _other, _secret = asks
    EvidenceFactory(objective=aimed, label="EU statement cites the call")
    client.force_login(world.coordinator)
    client.post(f"/campaigns/karabakh/asks/{aimed.pk}/status", {"to_status": "advancing", "note": "Convoys move"})
    page = client.get(f"/campaigns/karabakh/asks/{aimed.pk}/").content.decode()
    assert "EU statement cites the call" in page and "Convoys move" in page
    results = client.get("/campaigns/karabakh/results/").content.decode()
    assert "EU statement cites the call" in results and "Convoys move" in results
    dashboard = client.get("/campaigns/karabakh/dashboard/").content.decode()
    assert "Results: what moved each ask" in dashboard


def test_a_deleted_source_leaves_its_evidence_as_a_record(client, world, asks):
    aimed, _other, _secret = asks
    client.force_login(world.staff)
    client.post(
        "/campaigns/evidence/link", {"kind": "placement", "object_id": world.placement.pk, "objective": aimed.pk}
    )
    world.placement.delete()
    evidence = Evidence.objects.get()
    assert evidence.placement is None and evidence.label.startswith("Visible placement on BBC World")
    page = client.get(f"/campaigns/karabakh/asks/{aimed.pk}/").content.decode()
    assert "the original was deleted since; this record stays" in page


def test_moving_to_monitoring_shows_the_criteria_and_asks_to_confirm(client, world):
    ExitCriterionFactory(campaign=world.campaign, text="The ceasefire holds", state="partly", evidence="Holding")
    client.force_login(world.coordinator)
    detail = client.get("/campaigns/karabakh/").content.decode()
    assert "Close to exit: 0 of 1 met, 1 partly met (50%)" in detail
    page = client.post("/campaigns/karabakh/status", {"to_status": "monitoring", "note": "Truce signed"})
    body = page.content.decode()
    assert page.status_code == 200 and "The ceasefire holds" in body and "Confirm: move to “Monitoring”" in body
    assert Campaign.objects.get(pk=world.campaign.pk).status == Campaign.Status.ACTIVE
    client.post("/campaigns/karabakh/status", {"to_status": "monitoring", "note": "Truce signed", "confirm_exit": "on"})
    change = CampaignStatusChange.objects.get(campaign=world.campaign)
    assert change.to_status == "monitoring" and change.exit_check == "0 of 1 met, 1 partly met"
