"""Delivery events posted by two providers in their documented shapes (Mailgun: HMAC-signed JSON;
Postmark: JSON behind HTTP basic auth), signed and forged: what they record, suppress and retry,
and what the briefing's delivery panel then shows."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import DeliveryEvent, EmailSuppression, OutgoingEmail, WebhookReceipt
from outreach.services.invitations import briefing_reminders_queue, invitations_create, invitations_send
from tests import factories as f
from tests.email.conftest import (
    mailgun_event,
    mailgun_signed,
    post_mailgun,
    post_postmark,
    postmark_bounce,
    postmark_delivery,
    sent_invitation,
)
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db

HARD_BOUNCE = {
    "severity": "permanent",
    "reason": "bounce",
    "log-level": "error",
    "delivery-status": {
        "attempt-no": 1,
        "code": 550,
        "description": "",
        "message": "5.1.1 The email account that you tried to reach does not exist.",
    },
}


def table_counts() -> dict[str, int]:
    return {
        "events": DeliveryEvent.objects.count(),
        "suppressions": EmailSuppression.objects.count(),
        "receipts": WebhookReceipt.objects.count(),
    }


# --- Mailgun: signed JSON --------------------------------------------------------------------


def test_mailgun_delivered_and_opened_are_recorded_on_the_email(client, mailgun):
    email = sent_invitation()
    assert post_mailgun(client, mailgun_signed(mailgun_event(email, "delivered"))).status_code == 200
    assert post_mailgun(client, mailgun_signed(mailgun_event(email, "opened"))).status_code == 200
    assert sorted(email.events.values_list("type", flat=True)) == ["delivered", "opened"]
    assert not EmailSuppression.objects.exists()


def test_mailgun_hard_bounce_suppresses_the_address_for_every_campaign(client, mailgun):
    contact = f.ContactFactory(email="gone@partner.example.org")
    email = sent_invitation(contact=contact)
    body = mailgun_signed(mailgun_event(email, "failed", **HARD_BOUNCE))
    assert post_mailgun(client, body).status_code == 200
    [event] = email.events.all()
    assert (event.type, event.action) == ("bounced", "suppressed")
    suppression = EmailSuppression.objects.get()
    assert (suppression.address, suppression.reason, suppression.provider) == (contact.email, "hard_bounce", "mailgun")
    assert "does not exist" in suppression.detail
    # Another campaign's briefing: the address is not emailed, and the reason is reported.
    other = f.BriefingFactory()
    invitations_create(briefing=other, contacts=[contact], by=None)
    report = invitations_send(briefing=other, by=None)
    assert not report.queued
    [(_invitation, reason)] = report.skipped
    assert reason.startswith("address suppressed after a hard bounce")


def test_mailgun_complaint_suppresses_the_address(client, mailgun):
    email = sent_invitation()
    assert post_mailgun(client, mailgun_signed(mailgun_event(email, "complained"))).status_code == 200
    assert EmailSuppression.objects.get().reason == "complaint"


def test_mailgun_temporary_failure_is_the_provider_retrying_and_only_recorded(client, mailgun):
    email = sent_invitation()
    temporary = {"severity": "temporary", "reason": "generic", "delivery-status": {"retry-seconds": 1800, "code": 452}}
    assert post_mailgun(client, mailgun_signed(mailgun_event(email, "failed", **temporary))).status_code == 200
    [event] = email.events.all()
    assert (event.type, event.action) == ("deferred", "recorded")
    email.refresh_from_db()
    assert email.status == "sent" and not EmailSuppression.objects.exists()


def test_forged_mailgun_signature_is_refused_and_changes_nothing(client, mailgun, caplog):
    email = sent_invitation()
    body = mailgun_signed(mailgun_event(email, "failed", **HARD_BOUNCE), key="not-the-signing-key")
    before = table_counts()
    with caplog.at_level(logging.WARNING, logger="outreach.views.webhooks"):
        response = post_mailgun(client, body)
    assert response.status_code == 400
    assert table_counts() == before
    assert "refused" in caplog.text and "incorrect signature" in caplog.text


def test_a_payload_edited_after_signing_is_refused(client, mailgun):
    email = sent_invitation()
    body = mailgun_signed(mailgun_event(email, "delivered"))
    body["signature"]["timestamp"] = str(int(body["signature"]["timestamp"]) + 1)
    assert post_mailgun(client, body).status_code == 400
    assert not DeliveryEvent.objects.exists()


def test_an_old_signed_mailgun_webhook_is_refused_as_a_replay(client, mailgun, caplog):
    email = sent_invitation()
    body = mailgun_signed(mailgun_event(email, "complained"), timestamp=int(time.time()) - 3600)
    with caplog.at_level(logging.WARNING, logger="outreach.views.webhooks"):
        assert post_mailgun(client, body).status_code == 400
    assert table_counts() == {"events": 0, "suppressions": 0, "receipts": 0}
    assert "replay" in caplog.text


def test_a_replayed_mailgun_webhook_changes_nothing_the_second_time(client, mailgun, caplog):
    email = sent_invitation()
    body = mailgun_signed(mailgun_event(email, "delivered"))
    assert post_mailgun(client, body).status_code == 200
    before = table_counts()
    with caplog.at_level(logging.WARNING, logger="outreach.mail.events"):
        response = post_mailgun(client, body)
    assert response.status_code == 200 and b"replayed" in response.content
    assert table_counts() == before
    assert "already handled" in caplog.text


def test_an_event_for_a_message_parley_did_not_send_is_ignored(client, mailgun, caplog):
    email = sent_invitation()
    body = mailgun_event(email, "complained")
    body["event-data"]["message"]["headers"]["message-id"] = "20180812211713.1.DF5966851B4BAA99@mg.example.org"
    with caplog.at_level(logging.INFO, logger="outreach.mail.events"):
        response = post_mailgun(client, mailgun_signed(body))
    assert response.status_code == 200 and b"unknown message" in response.content
    assert table_counts() == {"events": 0, "suppressions": 0, "receipts": 0}
    assert "did not send" in caplog.text


def test_our_message_id_with_a_wrong_digest_matches_nothing(client, mailgun):
    email = sent_invitation()
    body = mailgun_event(email, "complained")
    body["event-data"]["message"]["headers"]["message-id"] = f"parley.{email.pk}.0000000000@ngo.example.org"
    assert post_mailgun(client, mailgun_signed(body)).status_code == 200
    assert not EmailSuppression.objects.exists()


def test_garbage_and_unsigned_bodies_are_refused_without_a_500(client, mailgun):
    path = "/email/webhooks/mailgun/tracking/"
    assert client.post(path, data="{not json", content_type="application/json").status_code == 400
    assert (
        client.post(
            path, data=json.dumps({"event-data": {"event": "delivered"}}), content_type="application/json"
        ).status_code
        == 400
    )
    assert client.post(path, data=json.dumps([1, 2]), content_type="application/json").status_code == 400
    assert client.get(path).status_code == 405
    assert (
        client.post("/email/webhooks/unknown/tracking/", data="{}", content_type="application/json").status_code == 404
    )


def test_a_webhook_whose_credential_is_not_configured_is_refused(client, settings, caplog):
    settings.ANYMAIL = {}
    email = sent_invitation()
    with caplog.at_level(logging.WARNING, logger="outreach.views.webhooks"):
        response = post_mailgun(client, mailgun_signed(mailgun_event(email, "complained")))
    assert response.status_code == 404 and not EmailSuppression.objects.exists()
    assert "not configured" in caplog.text


def test_a_webhook_flood_is_cut_off_before_any_signature_is_checked(client, mailgun, caplog):
    mailgun.EMAIL_WEBHOOK_RATE_LIMIT = 5
    email = sent_invitation()
    statuses = []
    with caplog.at_level(logging.WARNING, logger="outreach.views.webhooks"):
        for _ in range(8):
            statuses.append(post_mailgun(client, mailgun_signed(mailgun_event(email, "opened"))).status_code)
    assert statuses == [200] * 5 + [429] * 3
    assert email.events.count() == 5
    assert "too many requests" in caplog.text


# --- Postmark: JSON behind HTTP basic auth, matched by the provider's message id ------------------


@pytest.fixture
def postmark_email(postmark):
    """An invitation sent through anymail's test backend, which reports a provider id as Postmark's API would."""
    email = sent_invitation(backend="anymail.backends.test.EmailBackend", settings=postmark)
    assert email.provider_message_id != ""
    return email


def test_postmark_delivery_is_matched_by_the_providers_id(client, postmark_email):
    assert post_postmark(client, postmark_delivery(postmark_email)).status_code == 200
    assert list(postmark_email.events.values_list("type", flat=True)) == ["delivered"]


def test_postmark_hard_bounce_suppresses_the_address(client, postmark_email):
    assert post_postmark(client, postmark_bounce(postmark_email, "HardBounce")).status_code == 200
    assert EmailSuppression.objects.get().address == postmark_email.recipient


def test_postmark_spam_complaint_suppresses_the_address(client, postmark_email):
    body = {**postmark_bounce(postmark_email, "SpamComplaint"), "RecordType": "SpamComplaint"}
    assert post_postmark(client, body).status_code == 200
    assert EmailSuppression.objects.get().reason == "complaint"


def test_postmark_with_a_wrong_password_is_refused(client, postmark_email, caplog):
    with caplog.at_level(logging.WARNING, logger="outreach.views.webhooks"):
        response = post_postmark(client, postmark_bounce(postmark_email, "HardBounce"), secret="parley-webhooks:guess")
    assert response.status_code == 400
    assert post_postmark(client, postmark_bounce(postmark_email, "HardBounce"), secret=None).status_code == 400
    assert not EmailSuppression.objects.exists() and not DeliveryEvent.objects.exists()
    assert "basic auth" in caplog.text


def test_postmark_soft_bounce_sends_the_email_again_later_then_gives_up(client, postmark_email, settings):
    settings.EMAIL_SOFT_BOUNCE_RETRIES = 1
    assert post_postmark(client, postmark_bounce(postmark_email, "SoftBounce", event_id=1)).status_code == 200
    postmark_email.refresh_from_db()
    assert postmark_email.status == "queued" and postmark_email.body_text == ""  # rendered again when it leaves
    assert postmark_email.last_error.startswith("Soft bounce")
    assert postmark_email.events.get().action == "retry"
    assert not EmailSuppression.objects.exists()
    # Due after the back-off: it leaves again, with the same Message-ID.
    later = postmark_email.next_attempt_at
    assert deliver_due(now=later) == {"sent": 1}
    postmark_email.refresh_from_db()
    assert postmark_email.status == "sent" and postmark_email.body_text
    # A second soft bounce: the retries are spent; failed with the reason, still not suppressed.
    assert post_postmark(client, postmark_bounce(postmark_email, "SoftBounce", event_id=2)).status_code == 200
    postmark_email.refresh_from_db()
    assert postmark_email.status == "failed" and "Soft bounce" in postmark_email.last_error
    assert not EmailSuppression.objects.exists()


def test_postmark_unsubscribe_turns_every_topic_off(client, postmark_email):
    body = {
        "RecordType": "SubscriptionChange",
        "MessageID": postmark_email.provider_message_id,
        "ServerID": 23,
        "MessageStream": "outbound",
        "ChangedAt": "2026-11-30T10:00:00Z",
        "Recipient": postmark_email.recipient,
        "Origin": "Recipient",
        "SuppressSending": True,
        "SuppressionReason": "ManualSuppression",
        "Tag": "invitation",
        "Metadata": {},
    }
    assert post_postmark(client, body).status_code == 200
    contact = postmark_email.invitation.contact
    contact.refresh_from_db()
    assert (contact.email_invitations, contact.email_reminders, contact.email_updates) == (False, False, False)
    assert contact.email_consent_source == "provider"


# --- What the briefing page shows ---------------------------------------------------------------


def test_the_delivery_panel_shows_events_and_who_will_not_be_emailed(client, mailgun):
    briefing = f.BriefingFactory(starts_at=timezone.now() + dt.timedelta(hours=12))
    staff = f.UserFactory()
    f.MembershipFactory(user=staff, campaign=briefing.campaign, role=Membership.Role.STAFF)
    bouncing = f.ContactFactory(full_name="Bouncing Partner", email="gone@partner.example.org")
    fine = f.ContactFactory(full_name="Reading Partner")
    quiet = f.ContactFactory(full_name="Quiet Partner", email_reminders=False)
    invitations_create(briefing=briefing, contacts=[bouncing, fine, quiet], by=staff)
    invitations_send(briefing=briefing, by=staff)
    deliver_due()
    emails = {email.recipient: email for email in OutgoingEmail.objects.all()}
    post_mailgun(client, mailgun_signed(mailgun_event(emails[bouncing.email], "failed", **HARD_BOUNCE)))
    post_mailgun(client, mailgun_signed(mailgun_event(emails[fine.email], "delivered")))
    post_mailgun(client, mailgun_signed(mailgun_event(emails[fine.email], "opened")))
    client.force_login(staff)
    panel = client.get(f"/outreach/briefings/{briefing.pk}/delivery/").content.decode()
    assert "1 invitee will not be emailed:" in panel
    assert "Bouncing Partner</a>: Not sent: address suppressed after a hard bounce" in panel
    # Each invitee's emails and their events show in the briefing page's list of invitees.
    html = client.get(f"/outreach/briefings/{briefing.pk}/").content.decode()
    assert 'data-event="bounced" data-action="suppressed"' in html and "Address suppressed" in html
    assert 'data-event="delivered"' in html and 'data-event="opened"' in html
    assert "opted out of reminders and nudges" in html
    # The next reminder round skips both: the suppressed address and the partner who opted out.
    for invitation in briefing.invitations.all():
        invitation.status = "accepted"
        invitation.answered_at = invitation.created_at
        invitation.save()
    briefing.starts_at = briefing.starts_at.__class__.now(briefing.starts_at.tzinfo) + (
        briefing.ends_at - briefing.starts_at
    )
    briefing.ends_at = briefing.starts_at + (briefing.ends_at - briefing.starts_at)
    briefing.save()
    assert briefing_reminders_queue() == 1
    assert list(OutgoingEmail.objects.filter(kind="reminder").values_list("recipient", flat=True)) == [fine.email]
