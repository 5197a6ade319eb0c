"""The contact's page shows their email preferences and where they come from, a suppression with the
lift action, and recent emails with their delivery events; staff change preferences only with a reason."""

from __future__ import annotations

import pytest

from campaigns.models import Membership
from outreach.models import DeliveryEvent, EmailSuppression
from tests import factories as f
from tests.email.conftest import sent_invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = f.UserFactory(username="nareh")
    f.MembershipFactory(user=user, campaign=f.CampaignFactory(), role=Membership.Role.STAFF)
    client.force_login(user)
    return user


def test_the_contact_page_loads_the_email_card_and_the_form_shows_the_preferences(client, staff):
    contact = f.ContactFactory(email_reminders=False)
    page = client.get(f"/outreach/contacts/{contact.pk}/").content.decode()
    assert f'hx-get="/outreach/contacts/{contact.pk}/email/"' in page
    form = client.get(f"/outreach/contacts/{contact.pk}/edit/").content.decode()
    assert "✗ Reminders and nudges" in form and f"/outreach/contacts/{contact.pk}/email-preferences/" in form


def test_the_card_shows_preferences_suppression_and_events(client, staff):
    contact = f.ContactFactory(email="gone@partner.example.org", email_updates=False)
    email = sent_invitation(contact=contact)
    event = DeliveryEvent.objects.create(
        email=email,
        type="bounced",
        provider="mailgun",
        occurred_at=email.sent_at,
        detail="550 5.1.1",
        action="suppressed",
    )
    EmailSuppression.objects.create(address=contact.email, reason="hard_bounce", provider="mailgun", event=event)
    html = client.get(f"/outreach/contacts/{contact.pk}/email/", HTTP_HX_REQUEST="true").content.decode()
    assert "Parley does not email this address, for any campaign." in html
    assert "Lift the suppression" in html
    assert 'data-topic="updates" data-on="false"' in html and 'data-topic="invitations" data-on="true"' in html
    assert 'data-event="bounced"' in html and "550 5.1.1" in html
    assert "not recorded" in html


def test_a_viewer_sees_the_card_but_changes_nothing(client):
    viewer = f.UserFactory()
    f.MembershipFactory(user=viewer, campaign=f.CampaignFactory(), role=Membership.Role.VIEWER)
    client.force_login(viewer)
    contact = f.ContactFactory()
    suppression = EmailSuppression.objects.create(address=contact.email, reason="complaint")
    html = client.get(f"/outreach/contacts/{contact.pk}/email/", HTTP_HX_REQUEST="true").content.decode()
    assert "Lift the suppression" not in html and "Change email preferences" not in html
    assert client.post(f"/outreach/email-suppressions/{suppression.pk}/lift/", {"reason": "x"}).status_code == 403
    response = client.post(f"/outreach/contacts/{contact.pk}/email-preferences/", {"reason": "x", "source": "event"})
    assert response.status_code == 403
    suppression.refresh_from_db()
    contact.refresh_from_db()
    assert suppression.lifted_at is None and contact.email_invitations
