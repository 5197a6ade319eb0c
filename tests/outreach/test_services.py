"""The outreach services that the UI, the API and the jobs share."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from media_tracker.models import Placement
from media_tracker.services.placements import pitch_record_placement
from outreach.models import Interaction, Invitation, OpEd, Pitch
from outreach.selectors import contacts_matching
from outreach.services.interactions import interaction_log, interaction_mark_done, interaction_snooze
from outreach.services.invitations import invitations_create
from outreach.services.pitches import pitch_create, pitch_record_answer
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_logging_a_call_with_a_contact_fills_in_the_organisation():
    contact, user, campaign = f.ContactFactory(), f.UserFactory(), f.CampaignFactory()
    entry = interaction_log(
        campaign=campaign, by=user, contact=contact, summary="  Spoke to the office  ",
        next_step="Send the briefing note", follow_up_on=dt.date(2020, 11, 2),
    )  # fmt: skip
    assert (entry.organisation, entry.summary, entry.logged_by) == (contact.organisation, "Spoke to the office", user)


def test_logging_without_anyone_is_refused_and_writes_nothing():
    with pytest.raises(ValidationError):
        interaction_log(campaign=f.CampaignFactory(), by=f.UserFactory(), summary="Who was it?")
    with pytest.raises(ValidationError):
        interaction_log(campaign=f.CampaignFactory(), by=f.UserFactory(), contact=f.ContactFactory(), summary=" ")
    assert Interaction.objects.count() == 0


def test_marking_done_twice_keeps_the_first_time():
    entry = f.InteractionFactory(follow_up_on=dt.date(2020, 11, 2))
    first = interaction_mark_done(interaction=entry, by=None)
    again = interaction_mark_done(interaction=entry, by=None)
    assert first.done and again.done_at == first.done_at


def test_snoozing_keeps_the_due_date():
    today = timezone.localdate()
    entry = f.InteractionFactory(follow_up_on=today - dt.timedelta(days=1))
    interaction_snooze(interaction=entry, until=today + dt.timedelta(days=3), by=None)
    entry.refresh_from_db()
    assert (entry.follow_up_on, entry.snoozed_until) == (today - dt.timedelta(days=1), today + dt.timedelta(days=3))


@pytest.mark.parametrize("days", [-1, 0, 367])
def test_snoozing_to_today_the_past_or_beyond_a_year_is_refused(days):
    entry = f.InteractionFactory(follow_up_on=dt.date(2020, 11, 2))
    with pytest.raises(ValidationError, match="after today and within a year"):
        interaction_snooze(interaction=entry, until=timezone.localdate() + dt.timedelta(days=days), by=None)
    entry.refresh_from_db()
    assert entry.snoozed_until is None


def test_recording_a_placement_marks_pitch_and_oped_placed_once():
    author = f.ContactFactory()
    pitch = f.PitchFactory(pitched_on=dt.date(2020, 11, 1))
    pitch.op_ed.authors.add(author)
    placement = pitch_record_placement(
        pitch=pitch, url="https://www.lemonde.fr/idees/article/2020/11/11/x", published_on=dt.date(2020, 11, 11)
    )
    again = pitch_record_placement(pitch=pitch, url="https://other.example/", published_on=dt.date(2020, 11, 12))
    assert again.pk == placement.pk and Placement.objects.count() == 1
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.PLACED and pitch.answered_on == dt.date(2020, 11, 11)
    assert OpEd.objects.get(pk=pitch.op_ed_id).status == OpEd.Status.PLACED
    assert placement.campaign_id == pitch.op_ed.campaign_id and list(placement.spokespeople.all()) == [author]


def test_a_placement_before_the_pitch_or_with_a_bad_url_changes_nothing():
    pitch = f.PitchFactory(pitched_on=dt.date(2020, 11, 1))
    with pytest.raises(ValidationError):
        pitch_record_placement(pitch=pitch, url="https://x.example/", published_on=dt.date(2020, 10, 1))
    with pytest.raises(ValidationError):
        pitch_record_placement(pitch=pitch, url="not a url", published_on=dt.date(2020, 11, 11))
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.PITCHED and Placement.objects.count() == 0


def test_answers_only_for_pitches_awaiting_one():
    pitch = f.PitchFactory(pitched_on=dt.date(2020, 11, 1))
    pitch_record_answer(pitch=pitch, accepted=True, answered_on=dt.date(2020, 11, 3), by=None)
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.ACCEPTED
    with pytest.raises(ValidationError):
        pitch_record_answer(pitch=pitch, accepted=False, answered_on=dt.date(2020, 11, 4), by=None)


def test_inviting_twice_invites_each_contact_once():
    briefing = f.BriefingFactory()
    partner = f.OrganisationFactory()
    staff = f.ContactFactory.create_batch(3, organisation=partner)
    first = invitations_create(briefing=briefing, contacts=[*staff, staff[0]], by=None)
    second = invitations_create(briefing=briefing, contacts=staff, by=None)
    assert len(first.created) == 3 and second.created == [] and len(second.already_invited) == 3
    assert briefing.invitations.count() == 3


def test_contacts_matching_combines_organisations_tags_and_people_once():
    partner, expert_tag = f.OrganisationFactory(), f.TagFactory(slug="expert")
    in_partner = f.ContactFactory(organisation=partner)
    expert_in_partner = f.ContactFactory(organisation=partner)
    expert_in_partner.tags.add(expert_tag)
    lone_expert, picked, _other = f.ContactFactory(), f.ContactFactory(), f.ContactFactory()
    lone_expert.tags.add(expert_tag)
    found = contacts_matching(organisation_ids=[partner.pk], tag_slugs=["expert"], contact_ids=[picked.pk])
    assert set(found) == {in_partner, expert_in_partner, lone_expert, picked}
    assert found.count() == 4
    assert list(contacts_matching()) == []


def test_a_pitch_is_in_its_op_eds_campaign_whichever_way_it_is_made():
    op_ed, outlet, user = f.OpEdFactory(), f.OutletFactory(), f.UserFactory()
    through_service = pitch_create(op_ed=op_ed, outlet=outlet, by=user)
    # Another campaign named when the pitch is made directly: it still takes its op-ed's.
    through_model = Pitch.objects.create(op_ed=f.OpEdFactory(), outlet=outlet, campaign=op_ed.campaign)
    (in_bulk,) = Pitch.objects.bulk_create(
        [Pitch(op_ed=through_model.op_ed, outlet=f.OutletFactory(), campaign=op_ed.campaign)]
    )
    assert through_service.campaign_id == op_ed.campaign_id
    assert Pitch.objects.get(pk=through_model.pk).campaign_id == through_model.op_ed.campaign_id
    assert Pitch.objects.get(pk=in_bulk.pk).campaign_id == through_model.op_ed.campaign_id
    assert through_service.campaign_id != through_model.campaign_id


def test_an_invitation_is_in_its_briefings_campaign_whichever_way_it_is_made():
    briefing, other = f.BriefingFactory(), f.BriefingFactory()
    contact = f.ContactFactory()
    through_service = invitations_create(briefing=briefing, contacts=[contact], by=None).created[0]
    # Another campaign named when it is made directly, one at a time or in bulk: it still takes its briefing's.
    one = Invitation.objects.create(briefing=other, contact=contact, campaign=briefing.campaign)
    (in_bulk,) = Invitation.objects.bulk_create(
        [Invitation(briefing=other, contact=f.ContactFactory(), campaign=briefing.campaign)]
    )
    assert Invitation.objects.get(pk=through_service.pk).campaign_id == briefing.campaign_id
    assert Invitation.objects.get(pk=one.pk).campaign_id == other.campaign_id
    assert Invitation.objects.get(pk=in_bulk.pk).campaign_id == other.campaign_id
    assert briefing.campaign_id != other.campaign_id
