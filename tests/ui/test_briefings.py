"""Briefings: create, invite by organisations/tags/people, answers per person and per partner, attendance, export."""

import csv
import datetime as dt
import io

import factory
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.views.common import new_form_token
from outreach.models import Briefing, Invitation
from outreach.services.invitations import invitations_send
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


# --- The invite picker, the list of invitees and attendance -------------------------------


def test_the_briefing_page_never_lists_the_directory_until_searched(client, world):
    organisation = OrganisationFactory(name="Zvartnots Relief")
    ContactFactory.create_batch(300, organisation=organisation, full_name=factory.Sequence(lambda n: f"Mariam Zed {n}"))
    client.force_login(world.staff)
    html = client.get(reverse("outreach:briefing-detail", args=[world.briefing.pk])).content.decode()
    assert 'id="invite-search"' in html
    assert (
        "Mariam Zed" not in html
        and "Zvartnots Relief" not in html
        and '<option value="' + str(organisation.pk) not in html
    )
    results = client.get(
        reverse("outreach:briefing-invite-search", args=[world.briefing.pk]), {"q": "zvart"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Zvartnots Relief" in results and "300 people" in results
    people = client.get(
        reverse("outreach:briefing-invite-search", args=[world.briefing.pk]), {"q": "MARIAM"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert people.count('type="checkbox"') == 8 and 'name="contacts"' in people


def test_the_picker_search_gives_each_kind_a_turn_and_leaves_out_the_chosen(client, world):
    ceasefire = OrganisationFactory(name="Ceasefire Watch")
    TagFactory(slug="ceasefire-monitors", name="Ceasefire monitors")
    for n in range(10):
        ContactFactory(full_name=f"Ceasefire Person {n}")
    client.force_login(world.staff)
    url = reverse("outreach:briefing-invite-search", args=[world.briefing.pk])
    html = client.get(url, {"q": "ceasefire"}).content.decode()
    assert html.count('type="checkbox"') == 8
    assert f'name="organisations" value="{ceasefire.pk}"' in html
    assert 'name="tags" value="ceasefire-monitors"' in html and html.count('name="contacts"') == 6
    again = client.get(url, {"q": "ceasefire", "organisations": [ceasefire.pk], "tags": ["ceasefire-monitors"]})
    assert "Ceasefire Watch" not in again.content.decode() and again.content.decode().count('name="contacts"') == 8
    assert client.get(url, {"q": "c"}).content.decode().strip() == ""  # one letter: no search


def test_a_viewer_sees_no_picker_and_the_search_refuses_them(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:briefing-detail", args=[world.briefing.pk])).content.decode()
    assert 'id="invite-search"' not in html and "Invite the chosen" not in html
    response = client.get(reverse("outreach:briefing-invite-search", args=[world.briefing.pk]), {"q": "Svitlana"})
    # The refusal page (its links may carry the address asked for) names no one found.
    assert response.status_code == 403 and "Svitlana Valko" not in response.content.decode()
    assert 'class="invite-option"' not in response.content.decode()
    client.force_login(world.outsider)
    assert (
        client.get(reverse("outreach:briefing-invite-search", args=[world.briefing.pk]), {"q": "Sv"}).status_code == 404
    )


def test_invitees_are_listed_once_25_a_page_and_filtered_by_answer_and_name(client, world):
    now = timezone.now()
    organisation = OrganisationFactory(name="Big Partner")
    for n in range(60):
        status = "accepted" if n % 3 == 0 else "invited"
        Invitation.objects.create(
            briefing=world.briefing,
            contact=ContactFactory(full_name=f"Invitee {n:02d}", organisation=organisation),
            status=status,
            answered_at=now if status != "invited" else None,
        )
    client.force_login(world.staff)
    url = reverse("outreach:briefing-detail", args=[world.briefing.pk])
    html = client.get(url).content.decode()
    assert html.count('">Invitee ') == 25 and html.count("data-invitation=") == 25
    assert html.count(">Invitee 00</a>") == 1  # once, not again in the delivery panel
    assert "Page 1 of 3" in html and 'href="?page=2"' in html
    accepted = client.get(url, {"answer": "accepted"}).content.decode()
    assert accepted.count("data-invitation=") == 20 and "Invitee 01" not in accepted
    assert "20 of 61 invitees" in accepted
    named = client.get(url, {"answer": "accepted", "name": "invitee 3"}).content.decode()
    assert [n for n in range(30, 40) if f"Invitee {n}" in named] == [30, 33, 36, 39]
    filtered_page = client.get(url, {"answer": "invited", "page": 2}).content.decode()
    assert "Page 2 of 2" in filtered_page and 'href="?answer=invited&page=1"' in filtered_page


def test_recording_an_answer_comes_back_to_the_same_filter_and_page(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:invitation-answer", args=[world.invitation.pk]),
        {"answer": "accepted", "back": "answer=invited&page=2&evil=1"},
    )
    assert response.status_code == 302
    assert (
        response.url
        == reverse("outreach:briefing-detail", args=[world.briefing.pk]) + "?answer=invited&page=2#invitees"
    )
    world.invitation.refresh_from_db()
    assert world.invitation.status == "accepted"


def test_attendance_controls_show_only_once_the_briefing_has_started(client, world):
    client.force_login(world.staff)
    url = reverse("outreach:briefing-detail", args=[world.briefing.pk])
    world.briefing.starts_at = timezone.now() + dt.timedelta(days=2)
    world.briefing.ends_at = world.briefing.starts_at + dt.timedelta(hours=1)
    world.briefing.save()
    future = client.get(url).content.decode()
    assert "invitation-attendance" not in future and ">Attended<" not in future
    assert "Attendance can be recorded once the briefing has started." in future
    world.briefing.starts_at = timezone.now() - dt.timedelta(minutes=5)
    world.briefing.save()
    started = client.get(url).content.decode()
    assert f"/outreach/invitations/{world.invitation.pk}/attendance" in started and "Attended" in started


def test_the_briefing_page_links_to_its_campaign_dashboard(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("outreach:briefing-detail", args=[world.briefing.pk])).content.decode()
    assert f'href="{reverse("campaigns:dashboard", args=[world.campaign.slug])}"' in html


def test_the_picker_invites_what_was_ticked_through_the_invitation_service(client, world):
    partner = OrganisationFactory(name="Tick Partner")
    a, b = ContactFactory(organisation=partner), ContactFactory(organisation=partner)
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:briefing-invite", args=[world.briefing.pk]),
        {"organisations": [partner.pk], "q": "tick", "form_token": new_form_token()},
        follow=True,
    )
    assert "Invited 2 contacts; 0 were already invited." in response.content.decode()
    assert set(world.briefing.invitations.values_list("contact_id", flat=True)) == {world.contact.pk, a.pk, b.pk}


def test_the_briefing_page_runs_as_many_queries_for_40_invitees_as_for_3(client, world):
    client.force_login(world.staff)
    url = reverse("outreach:briefing-detail", args=[world.briefing.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def invite(n: int) -> None:
        for _ in range(n):
            contact = ContactFactory(organisation=OrganisationFactory())
            contact.tags.add(TagFactory())
            Invitation.objects.create(briefing=world.briefing, contact=contact)

    invite(2)
    queries()  # warm-up
    few = queries()
    invite(38)
    assert queries() == few


def test_the_delivery_counts_refresh_alone_while_emails_wait(client, world):
    invitations_send(briefing=world.briefing, by=world.staff)
    client.force_login(world.staff)
    url = reverse("outreach:briefing-delivery", args=[world.briefing.pk])
    part = client.get(url, {"part": "counts"}, HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="delivery-counts"') and "Send invitations" not in part
    assert 'hx-trigger="every 2s"' in part and '<td data-count="waiting">1</td>' in part


def test_a_refused_invite_shows_the_error_without_the_directory(client, world):
    ContactFactory.create_batch(30, full_name=factory.Sequence(lambda n: f"Hidden Person {n}"))
    client.force_login(world.staff)
    response = client.post(
        reverse("outreach:briefing-invite", args=[world.briefing.pk]),
        {"contacts": ["999999"], "form_token": new_form_token()},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Hidden Person" not in html and 'role="alert"' in html
    assert world.briefing.invitations.count() == 1
