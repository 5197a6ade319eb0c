"""The coordinator's personal note per language, the preview as each language's invitees will see it,
a test to themselves through the outbox; and partners' replies logged on their contact (Mailgun inbound)."""

from __future__ import annotations

import logging
import time
import uuid
from email.message import EmailMessage

import pytest

from campaigns.models import Membership
from outreach.mail.send import message_id
from outreach.models import Interaction, OutgoingEmail
from outreach.services.consent import preferences_token
from outreach.services.invitations import invitations_create
from tests import factories as f
from tests.email.conftest import mailgun_signed, sent_invitation
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(client):
    coordinator = f.UserFactory(email="nareh@ngo.example.org", language="en")
    briefing = f.BriefingFactory(title="Ceasefire briefing", campaign=f.CampaignFactory(coordinator=coordinator))
    f.MembershipFactory(user=coordinator, campaign=briefing.campaign, role=Membership.Role.COORDINATOR)
    people = {
        "en": f.ContactFactory(full_name="Anna Smith", preferred_language="en"),
        "fr": f.ContactFactory(full_name="Luc Martin", preferred_language="fr"),
    }
    invitations_create(briefing=briefing, contacts=people.values(), by=coordinator)
    client.force_login(coordinator)
    return briefing, coordinator, people


NOTES = {"note_en": "Svitlana Valko will open the call.", "note_fr": "Svitlana Valko ouvrira l'appel.", "note_ar": ""}


