"""Fixtures for the staff UI: one campaign with a coordinator, staff and a viewer, and a
second campaign the outsider belongs to, each with some outreach."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from campaigns.models import Membership
from tests.factories import (
    BriefingFactory,
    CampaignFactory,
    ContactFactory,
    InteractionFactory,
    InvitationFactory,
    MembershipFactory,
    MentionFactory,
    OpEdFactory,
    OrganisationFactory,
    PitchFactory,
    PlacementFactory,
    UserFactory,
)


@dataclass
class World:
    campaign: object
    other: object
    coordinator: object
    staff: object
    viewer: object
    outsider: object
    contact: object
    organisation: object
    interaction: object
    other_interaction: object
    briefing: object
    other_briefing: object
    invitation: object
    op_ed: object
    pitch: object
    other_op_ed: object
    other_pitch: object
    placement: object
    other_placement: object
    mention: object
    other_mention: object


@pytest.fixture
def world(db) -> World:
    campaign = CampaignFactory(name="Karabakh ceasefire", slug="karabakh")
    other = CampaignFactory(name="Secret other campaign", slug="secret")
    coordinator = UserFactory(username="coord")
    staff = UserFactory(username="staffer")
    viewer = UserFactory(username="watcher")
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    MembershipFactory(user=staff, campaign=campaign, role=Membership.Role.STAFF)
    MembershipFactory(user=viewer, campaign=campaign, role=Membership.Role.VIEWER)
    MembershipFactory(user=outsider, campaign=other, role=Membership.Role.STAFF)
    organisation = OrganisationFactory(name="Conciliation Resources", is_partner=True)
    contact = ContactFactory(full_name="Svitlana Valko", organisation=organisation, email="sv@iphr.example.org")
    today = timezone.localdate()
    interaction = InteractionFactory(
        campaign=campaign,
        contact=contact,
        logged_by=staff,
        summary="Visible call about the ceasefire",
        next_step="Send the briefing note",
        follow_up_on=today - dt.timedelta(days=1),
    )
    other_interaction = InteractionFactory(
        campaign=other,
        contact=contact,
        logged_by=outsider,
        summary="Hidden talk with the secret campaign",
        next_step="Secret next step",
        follow_up_on=today,
    )
    briefing = BriefingFactory(campaign=campaign, title="Global partner briefing")
    other_briefing = BriefingFactory(campaign=other, title="Secret briefing")
    invitation = InvitationFactory(briefing=briefing, contact=contact)
    op_ed = OpEdFactory(campaign=campaign, title="A joint call for peace", owner=staff)
    pitch = PitchFactory(op_ed=op_ed, owner=staff, pitched_on=today - dt.timedelta(days=5))
    other_op_ed = OpEdFactory(campaign=other, title="Secret op-ed")
    other_pitch = PitchFactory(op_ed=other_op_ed)
    placement = PlacementFactory(campaign=campaign, title="Visible placement on BBC World")
    other_placement = PlacementFactory(campaign=other, title="Secret placement")
    mention = MentionFactory(campaign=campaign, article__title="Visible Minsk Group article")
    other_mention = MentionFactory(campaign=other, article__title="Secret article")
    return World(
        campaign,
        other,
        coordinator,
        staff,
        viewer,
        outsider,
        contact,
        organisation,
        interaction,
        other_interaction,
        briefing,
        other_briefing,
        invitation,
        op_ed,
        pitch,
        other_op_ed,
        other_pitch,
        placement,
        other_placement,
        mention,
        other_mention,
    )
