"""The seed_demo command: the Nagorno-Karabakh demo campaign, and re-runs that change nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatusChange, Membership, User
from campaigns.reports.demo import demo_seed
from campaigns.reports.demo_data import DEMO_PASSWORD
from media_tracker.models import Article, Feed, Mention, Outlet, Placement
from outreach.models import Briefing, Contact, Interaction, Invitation, OpEd, Pitch

pytestmark = pytest.mark.django_db

SEEDED_APPS = ["campaigns", "outreach", "media_tracker"]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every seeded table, many-to-many tables included, with all its values."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in SEEDED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.fixture
def campaign() -> Campaign:
    seed()
    return Campaign.objects.get(slug="nagorno-karabakh-2020")


def test_seed_demo_creates_the_campaign_with_its_four_asks(campaign):
    assert campaign.name == "Nagorno-Karabakh emergency response"
    assert campaign.status == Campaign.Status.MONITORING
    assert campaign.launched_on == dt.date(2020, 10, 15)
    assert campaign.summary and campaign.exit_criteria
    assert campaign.coordinator.username == "coordinator"
    asks = list(campaign.objectives.order_by("position"))
    assert len(asks) == 4
    assert all(ask.target and ask.status for ask in asks)
    assert any("Minsk Group" in ask.title for ask in asks)
    change = CampaignStatusChange.objects.get(campaign=campaign, from_status="active", to_status="monitoring")
    assert change.changed_by == campaign.coordinator
    assert timezone.localtime(change.changed_at, dt.UTC).date() == dt.date(2020, 11, 10)


def test_seed_demo_creates_the_team_who_can_sign_in(campaign, client):
    roles = dict(Membership.objects.filter(campaign=campaign).values_list("user__username", "role"))
    assert roles == {"coordinator": "coordinator", "staff": "staff", "viewer": "viewer"}
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.is_superuser and coordinator.is_staff
    assert coordinator.time_zone == "Europe/Paris"
    assert User.objects.get(username="staff").time_zone == "Asia/Yerevan"
    assert not User.objects.get(username="viewer").is_staff
    assert client.login(username="coordinator", password=DEMO_PASSWORD)


def test_seed_demo_invites_over_fifty_partners_to_the_held_briefing(campaign):
    briefing = Briefing.objects.get(campaign=campaign, starts_at__year=2020)
    assert briefing.status == Briefing.Status.HELD
    assert sorted(briefing.speakers.values_list("full_name", flat=True)) == ["Svitlana Valko", "Thomas de Waal"]
    assert briefing.time_zone == "Europe/Paris"
    # 14:00 in Paris on 29 October 2020 is 13:00 UTC: summer time ended on the 25th.
    assert briefing.starts_at == dt.datetime(2020, 10, 29, 13, 0, tzinfo=dt.UTC)
    assert briefing.ends_at - briefing.starts_at == dt.timedelta(minutes=90)
    invitations = Invitation.objects.filter(briefing=briefing)
    assert invitations.count() >= 50
    assert not invitations.filter(contact__organisation__is_partner=False).exists()
    assert not invitations.filter(contact__in=briefing.speakers.all()).exists()
    assert set(invitations.values_list("status", flat=True)) == set(Invitation.Status.values)
    assert not invitations.exclude(status="invited").filter(answered_at__isnull=True).exists()
    assert not invitations.filter(sent_at__isnull=True).exists()
    assert invitations.filter(attended=True).count() > 50
    assert invitations.filter(contact__preferred_language="ar").exists()
    assert invitations.filter(contact__preferred_language="fr").exists()


def test_seed_demo_contacts_have_fictional_addresses_and_several_languages(campaign):
    emails = list(Contact.objects.values_list("email", flat=True))
    assert emails and all(email.endswith((".example.org", "@example.net", ".example.com")) for email in emails)
    assert set(Contact.objects.values_list("preferred_language", flat=True)) == {"en", "fr", "ar"}
    assert Contact.objects.filter(full_name="Karekin II", tags__slug="religious-leader").exists()
    assert Contact.objects.filter(organisation__is_partner=True).values("organisation").distinct().count() >= 12


def test_seed_demo_records_the_joint_op_ed_its_pitches_and_placements(campaign):
    original = OpEd.objects.filter(campaign=campaign, language_versions__isnull=False).distinct().get()
    assert original.status == OpEd.Status.PLACED
    versions = {version.language: version for version in original.language_versions.all()}
    assert set(versions) == {"de", "ru", "fr"}
    assert all(version.campaign == campaign for version in versions.values())
    journalists = set(original.authors.values_list("full_name", flat=True))
    assert len(journalists) == 2
    assert set(versions["ru"].authors.values_list("full_name", flat=True)) == journalists

    joint_pitches = Pitch.objects.filter(op_ed__version_of=original)
    assert set(joint_pitches.values_list("outlet__country", flat=True)) == {"DE", "RU", "FR"}
    assert not joint_pitches.filter(pitched_on__isnull=True).exists()
    diplomat_pitch = Pitch.objects.get(op_ed__authors__tags__slug="diplomat")
    assert (diplomat_pitch.status, diplomat_pitch.pitched_on) == (Pitch.Status.PLANNED, None)
    assert OpEd.objects.get(authors__full_name="Karekin II").status == OpEd.Status.DRAFTING

    placements = Placement.objects.filter(campaign=campaign)
    assert Placement.objects.count() == placements.count() >= 3
    assert placements.filter(outlet__name="BBC World News", kind=Placement.Kind.COMMENT).exists()
    le_monde = placements.get(outlet__name="Le Monde")
    assert le_monde.kind == Placement.Kind.OPED
    assert le_monde.op_ed == versions["fr"] == le_monde.pitch.op_ed
    assert le_monde.pitch.status == Pitch.Status.PLACED
    assert le_monde.article.url == le_monde.url
    for placement in placements:
        placement.full_clean()
        assert placement.spokespeople.count() == 2


def test_seed_demo_leaves_outreach_threads_with_open_next_steps(campaign):
    today = timezone.localdate()
    interactions = Interaction.objects.filter(campaign=campaign)
    catholicos_thread = interactions.filter(organisation__name="Mother See of Holy Etchmiadzin")
    assert catholicos_thread.count() >= 3
    assert catholicos_thread.open_follow_ups().filter(follow_up_on__gte=today).exclude(next_step="").exists()
    assert interactions.due_by(today - dt.timedelta(days=1)).exists()  # overdue
    assert interactions.filter(contact__tags__slug="diplomat", done=False).exists()
    assert interactions.filter(contact__tags__slug="officer", done=False).exists()
    assert interactions.filter(done=True).count() == interactions.filter(done_at__isnull=False).count() > 0


def test_seed_demo_records_press_pickup(campaign):
    assert Feed.objects.values("outlet").distinct().count() == Outlet.objects.count() >= 8
    assert not Feed.objects.filter(is_active=True).exists()  # made-up feed URLs must not be polled
    mentions = Mention.objects.filter(campaign=campaign)
    assert mentions.count() >= 4
    for mention in mentions:
        assert mention.published_at == mention.article.published_at
        assert mention.terms.exists() and mention.snippet
    assert mentions.filter(terms__term="Minsk Group").exists()
    wire = Article.objects.get(outlet__name="AFP")
    assert Article.objects.filter(fingerprint=wire.fingerprint).count() == 2  # the same AFP copy, reprinted


def test_second_run_changes_nothing_even_on_a_later_day(monkeypatch):
    first_output = seed()
    assert "coordinator" in first_output and DEMO_PASSWORD in first_output
    assert "invitations" in first_output
    before = snapshot()
    # Follow-up dates are relative to the first run's day; updated_at shows any re-save.
    assert all(row["follow_up_on"] and row["updated_at"] for row in before["outreach.Interaction"] if not row["done"])

    later = timezone.localdate() + dt.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "nothing to create" in seed()

    assert snapshot() == before
    assert set(demo_seed().values()) == {0}


def test_seed_demo_keeps_the_password_of_an_existing_user(client):
    User.objects.create_user(username="staff", password="a-password-the-owner-chose")
    seed()
    assert client.login(username="staff", password="a-password-the-owner-chose")
    assert not client.login(username="staff", password=DEMO_PASSWORD)
    assert User.objects.get(username="staff").time_zone == "UTC"  # the existing account is left as it is


def test_seed_demo_has_one_protected_contact_and_an_audit_trail(campaign, client):
    from campaigns.models import AuditEntry
    from outreach.models import Contact

    (protected,) = Contact.objects.protected()
    assert protected.pseudonym == "Source B" and str(protected) == "Source B"
    assert AuditEntry.objects.filter(event="protected", actor__username="coordinator").exists()
    assert AuditEntry.objects.for_campaign(campaign.pk).filter(actor__username="coordinator").exists()
    client.login(username="staff", password=DEMO_PASSWORD)
    page = client.get(f"/outreach/contacts/{protected.pk}/").content.decode()
    assert "Source B" in page and protected.email not in page
    client.login(username="coordinator", password=DEMO_PASSWORD)
    page = client.get(f"/campaigns/{campaign.slug}/").content.decode()
    assert "Audit trail" in page


# --- The campaign's present, dated from the day of the run ------------------------------------


def test_fresh_demo_has_the_campaign_present_dated_from_today(client):
    seed()
    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    today, now = timezone.localdate(), timezone.now()

    upcoming = Briefing.objects.get(campaign=campaign, starts_at__gt=now)
    assert upcoming.status == Briefing.Status.SCHEDULED
    assert now + dt.timedelta(days=7) < upcoming.starts_at < now + dt.timedelta(days=14)
    invitations = upcoming.invitations.all()
    assert invitations.count() >= 20 and not invitations.filter(sent_at__isnull=True).exists()
    # Each has its invitation email in the outbox, so nobody is told to send them again.
    from outreach.models import OutgoingEmail

    emails = OutgoingEmail.objects.filter(invitation__briefing=upcoming, kind=OutgoingEmail.Kind.INVITATION)
    assert emails.count() == invitations.count()
    assert set(invitations.values_list("contact__preferred_language", flat=True)) == {"en", "fr", "ar"}
    answered = invitations.exclude(status=Invitation.Status.INVITED)
    assert 0 < answered.count() < invitations.count()
    assert set(answered.values_list("status", flat=True)) == {"accepted", "declined", "tentative"}
    assert not answered.filter(answered_at__gt=now).exists()

    awaiting = Pitch.objects.filter(op_ed__campaign=campaign, status=Pitch.Status.PITCHED, answered_on__isnull=True)
    recent = awaiting.filter(pitched_on__gte=today - dt.timedelta(days=10))
    assert recent.count() >= 3
    assert recent.filter(follow_up_on__lt=today).exists() and recent.filter(follow_up_on__gte=today).exists()

    this_week = Interaction.objects.filter(campaign=campaign).open_follow_ups()
    this_week = this_week.filter(follow_up_on__range=(today - dt.timedelta(days=7), today + dt.timedelta(days=7)))
    assert this_week.filter(follow_up_on__lt=today).count() >= 2
    assert this_week.filter(follow_up_on__gte=today).count() >= 3
    just_done = Interaction.objects.filter(campaign=campaign, done=True, occurred_at__gte=now - dt.timedelta(days=2))
    assert just_done.exists()

    mentions = Mention.objects.filter(campaign=campaign, published_at__gte=now - dt.timedelta(days=5))
    assert mentions.count() >= 3 and all(mention.terms.exists() for mention in mentions)

    from campaigns.reports.dashboard import Period, campaign_dashboard
    from campaigns.reports.due import due_for_user
    from campaigns.reports.quarterly.figures import quarter_figures

    board = campaign_dashboard(campaign=campaign, period=Period.last_days(90))
    assert board.activity and board.pitches and board.invitations
    quarter = quarter_figures(campaign=campaign, period=Period.quarter_of(today))
    assert quarter.has_activity and quarter.interactions and quarter.follow_ups
    for username in ("coordinator", "staff"):
        user = User.objects.get(username=username)
        due = due_for_user(user=user, today=today, until=today + dt.timedelta(days=7))
        assert any(item.due < today for item in due) and any(item.due >= today for item in due), username
        assert not any(item.kind == "briefing-invite" for item in due), username
    client.login(username="coordinator", password=DEMO_PASSWORD)
    assert "Send the monitoring notes to the desk" in client.get("/").content.decode()


def test_rerun_keeps_edits_and_deletions_and_recreates_nothing_under_a_deleted_row():
    seed()
    campaign = Campaign.objects.get(slug="nagorno-karabakh-2020")
    campaign.name = "Our own name for the campaign"
    campaign.save()
    upcoming = Briefing.objects.get(campaign=campaign, status=Briefing.Status.SCHEDULED)
    upcoming.title = "Partner call (moved to the new room)"
    upcoming.save()
    follow_up = Interaction.objects.get(summary__startswith="The South Caucasus desk asked")
    follow_up.next_step, follow_up.done, follow_up.done_at = "Done by phone", True, timezone.now()
    follow_up.save()
    Interaction.objects.get(summary__startswith="The producer may book").delete()
    truce = OpEd.objects.get(title__startswith="A truce is not a peace")
    truce.delete()  # its pitches go with it
    Mention.objects.filter(article__url__contains="parley-demo-minsk-group-today").delete()
    Contact.objects.get(email="k.brandt@faz.example.org").delete()  # the FAZ editor
    before = snapshot()

    assert "nothing to create" in seed()

    assert snapshot() == before
    campaign.refresh_from_db()
    assert campaign.name == "Our own name for the campaign"
    assert not Briefing.objects.filter(title=upcoming_title()).exists()
    assert not OpEd.objects.filter(title__startswith="A truce is not a peace").exists()
    assert not Pitch.objects.filter(outlet__name="Deutsche Welle").exists()
    assert not Interaction.objects.filter(summary__startswith="The producer may book").exists()
    assert not Contact.objects.filter(email="k.brandt@faz.example.org").exists()


def test_rows_seeded_before_the_ledger_are_kept_as_people_left_them():
    from campaigns.models import DemoRecord

    seed()
    DemoRecord.objects.all().delete()  # a database seeded by an older seed_demo
    Contact.objects.filter(email="k.brandt@faz.example.org").update(title="Editor-at-large")
    before = snapshot()
    before.pop("campaigns.DemoRecord")

    assert "nothing to create" in seed()

    after = snapshot()
    assert after.pop("campaigns.DemoRecord")
    assert after == before
    assert Contact.objects.get(email="k.brandt@faz.example.org").title == "Editor-at-large"


def upcoming_title() -> str:
    from campaigns.reports.demo_data import UPCOMING_BRIEFING

    return UPCOMING_BRIEFING["title"]
