"""Briefings: create, invite by organisations/tags/people, answers per person and per partner, attendance, export."""

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from campaigns.views.common import new_form_token
from outreach.models import Briefing, Invitation
from tests.factories import ContactFactory, OrganisationFactory, TagFactory


def test_create_briefing_in_its_time_zone_and_double_submit_once(client, world):
    client.force_login(world.staff)
    data = {
        "campaign": world.campaign.pk,
        "title": "Ceasefire briefing",
        "starts_at": "2026-12-01T15:00",
        "ends_at": "2026-12-01T16:30",
        "time_zone": "Asia/Yerevan",
        "status": "scheduled",
        "form_token": new_form_token(),
    }
    first = client.post(reverse("outreach:briefing-new"), data)
    second = client.post(reverse("outreach:briefing-new"), data)
    assert first.status_code == second.status_code == 302 and first.url == second.url
    briefing = Briefing.objects.get(title="Ceasefire briefing")
    assert briefing.starts_at.astimezone(briefing.tzinfo).hour == 15
    assert briefing.starts_at.astimezone(dt.UTC).hour == 11  # Yerevan is UTC+4
    assert briefing.created_by == world.staff


def test_briefing_ending_before_it_starts_shows_the_error(client, world):
    client.force_login(world.staff)
    data = {
        "campaign": world.campaign.pk,
        "title": "Backwards",
        "starts_at": "2026-12-01T15:00",
        "ends_at": "2026-12-01T14:00",
        "time_zone": "UTC",
        "status": "draft",
        "form_token": new_form_token(),
    }
    response = client.post(reverse("outreach:briefing-new"), data)
    assert response.status_code == 200
    assert "A briefing must end after it starts." in response.content.decode()
    assert not Briefing.objects.filter(title="Backwards").exists()


def test_invite_by_organisation_tag_and_person_once_each(client, world):
    partner = OrganisationFactory(name="IPHR")
    a, b = ContactFactory(organisation=partner), ContactFactory(organisation=partner)
    tag = TagFactory(slug="general", name="General")
    general = ContactFactory(full_name="A General")
    general.tags.add(tag)
    a.tags.add(tag)
    client.force_login(world.staff)
    url = reverse("outreach:briefing-invite", args=[world.briefing.pk])
    data = {
        "organisations": [partner.pk, world.organisation.pk],
        "tags": ["general"],
        "contacts": [b.pk],
        "form_token": new_form_token(),
    }
    response = client.post(url, data, follow=True)
    assert "Invited 3 contacts; 1 were already invited." in response.content.decode()
    invited = set(Invitation.objects.filter(briefing=world.briefing).values_list("contact_id", flat=True))
    assert invited == {a.pk, b.pk, general.pk, world.contact.pk}


def test_invite_with_nothing_picked_shows_an_error(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:briefing-invite", args=[world.briefing.pk]), {"form_token": new_form_token()}
    )
    assert response.status_code == 400
    assert "Pick at least one organisation, tag or person." in response.content.decode()


def test_answers_rolled_up_per_partner(client, world):
    silent_org = OrganisationFactory(name="Silent Partners")
    represented_org = OrganisationFactory(name="Coming Partners")
    now = timezone.now()
    for contact, status in [
        (ContactFactory(organisation=silent_org), "invited"),
        (ContactFactory(organisation=represented_org), "declined"),
        (ContactFactory(organisation=represented_org), "accepted"),
    ]:
        Invitation.objects.create(
            briefing=world.briefing, contact=contact, status=status, answered_at=None if status == "invited" else now
        )
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:briefing-detail", args=[world.briefing.pk])).content.decode()
    represented = html.index("Partners who will be represented")
    silent = html.index("Partners who have not answered at all")
    assert represented < html.index("Coming Partners") < silent < html.index("Silent Partners")
    assert "Accepted: 1" in html and "No answer: 2" in html  # Svitlana has not answered either
    # The answers part refreshes itself through htmx.
    part = client.get(
        reverse("outreach:briefing-detail", args=[world.briefing.pk]), {"part": "answers"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in part and "Coming Partners" in part
    # A viewer sees answers but no invite form nor attendance buttons.
    assert 'id="invite"' not in html and "invitation-attendance" not in html


def test_tick_attendance_and_export_attendees(client, world):
    # Attendance is recorded once the briefing has started.
    world.briefing.starts_at = timezone.now() - dt.timedelta(hours=1)
    world.briefing.save()
    client.force_login(world.staff)
    url = reverse("outreach:invitation-attendance", args=[world.invitation.pk])
    response = client.post(url, {"attended": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()
    world.invitation.refresh_from_db()
    assert world.invitation.attended is True
    body = client.get(reverse("outreach:briefing-export", args=[world.briefing.pk]), {"only": "attended"})
    rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
    assert rows == [
        ["name", "email", "organisation", "answer", "attended"],
        ["Svitlana Valko", "sv@iphr.example.org", "Conciliation Resources", "invited", "yes"],
    ]


def test_briefing_permissions(client, world):
    client.force_login(world.viewer)
    assert (
        client.post(
            reverse("outreach:invitation-attendance", args=[world.invitation.pk]), {"attended": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("outreach:briefing-invite", args=[world.briefing.pk]), {"contacts": [world.contact.pk]}
        ).status_code
        == 403
    )
    assert client.get(reverse("outreach:briefing-new")).status_code == 403
    client.force_login(world.outsider)
    for url in (
        reverse("outreach:briefing-detail", args=[world.briefing.pk]),
        reverse("outreach:briefing-export", args=[world.briefing.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("outreach:invitation-attendance", args=[world.invitation.pk]), {"attended": "yes"}
        ).status_code
        == 404
    )
    html = client.get(reverse("outreach:briefing-list")).content.decode()
    assert "Secret briefing" in html and "Global partner briefing" not in html
    world.invitation.refresh_from_db()
    assert world.invitation.attended is None


def test_times_show_in_the_briefing_zone_and_in_mine(client, world):
    world.staff.time_zone = "Asia/Baku"
    world.staff.save()
    world.briefing.time_zone = "Europe/Paris"
    world.briefing.starts_at = dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC)  # 15:00 Paris, 18:00 Baku
    world.briefing.ends_at = dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
    world.briefing.save()
    client.force_login(world.staff)
    html = client.get(reverse("outreach:briefing-detail", args=[world.briefing.pk])).content.decode()
    assert "Dec. 1, 2026, 3 p.m. – 4:30 p.m." in html
    assert "Dec. 1, 2026, 6 p.m. in your time zone (Asia/Baku)" in html


def test_due_today_follows_my_time_zone(client, world):
    # 23:30 UTC is already tomorrow in Baku: what is due "tomorrow" in UTC is due today there.
    from unittest import mock

    from tests.factories import InteractionFactory

    now = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)
    InteractionFactory(
        campaign=world.campaign, logged_by=world.staff, next_step="Call Baku", follow_up_on=dt.date(2026, 11, 24)
    )
    world.staff.time_zone = "Asia/Baku"
    world.staff.save()
    client.force_login(world.staff)
    with mock.patch("django.utils.timezone.now", return_value=now):
        html = client.get(reverse("home")).content.decode()
    assert html.index("Due today") < html.index("Call Baku")
    assert "Coming up" not in html[: html.index("Call Baku")]
