"""Moving or cancelling a briefing, from the admin or the API, emails its invitees."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from outreach.models import Briefing, OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_briefing():
    staff = f.UserFactory(username="organiser")
    campaign = f.CampaignFactory()
    f.MembershipFactory(user=staff, campaign=campaign, role="staff")
    briefing = f.BriefingFactory(campaign=campaign, starts_at=timezone.now() + dt.timedelta(days=5))
    invitations_create(briefing=briefing, contacts=f.ContactFactory.create_batch(3), by=staff)
    invitations_send(briefing=briefing, by=staff)
    return briefing, staff


def emails(kind: str) -> int:
    return OutgoingEmail.objects.filter(kind=kind).count()


def test_moving_a_briefing_through_the_api_sends_the_updated_entry(sent_briefing):
    briefing, staff = sent_briefing
    later = briefing.starts_at + dt.timedelta(hours=2)
    response = client_for(staff).patch(
        f"/api/v1/briefings/{briefing.pk}/",
        {"starts_at": later.isoformat(), "ends_at": (later + dt.timedelta(hours=1)).isoformat(), "title": "Moved"},
        format="json",
    )
    assert response.status_code == 200, response.content
    briefing.refresh_from_db()
    assert (briefing.title, briefing.starts_at, briefing.sequence) == ("Moved", later, 1)
    assert emails("update") == 3
    # A title-only edit moves nothing and emails nobody.
    client_for(staff).patch(f"/api/v1/briefings/{briefing.pk}/", {"title": "Renamed"}, format="json")
    briefing.refresh_from_db()
    assert briefing.sequence == 1 and emails("update") == 3


def test_cancelling_through_the_api_sends_cancel_once(sent_briefing):
    briefing, staff = sent_briefing
    OutgoingEmail.objects.update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now())
    for _ in range(2):
        response = client_for(staff).post(f"/api/v1/briefings/{briefing.pk}/cancel/")
        assert response.status_code == 200, response.content
    assert Briefing.objects.get(pk=briefing.pk).status == "cancelled"
    assert emails("cancellation") == 3


def test_moving_a_briefing_in_the_admin_sends_the_updated_entry(sent_briefing, admin_client):
    briefing, _staff = sent_briefing
    later = timezone.localtime(briefing.starts_at + dt.timedelta(days=1))
    form = {
        "campaign": briefing.campaign_id,
        "title": briefing.title,
        "agenda": "",
        "starts_at_0": later.strftime("%Y-%m-%d"),
        "starts_at_1": later.strftime("%H:%M:%S"),
        # The end's own date: an hour after a late-evening start is the next day.
        "ends_at_0": (later + dt.timedelta(hours=1)).strftime("%Y-%m-%d"),
        "ends_at_1": (later + dt.timedelta(hours=1)).strftime("%H:%M:%S"),
        "time_zone": briefing.time_zone,
        "online_url": briefing.online_url,
        "location": "",
        "status": briefing.status,
        "invitations-TOTAL_FORMS": "0",
        "invitations-INITIAL_FORMS": "0",
        "invitations-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/outreach/briefing/{briefing.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    briefing.refresh_from_db()
    assert briefing.sequence == 1 and emails("update") == 3


def test_correcting_a_past_briefing_emails_nobody(sent_briefing):
    briefing, staff = sent_briefing
    Briefing.objects.filter(pk=briefing.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2), ends_at=timezone.now() - dt.timedelta(days=2, hours=-1)
    )
    response = client_for(staff).patch(f"/api/v1/briefings/{briefing.pk}/", {"location": "Paris"}, format="json")
    assert response.status_code == 200
    assert emails("update") == 0 and Briefing.objects.get(pk=briefing.pk).location == "Paris"


def test_moving_and_cancelling_from_the_briefing_page(sent_briefing, client):
    briefing, staff = sent_briefing
    client.force_login(staff)
    url = f"/outreach/briefings/{briefing.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    paris = zoneinfo.ZoneInfo(briefing.time_zone)
    shown = timezone.localtime(briefing.starts_at, paris).strftime("%Y-%m-%d %H:%M")
    assert shown in page.content.decode().replace("T", " ")  # typed and shown in the briefing's zone
    later = timezone.localtime(briefing.starts_at + dt.timedelta(hours=3), paris).replace(second=0, microsecond=0)
    form = {
        "title": briefing.title,
        "agenda": "",
        "starts_at": later.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (later + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "time_zone": briefing.time_zone,
        "online_url": briefing.online_url,
        "location": "",
        "status": "scheduled",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    briefing.refresh_from_db()
    assert briefing.starts_at == later and briefing.sequence == 1 and emails("update") == 3
    OutgoingEmail.objects.update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now())
    client.post(url, {**form, "status": "cancelled"})
    assert Briefing.objects.get(pk=briefing.pk).status == "cancelled" and emails("cancellation") == 3
    viewer = f.UserFactory()
    f.MembershipFactory(user=viewer, campaign=briefing.campaign, role="viewer")
    client.force_login(viewer)
    assert client.post(url, form).status_code == 403
