"""Every page in the main menu (and the pages they link to) runs the same number of SQL queries
whatever the amount of data: a page whose count grows with the rows has an N+1 somewhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Membership
from outreach.models import Invitation, Pitch
from tests import factories as f

pytestmark = pytest.mark.django_db


def grow(campaign, user, n: int) -> None:
    """n more of everything a page may list, all linked to the campaign and to the user."""
    today = timezone.localdate()
    organisation = f.OrganisationFactory(is_partner=True)
    for _ in range(n):
        contact = f.ContactFactory(organisation=organisation)
        contact.tags.add(f.TagFactory())
        f.InteractionFactory(
            campaign=campaign, contact=contact, logged_by=user, next_step="Call back",
            follow_up_on=today - dt.timedelta(days=1),
        )  # fmt: skip
        op_ed = f.OpEdFactory(campaign=campaign, owner=user)
        op_ed.authors.add(contact)
        f.PitchFactory(op_ed=op_ed, owner=user, status=Pitch.Status.PITCHED, pitched_on=today - dt.timedelta(days=9))
        briefing = f.BriefingFactory(campaign=campaign, created_by=user)
        briefing.speakers.add(contact)
        f.InvitationFactory(briefing=briefing, contact=contact, status=Invitation.Status.INVITED)
        mention = f.MentionFactory(campaign=campaign)
        mention.terms.add(f.TrackedTermFactory(campaign=campaign))
        f.PlacementFactory(campaign=campaign, published_on=today)


@pytest.fixture
def setup():
    campaign = f.CampaignFactory(status=Campaign.Status.ACTIVE, slug="nk")
    user = f.UserFactory(username="coord")
    f.MembershipFactory(user=user, campaign=campaign, role=Membership.Role.COORDINATOR)
    grow(campaign, user, 2)
    return campaign, user


def pages(campaign):
    contact = campaign.interactions.order_by("pk").first().contact
    briefing = campaign.briefings.order_by("pk").first()
    pitch = Pitch.objects.filter(op_ed__campaign=campaign).order_by("pk").first()
    return [
        reverse("home"),
        reverse("outreach:log"),
        reverse("campaigns:list"),
        reverse("campaigns:detail", args=[campaign.slug]),
        reverse("campaigns:dashboard", args=[campaign.slug]),
        reverse("campaigns:overview"),
        reverse("campaigns:quarterly", args=[campaign.slug]),
        reverse("outreach:contact-list"),
        reverse("outreach:contact-detail", args=[contact.pk]),
        reverse("outreach:organisation-list"),
        reverse("outreach:organisation-detail", args=[contact.organisation_id]),
        reverse("outreach:briefing-list"),
        reverse("outreach:briefing-detail", args=[briefing.pk]),
        reverse("outreach:briefing-delivery", args=[briefing.pk]),
        reverse("outreach:oped-board"),
        reverse("outreach:pitch-edit", args=[pitch.pk]),
        reverse("media_tracker:media"),
        reverse("outreach:search") + "?kind=contact&q=Contact",
    ]


def counts(client, urls) -> dict[str, int]:
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(queries)
    return result


def test_no_page_runs_more_queries_with_more_data(client, setup):
    campaign, user = setup
    client.force_login(user)
    urls = pages(campaign)
    counts(client, urls)  # warm-up (session, caches)
    small = counts(client, urls)
    grow(campaign, user, 12)
    large = counts(client, urls)
    grown = {url: (small[url], large[url]) for url in urls if large[url] != small[url]}
    assert grown == {}, "queries with 2 rows vs 14 rows"


def test_media_page_and_home_run_the_same_queries_whatever_the_number_of_campaigns(client):
    # A member of each campaign, not a superuser: a superuser's rights are never read per campaign.
    user = f.UserFactory(username="many")

    def campaign_with_pickup():
        campaign = f.CampaignFactory(status=Campaign.Status.ACTIVE)
        f.MembershipFactory(user=user, campaign=campaign, role=Membership.Role.STAFF)
        f.ObjectiveFactory(campaign=campaign)
        f.MentionFactory(campaign=campaign)
        f.PlacementFactory(campaign=campaign, published_on=timezone.localdate())
        f.InteractionFactory(
            campaign=campaign, logged_by=user, next_step="Call", follow_up_on=timezone.localdate()
        )  # fmt: skip

    urls = [reverse("media_tracker:media"), reverse("home"), reverse("outreach:oped-board")]
    client.force_login(user)
    for _ in range(2):
        campaign_with_pickup()
    counts(client, urls)  # warm-up
    few = counts(client, urls)
    for _ in range(5):
        campaign_with_pickup()
    many = counts(client, urls)
    assert many == few, "queries with 2 campaigns vs 7"
