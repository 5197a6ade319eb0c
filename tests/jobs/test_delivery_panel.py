"""The staff panel of a briefing: per invitee sent / delivered / failed, send and nudge buttons."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from campaigns.models import Membership
from outreach.mail.send import email_send
from outreach.models import OutgoingEmail
from outreach.services.invitations import invitations_create
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    briefing = f.BriefingFactory()
    staff = f.UserFactory(username="staffer")
    f.MembershipFactory(user=staff, campaign=briefing.campaign, role=Membership.Role.STAFF)
    organisation = f.OrganisationFactory(name="Conciliation Partners")
    contacts = {
        "ok": f.ContactFactory(full_name="Okay Person", organisation=organisation),
        "refused": f.ContactFactory(full_name="Refused Person", email="gone@partner.example.org"),
        "none": f.ContactFactory(full_name="No Address", email=""),
    }
    invitations_create(briefing=briefing, contacts=contacts.values(), by=staff)
    client.force_login(staff)
    return briefing, staff, contacts, organisation


def test_send_button_queues_reports_skips_and_the_panel_shows_each_outcome(client, setup, smtp):
    briefing, _staff, contacts, _organisation = setup
    response = client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 emails queued." in html and "Skipped No Address:" in html and "no email address" in html
    assert '<td data-count="waiting">2</td>' in html and 'data-in-flight="yes"' in html
    ok_id = OutgoingEmail.objects.get(recipient=contacts["ok"].email).pk
    refused_id = OutgoingEmail.objects.get(recipient="gone@partner.example.org").pk
    assert email_send(email_id=ok_id) == "sent"
    smtp.handler.scripted_replies.append("550 5.1.1 Mailbox unavailable")
    assert email_send(email_id=refused_id) == "failed"
    panel = client.get(f"/outreach/briefings/{briefing.pk}/delivery/").content.decode()
    assert '<td data-count="sent">1</td>' in panel and '<td data-count="failed">1</td>' in panel
    assert "Refused Person" in panel and "550" in panel and "Mailbox unavailable" in panel
    assert "Not sent: no email address" in panel
    assert "Nudge non-responders of Conciliation Partners" in panel
    assert 'data-in-flight="no"' in panel and "every 2s" not in panel  # nothing left to wait for
    # Each invitee's own emails show once, in the briefing page's list of invitees.
    page = client.get(f"/outreach/briefings/{briefing.pk}/").content.decode()
    assert page.count("delivered to the mail server") == 1 and page.count("Mailbox unavailable") == 1


def test_nudge_button_nudges_one_organisation(client, setup, smtp):
    briefing, _staff, contacts, organisation = setup
    client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/")
    deliver_due()
    response = client.post(f"/outreach/briefings/{briefing.pk}/nudge/{organisation.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "1 email queued." in response.content.decode()
    assert list(OutgoingEmail.objects.filter(kind="nudge").values_list("recipient", flat=True)) == [
        contacts["ok"].email
    ]


def test_viewers_see_the_panel_but_cannot_send(client, setup):
    briefing, _staff, _contacts, _organisation = setup
    viewer = f.UserFactory(username="viewer1")
    f.MembershipFactory(user=viewer, campaign=briefing.campaign, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    panel = client.get(f"/outreach/briefings/{briefing.pk}/delivery/")
    assert panel.status_code == 200 and "Send invitations" not in panel.content.decode()
    assert client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/").status_code == 403
    assert OutgoingEmail.objects.count() == 0
    outsider = f.UserFactory(username="outsider")
    client.force_login(outsider)
    assert (
        client.get(f"/outreach/briefings/{briefing.pk}/delivery/").status_code == 404
    )  # not a member: as in the rest of the UI


def test_sending_for_a_cancelled_briefing_says_why_and_queues_nothing(client, setup):
    briefing, *_ = setup
    briefing.status = "cancelled"
    briefing.save()
    response = client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "This briefing is cancelled." in response.content.decode()
    assert OutgoingEmail.objects.count() == 0
    assert client.get(f"/outreach/briefings/{briefing.pk}/send-invitations/").status_code == 405


def test_send_button_can_schedule_the_invitations_in_the_staff_members_time_zone(client, setup):
    briefing, staff, _contacts, _organisation = setup
    staff.time_zone = "Asia/Yerevan"
    staff.save()
    local = (briefing.starts_at - dt.timedelta(days=2)).astimezone(zoneinfo.ZoneInfo("Asia/Yerevan"))
    field = local.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/outreach/briefings/{briefing.pk}/send-invitations/", {"send_at": field}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "2 emails queued." in response.content.decode()
    expected = local.replace(second=0, microsecond=0)
    assert set(OutgoingEmail.objects.values_list("next_attempt_at", flat=True)) == {expected}
    assert set(OutgoingEmail.objects.values_list("enqueued_at", flat=True)) == {None}  # not published yet


def test_a_bad_sending_time_is_refused_and_queues_nothing(client, setup):
    briefing, *_ = setup
    url = f"/outreach/briefings/{briefing.pk}/send-invitations/"
    response = client.post(url, {"send_at": "tomorrow"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Give the sending time" in response.content.decode()
    after_start = client.post(
        f"/outreach/briefings/{briefing.pk}/send-invitations/",
        {"send_at": (briefing.starts_at + dt.timedelta(hours=1)).isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert after_start.status_code == 400 and "before the briefing starts" in after_start.content.decode()
    assert OutgoingEmail.objects.count() == 0


def test_the_briefing_page_loads_the_panel_and_a_plain_send_comes_back_to_it(client, setup):
    briefing, *_ = setup
    page = client.get(f"/outreach/briefings/{briefing.pk}/").content.decode()
    assert f'hx-get="/outreach/briefings/{briefing.pk}/delivery/"' in page
    response = client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/")
    assert response.status_code == 302 and response["Location"] == f"/outreach/briefings/{briefing.pk}/"
    assert OutgoingEmail.objects.count() > 0
    full_page = client.get(f"/outreach/briefings/{briefing.pk}/delivery/").content.decode()
    assert "<html" in full_page and "Invitation emails" in full_page
    fragment = client.get(f"/outreach/briefings/{briefing.pk}/delivery/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="briefing-delivery"' in fragment
