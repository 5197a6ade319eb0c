"""Every model of Parley's apps is in the admin, and its pages open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import checks
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.models import (
    AuditEntry,
    Campaign,
    CampaignStatusChange,
    DemoRecord,
    Evidence,
    ExitCriterion,
    Membership,
    MentionDailyCount,
    MentionRollup,
    Objective,
    ObjectiveStatusChange,
    QuarterlyShareLink,
    QuarterlyUpdate,
    QuarterlyVersion,
    RollupWatermark,
    User,
)
from campaigns.services import api_token_create
from media_tracker.models import (
    AlertSubscription,
    Article,
    ExclusivityBreach,
    Feed,
    Mention,
    Notification,
    Outlet,
    Placement,
    Story,
    TrackedTerm,
)
from outreach.models import (
    Briefing,
    Contact,
    DailyRun,
    DeliveryEvent,
    EmailPreferenceChange,
    EmailSuppression,
    Interaction,
    Invitation,
    Lease,
    OpEd,
    Organisation,
    OutgoingEmail,
    Pitch,
    Tag,
    WebhookReceipt,
)

APP_LABELS = ("campaigns", "outreach", "media_tracker")


def registered_models() -> list[type[Model]]:
    models = [model for model in admin.site._registry if model._meta.app_label in APP_LABELS]
    return sorted(models, key=lambda model: model._meta.label)


def make_one_of_each(user: User) -> dict[type[Model], Model]:
    """One valid row of every model, linked together as in real use."""
    today = dt.date(2025, 3, 10)
    now = timezone.now()
    campaign = Campaign.objects.create(
        name="Water for Gaza",
        slug="water",
        status=Campaign.Status.ACTIVE,
        launched_on=today,
        coordinator=user,
    )
    organisation = Organisation.objects.create(name="Relief Now", kind=Organisation.Kind.HUMANITARIAN, country="FR")
    tag = Tag.objects.create(slug="expert", name="Expert")
    contact = Contact.objects.create(
        full_name="Amal Haddad",
        organisation=organisation,
        email="amal@example.org",
        country="LB",
        languages=["ar", "en"],
    )
    contact.tags.add(tag)
    briefing = Briefing.objects.create(
        campaign=campaign,
        title="Donor briefing",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
        created_by=user,
    )
    briefing.speakers.add(contact)
    op_ed = OpEd.objects.create(campaign=campaign, title="Open the crossings", owner=user)
    op_ed.authors.add(contact)
    OpEd.objects.create(campaign=campaign, title="Ouvrez les passages", language="fr", version_of=op_ed)
    outlet = Outlet.objects.create(name="The Daily", country="GB", language="en")
    feed = Feed.objects.create(outlet=outlet, url="https://daily.example.com/rss", etag='"abc"')
    pitch = Pitch.objects.create(
        op_ed=op_ed,
        outlet=outlet,
        editor=contact,
        status=Pitch.Status.PITCHED,
        pitched_on=today,
        owner=user,
    )
    article = Article.objects.create(
        outlet=outlet,
        feed=feed,
        url="https://daily.example.com/a/1",
        title="Crossings",
        published_at=now,
    )
    term = TrackedTerm.objects.create(campaign=campaign, term="crossings")
    mention = Mention.objects.create(article=article, campaign=campaign, snippet="...crossings...", published_at=now)
    mention.terms.add(term)
    placement = Placement.objects.create(
        campaign=campaign,
        outlet=outlet,
        op_ed=op_ed,
        pitch=pitch,
        article=article,
        published_on=today,
    )
    placement.spokespeople.add(contact)
    rows = [
        user,
        campaign,
        CampaignStatusChange.objects.create(
            campaign=campaign, from_status="draft", to_status="active", changed_by=user
        ),
        objective := Objective.objects.create(
            campaign=campaign,
            title="Open two crossings",
            target="Ministry of Defence",
            target_organisation=organisation,
        ),
        ObjectiveStatusChange.objects.create(
            objective=objective,
            from_status="not_started",
            to_status="in_progress",
            changed_by=user,
            note="Met the desk",
        ),
        Evidence.objects.create(
            campaign=campaign,
            objective=objective,
            kind="placement",
            placement=placement,
            label="Open the crossings",
            occurred_on=today,
            added_by=user,
        ),
        ExitCriterion.objects.create(
            campaign=campaign,
            text="Both crossings open for a month",
            state="partly",
            evidence="One crossing open since March",
            state_on=today,
        ),
        update := QuarterlyUpdate.objects.create(campaign=campaign, year=2025, quarter=1, created_by=user),
        version := QuarterlyVersion.objects.create(update=update, number=1, document={"sections": []}, frozen_by=user),
        QuarterlyShareLink.objects.create(version=version, token="t" * 43, created_by=user),
        Membership.objects.create(user=user, campaign=campaign, role=Membership.Role.COORDINATOR),
        organisation,
        tag,
        contact,
        Interaction.objects.create(campaign=campaign, contact=contact, summary="Call", logged_by=user),
        briefing,
        Invitation.objects.create(
            briefing=briefing,
            contact=contact,
            status=Invitation.Status.ACCEPTED,
            answered_at=now,
            invited_by=user,
        ),
        op_ed,
        pitch,
        outlet,
        feed,
        article,
        term,
        mention,
        placement,
        MentionRollup.objects.create(
            campaign=campaign, day=today, outlet=outlet, country="FR", language="fr", mentions=3
        ),
        MentionDailyCount.objects.create(campaign=campaign, day=today, country="FR", language="fr", mentions=3),
        RollupWatermark.objects.create(name="mentions", found_up_to=now, refreshed_at=now),
        DemoRecord.objects.create(key="campaign:water", model="campaigns.campaign", object_id=campaign.pk),
        # The email outbox: read-only in the admin.
        OutgoingEmail.objects.create(
            kind="invitation", dedupe_key="admin:1", recipient="amal@example.org", next_attempt_at=now
        ),
        DailyRun.objects.create(job="digest:user:1", day=today),
        # Partners' email: events, suppressions and preference changes, read-only.
        event := DeliveryEvent.objects.create(
            email=OutgoingEmail.objects.get(dedupe_key="admin:1"), type="bounced", provider="mailgun", occurred_at=now
        ),
        EmailSuppression.objects.create(address="amal@example.org", reason="hard_bounce", event=event),
        EmailPreferenceChange.objects.create(contact=contact, source="partner_form", before={}, after={}),
        WebhookReceipt.objects.create(key="mailgun:tracking:1"),
        Lease.objects.create(name="beat", holder="beat-1", expires_at=now),
        Story.objects.create(fingerprint="0" * 64, title="Crossings"),
        # Alerts and exclusivities: listed and removed in the admin, never added there.
        AlertSubscription.objects.create(user=user, campaign=campaign, term=term),
        Notification.objects.create(user=user, campaign=campaign, kind="mention", mention=mention),
        ExclusivityBreach.objects.create(pitch=pitch, article=article, reason="title"),
        api_token_create(user=user, name="CRM sync")[0],
    ]
    rows.append(AuditEntry.objects.latest("id"))  # the audit trail (issue 12): read-only in the admin
    return {type(row): row for row in rows}


def admin_url(model: type[Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix: str) -> dict[str, str]:
    """An inline formset that submits no rows (and so leaves existing rows alone)."""
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_every_model_of_the_apps_is_registered():
    all_models = {model for label in APP_LABELS for model in apps.get_app_config(label).get_models()}
    assert set(registered_models()) == all_models


def test_admin_configuration_passes_system_checks():
    assert checks.run_checks(tags=[checks.Tags.admin]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model._meta.label)
def test_changelist_search_change_and_add_pages_open(admin_client, admin_user, model):
    rows = make_one_of_each(admin_user)
    assert model in rows, f"make_one_of_each() needs a row of {model._meta.label}"
    urls = [
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=x",
        admin_url(model, "change", rows[model].pk),
    ]
    request = RequestFactory().get("/")
    request.user = admin_user
    if admin.site._registry[model].has_add_permission(request):  # read-only admins have no add page
        urls.append(admin_url(model, "add"))
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.django_db
def test_user_added_in_admin_keeps_time_zone_and_language(admin_client):
    response = admin_client.post(
        admin_url(User, "add"),
        {
            "username": "nour",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "email": "nour@example.org",
            "time_zone": "Asia/Beirut",
            "language": "ar",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="nour")
    assert (user.time_zone, user.language, user.email) == ("Asia/Beirut", "ar", "nour@example.org")


@pytest.mark.django_db
def test_status_is_read_only_in_the_change_form_and_moves_through_the_action(admin_client, admin_user):
    campaign = Campaign.objects.create(name="Schools", slug="schools")
    data = {
        "name": "Schools",
        "slug": "schools",
        "status": "active",  # read-only: ignored
        "launched_on": "2025-03-10",
        "follow_up_delay_days": "3",
        "escalation_after_days": "7",
        **management_form("objectives"),
        **management_form("memberships"),
        **management_form("status_changes"),
    }
    response = admin_client.post(admin_url(Campaign, "change", campaign.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert (campaign.status, campaign.launched_on) == ("draft", dt.date(2025, 3, 10))
    assert not CampaignStatusChange.objects.exists()

    action = {"action": "change_status", "_selected_action": [campaign.pk], "status": "active", "apply": "1"}
    admin_client.post(admin_url(Campaign, "changelist"), action)
    change = CampaignStatusChange.objects.get(campaign=campaign)
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "active", admin_user)


@pytest.mark.django_db
def test_briefing_sequence_rises_only_when_the_schedule_changes(admin_client, admin_user):
    campaign = Campaign.objects.create(name="Schools", slug="schools")
    starts_at = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
    briefing = Briefing.objects.create(
        campaign=campaign,
        title="Briefing",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
    )

    def post(title: str, start_time: str) -> None:
        data = {
            "campaign": campaign.pk,
            "title": title,
            "status": "scheduled",
            "starts_at_0": "2025-03-10",
            "starts_at_1": start_time,
            "ends_at_0": "2025-03-10",
            "ends_at_1": "12:00",
            "time_zone": "UTC",
            **management_form("invitations"),
        }
        response = admin_client.post(admin_url(Briefing, "change", briefing.pk), data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    post("Briefing", "09:00")
    post("Renamed briefing", "09:00")
    briefing.refresh_from_db()
    assert (briefing.title, briefing.sequence) == ("Renamed briefing", 0)

    post("Renamed briefing", "10:00")
    briefing.refresh_from_db()
    assert briefing.sequence == 1
