"""Database constraints and model validation: what must never be false."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import Campaign, Membership
from media_tracker.models import Placement
from outreach.models import Contact, Interaction, Invitation, Pitch
from tests import factories as f

pytestmark = pytest.mark.django_db


def violates(make) -> bool:
    """True when ``make`` raises IntegrityError, rolled back on its own savepoint."""
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_closed_campaign_needs_a_closed_date_after_launch():
    assert violates(lambda: f.CampaignFactory(status=Campaign.Status.CLOSED, closed_on=None))
    assert violates(lambda: f.CampaignFactory(launched_on=dt.date(2020, 10, 15), closed_on=dt.date(2020, 10, 1)))
    closed = f.CampaignFactory(status=Campaign.Status.CLOSED, closed_on=dt.date(2021, 1, 31))
    assert closed.pk


def test_campaign_status_outside_the_choices_is_refused_by_the_database():
    assert violates(lambda: f.CampaignFactory(status="paused"))


def test_one_membership_per_user_and_campaign_with_a_known_role():
    membership = f.MembershipFactory()
    assert violates(lambda: f.MembershipFactory(user=membership.user, campaign=membership.campaign))
    assert violates(lambda: f.MembershipFactory(role="owner"))


def test_organisation_names_are_unique_whatever_the_case():
    f.OrganisationFactory(name="Conciliation Resources")
    assert violates(lambda: f.OrganisationFactory(name="conciliation resources"))


def test_contact_email_is_unique_ignoring_case_but_many_may_have_none():
    f.ContactFactory(email="t.dewaal@carnegie.example.org")
    assert violates(lambda: f.ContactFactory(email="T.deWaal@Carnegie.example.org"))
    f.ContactFactory(email="")
    f.ContactFactory(email="")
    assert Contact.objects.filter(email="").count() == 2


def test_contact_languages_must_be_known_codes():
    contact = f.ContactFactory.build(organisation=None, languages=["en", "klingon"])
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "languages" in error.value.message_dict


def test_interaction_needs_a_contact_or_an_organisation():
    assert violates(lambda: f.InteractionFactory(contact=None, organisation=None))
    entry = f.InteractionFactory.build(contact=None, organisation=None, campaign=f.CampaignFactory())
    with pytest.raises(ValidationError, match="Choose a contact or an organisation"):
        entry.full_clean()
    assert f.InteractionFactory(contact=None, organisation=f.OrganisationFactory()).pk


def test_done_interaction_records_when():
    assert violates(lambda: f.InteractionFactory(done=True, done_at=None))


def test_briefing_that_ends_before_it_starts_is_rejected():
    start = dt.datetime(2020, 10, 29, 13, 0, tzinfo=dt.UTC)
    assert violates(lambda: f.BriefingFactory(starts_at=start, ends_at=start - dt.timedelta(hours=1)))
    assert violates(lambda: f.BriefingFactory(starts_at=start, ends_at=start))
    briefing = f.BriefingFactory.build(campaign=f.CampaignFactory(), starts_at=start, ends_at=start)
    with pytest.raises(ValidationError) as error:
        briefing.full_clean()
    assert error.value.message_dict["ends_at"] == ["A briefing must end after it starts."]


def test_briefing_time_zone_must_exist():
    briefing = f.BriefingFactory.build(campaign=f.CampaignFactory(), time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        briefing.full_clean()
    assert "time_zone" in error.value.message_dict


def test_one_invitation_per_contact_and_an_answer_has_a_time():
    invitation = f.InvitationFactory()
    assert violates(lambda: f.InvitationFactory(briefing=invitation.briefing, contact=invitation.contact))
    assert violates(lambda: f.InvitationFactory(status=Invitation.Status.ACCEPTED, answered_at=None))


def test_oped_language_versions():
    original = f.OpEdFactory(language="en")
    german = f.OpEdFactory(campaign=original.campaign, version_of=original, language="de")
    assert set(original.language_versions.all()) == {german}
    # Two German versions of one piece: refused by the database.
    assert violates(lambda: f.OpEdFactory(campaign=original.campaign, version_of=original, language="de"))
    # A version in another campaign, of a version, or in the original's language: refused by validation.
    for bad, field in [
        (f.OpEdFactory.build(campaign=f.CampaignFactory(), version_of=original, language="ru"), "version_of"),
        (f.OpEdFactory.build(campaign=original.campaign, version_of=german, language="ru"), "version_of"),
        (f.OpEdFactory.build(campaign=original.campaign, version_of=original, language="en"), "language"),
    ]:
        with pytest.raises(ValidationError) as error:
            bad.full_clean()
        assert field in error.value.message_dict


def test_pitch_dates_and_one_pitch_per_outlet():
    pitch = f.PitchFactory()
    assert violates(lambda: f.PitchFactory(op_ed=pitch.op_ed, outlet=pitch.outlet))
    assert violates(lambda: f.PitchFactory(status=Pitch.Status.PITCHED, pitched_on=None))
    assert violates(lambda: f.PitchFactory(pitched_on=dt.date(2020, 10, 20), answered_on=dt.date(2020, 10, 19)))
    assert f.PitchFactory(status=Pitch.Status.PLANNED, pitched_on=None).pk


def test_placement_rejects_an_oped_or_pitch_of_another_campaign():
    pitch = f.PitchFactory()
    other_campaign = f.CampaignFactory()
    placement = Placement(
        campaign=other_campaign,
        outlet=pitch.outlet,
        pitch=pitch,
        op_ed=pitch.op_ed,
        kind=Placement.Kind.OPED,
        published_on=dt.date(2020, 11, 10),
    )
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert set(error.value.message_dict) == {"op_ed", "pitch"}
    placement.campaign = pitch.op_ed.campaign
    placement.full_clean()  # the same placement in the right campaign is fine


def test_placement_pitch_must_match_its_outlet():
    pitch = f.PitchFactory()
    placement = Placement(
        campaign=pitch.op_ed.campaign,
        outlet=f.OutletFactory(),
        pitch=pitch,
        kind=Placement.Kind.OPED,
        published_on=dt.date(2020, 11, 10),
    )
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert "outlet" in error.value.message_dict


def test_placement_url_is_recorded_once_per_campaign():
    placement = f.PlacementFactory(url="https://www.lemonde.fr/a")
    assert violates(lambda: f.PlacementFactory(campaign=placement.campaign, url="https://www.lemonde.fr/a"))
    f.PlacementFactory(campaign=placement.campaign, url="")
    f.PlacementFactory(campaign=placement.campaign, url="")


def test_mention_once_per_article_and_campaign_and_terms_unique_per_campaign():
    mention = f.MentionFactory()
    assert violates(lambda: f.MentionFactory(article=mention.article, campaign=mention.campaign))
    term = f.TrackedTermFactory(term="Minsk Group")
    assert violates(lambda: f.TrackedTermFactory(campaign=term.campaign, term="minsk group"))
    assert violates(lambda: f.TrackedTermFactory(term=""))


def test_campaign_visibility_follows_membership():
    member, outsider = f.UserFactory(), f.UserFactory()
    mine, theirs = f.CampaignFactory(), f.CampaignFactory()
    f.MembershipFactory(user=member, campaign=mine, role=Membership.Role.VIEWER)
    assert list(Campaign.objects.visible_to(member)) == [mine]
    assert list(Campaign.objects.visible_to(outsider)) == []
    superuser = f.UserFactory(is_superuser=True)
    assert set(Campaign.objects.visible_to(superuser)) == {mine, theirs}


def test_querysets_find_open_follow_ups_and_waiting_pitches():
    today = dt.date(2020, 11, 12)
    due = f.InteractionFactory(follow_up_on=today)
    f.InteractionFactory(follow_up_on=today + dt.timedelta(days=3))
    f.InteractionFactory(follow_up_on=today, done=True, done_at=dt.datetime(2020, 11, 11, tzinfo=dt.UTC))
    assert list(Interaction.objects.due_by(today)) == [due]
    waiting = f.PitchFactory()
    f.PitchFactory(status=Pitch.Status.DECLINED, answered_on=dt.date(2020, 10, 22))
    assert list(Pitch.objects.awaiting_answer()) == [waiting]