def test_the_preview_shows_each_languages_email_with_its_note_and_calendar_and_changes_nothing(client, round_):
    briefing, _coordinator, _people = round_
    url = f"/outreach/briefings/{briefing.pk}/invitations/preview/"
    html = client.post(url, NOTES, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-language="en"' in html and 'data-language="fr"' in html and 'data-language="ar"' not in html
    assert "Svitlana Valko will open the call." in html and "Svitlana Valko ouvrira l&#x27;appel." in html
    assert "BEGIN:VCALENDAR" in html and "Plain text version" in html
    assert "Invitation: Ceasefire briefing" in html
    assert not OutgoingEmail.objects.exists()
    full_page = client.post(url, NOTES)
    assert full_page.status_code == 200 and "Svitlana Valko will open the call." in full_page.content.decode()


def test_a_test_goes_to_the_coordinator_through_the_outbox_per_language(client, round_, smtp):
    briefing, coordinator, people = round_
    response = client.post(f"/outreach/briefings/{briefing.pk}/invitations/test/", NOTES, HTTP_HX_REQUEST="true")
    assert "2 tests are on their way to nareh@ngo.example.org." in response.content.decode()
    assert set(OutgoingEmail.objects.values_list("kind", "recipient")) == {("test", coordinator.email)}
    assert deliver_due() == {"sent": 2}
    by_language = {m.message["Content-Language"]: m for m in smtp.handler.received}
    assert by_language["fr"].message["Subject"].startswith("[Test] Invitation : Ceasefire briefing")
    assert "Svitlana Valko ouvrira l'appel." in by_language["fr"].text()
    assert "BEGIN:VCALENDAR" in by_language["en"].calendar()
    # Nothing was sent to the partners, and the invitations are still unsent.
    assert not smtp.handler.by_recipient().keys() - {coordinator.email}
    assert not briefing.invitations.filter(sent_at__isnull=False).exists()


def test_each_invitee_gets_the_note_of_their_language(client, round_, smtp):
    briefing, _coordinator, people = round_
    client.post(f"/outreach/briefings/{briefing.pk}/send-invitations/", NOTES)
    deliver_due()
    received = smtp.handler.by_recipient()
    assert "Svitlana Valko will open the call." in received[people["en"].email][0].text()
    french = received[people["fr"].email][0]
    assert "Svitlana Valko ouvrira l'appel." in french.text() and "will open" not in french.text()
    assert "Svitlana Valko ouvrira l&#x27;appel." in french.html()


def test_a_note_too_long_is_refused_and_nothing_is_queued(client, round_):
    briefing, _coordinator, _people = round_
    response = client.post(
        f"/outreach/briefings/{briefing.pk}/send-invitations/", {"note_en": "x" * 1001}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Keep each personal note under 1000 characters." in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_test_needs_an_address_of_ones_own(client, round_):
    briefing, coordinator, _people = round_
    coordinator.email = ""
    coordinator.save()
    response = client.post(f"/outreach/briefings/{briefing.pk}/invitations/test/", NOTES, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "no valid email address" in response.content.decode()


# --- Replies (Mailgun inbound, signed) --------------------------------------------------------------


def inbound(
    client, *, sender: str, subject: str, text: str, in_reply_to: str = "", to: str = "partners@ngo.example.org"
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{uuid.uuid4().hex}@partner.example.org>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(text)
    fields = {"body-mime": message.as_string(), "sender": sender, "recipient": to}
    signature = mailgun_signed({})["signature"]
    return client.post("/email/webhooks/mailgun/inbound/", {**fields, **signature})


def test_a_partners_reply_is_logged_on_their_contact_in_the_campaign_of_the_email(client, mailgun):
    contact = f.ContactFactory(email="anna@partner.example.org")
    coordinator = f.UserFactory()
    briefing = f.BriefingFactory(campaign=f.CampaignFactory(coordinator=coordinator))
    email = sent_invitation(contact=contact, briefing=briefing)
    response = inbound(
        client,
        sender="Anna <ANNA@partner.example.org>",
        subject="Re: Invitation",
        text="Yes, see you.",
        in_reply_to=message_id(email),
    )
    assert response.status_code == 200 and b"logged" in response.content
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.campaign, interaction.channel) == (
        contact,
        email.invitation.briefing.campaign,
        "email",
    )
    assert interaction.summary.startswith("Reply by email: Re: Invitation") and "Yes, see you." in interaction.summary
    assert interaction.logged_by == coordinator and interaction.follow_up_on is not None


def test_a_reply_from_an_unknown_sender_is_ignored_with_a_log_line(client, mailgun, caplog):
    sent_invitation()
    with caplog.at_level(logging.INFO, logger="outreach.mail.inbound"):
        response = inbound(client, sender="stranger@example.com", subject="Hello", text="Who are you?")
    assert response.status_code == 200 and not Interaction.objects.exists()
    assert "unknown sender" in caplog.text


def test_a_forged_or_stale_inbound_message_is_refused(client, mailgun):
    contact = f.ContactFactory(email="anna@partner.example.org")
    sent_invitation(contact=contact)
    signature = mailgun_signed({}, key="forged")["signature"]
    fields = {"sender": contact.email, "recipient": "partners@ngo.example.org", "body-mime": "Subject: hi\n\nhi"}
    assert client.post("/email/webhooks/mailgun/inbound/", {**fields, **signature}).status_code == 400
    stale = mailgun_signed({}, timestamp=int(time.time()) - 7200)["signature"]
    assert client.post("/email/webhooks/mailgun/inbound/", {**fields, **stale}).status_code == 400
    assert not Interaction.objects.exists()


def test_a_mailto_unsubscribe_opts_out_and_an_unknown_token_changes_nothing(client, mailgun, caplog):
    mailgun.EMAIL_UNSUBSCRIBE_MAILTO = "unsubscribe@ngo.example.org"
    contact = f.ContactFactory()
    token = preferences_token(contact=contact, topic="reminders")
    with caplog.at_level(logging.WARNING, logger="outreach.mail.inbound"):
        inbound(
            client,
            sender="x@elsewhere.example",
            subject="unsubscribe not-a-token",
            text="",
            to="unsubscribe@ngo.example.org",
        )
    contact.refresh_from_db()
    assert contact.email_reminders and "unusable token" in caplog.text
    inbound(client, sender=contact.email, subject=f"unsubscribe {token}", text="", to="unsubscribe@ngo.example.org")
    contact.refresh_from_db()
    assert (contact.email_invitations, contact.email_reminders) == (True, False)
