"""Helpers of the partners' email tests: providers' webhook payloads signed as the providers sign them."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
import uuid

import pytest
from django.utils import timezone

from config import ratelimit
from outreach.mail.send import message_id
from outreach.models import OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.jobs.conftest import deliver_due

MAILGUN_KEY = "mailgun-webhook-signing-key-for-tests"
WEBHOOK_SECRET = "parley-webhooks:a-long-random-password"


@pytest.fixture(autouse=True)
def fresh_webhook_budget():
    """Each test starts with an unspent webhook rate limit (the cache outlives a test)."""
    ratelimit.forget("email-webhook:127.0.0.1")
    yield
    ratelimit.forget("email-webhook:127.0.0.1")


@pytest.fixture
def mailgun(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}
    return settings


@pytest.fixture
def postmark(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": WEBHOOK_SECRET}
    return settings


def mailgun_signed(payload: dict, *, key: str = MAILGUN_KEY, timestamp: int | None = None, token: str = "") -> dict:
    """Mailgun's signature block: HMAC-SHA256 of timestamp + token with the webhook signing key."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    token = token or uuid.uuid4().hex * 2
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {**payload, "signature": {"timestamp": str(timestamp), "token": token, "signature": signature}}


def mailgun_event(email: OutgoingEmail, event: str, **extra) -> dict:
    """A Mailgun "event-data" webhook body (their documented format) about one of our emails."""
    data = {
        "event": event,
        "timestamp": time.time(),
        "id": uuid.uuid4().hex[:22],
        "recipient": email.recipient,
        "log-level": "info",
        "message": {
            "headers": {
                "to": email.recipient,
                # Mailgun reports the Message-ID header without its angle brackets.
                "message-id": message_id(email).strip("<>"),
                "from": "parley@ngo.example.org",
                "subject": email.subject,
            },
            "attachments": [],
            "size": 4096,
        },
        **extra,
    }
    return {"event-data": data}


def post_mailgun(client, body: dict, path: str = "/email/webhooks/mailgun/tracking/"):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def basic_auth(secret: str = WEBHOOK_SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post_postmark(client, body: dict, *, secret: str | None = WEBHOOK_SECRET):
    headers = basic_auth(secret) if secret else {}
    return client.post(
        "/email/webhooks/postmark/tracking/", data=json.dumps(body), content_type="application/json", **headers
    )


def postmark_bounce(email: OutgoingEmail, bounce_type: str, *, event_id: int = 4323372036854775807) -> dict:
    """A Postmark bounce webhook body (their documented format)."""
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": bounce_type,
        "TypeCode": 1 if bounce_type == "HardBounce" else 4096,
        "Name": "Hard bounce" if bounce_type == "HardBounce" else "Soft bounce",
        "Tag": "invitation",
        "MessageID": email.provider_message_id,
        "ServerID": 23,
        "MessageStream": "outbound",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email.recipient,
        "From": "parley@ngo.example.org",
        "BouncedAt": timezone.now().isoformat(),
        "DumpAvailable": True,
        "Inactive": bounce_type == "HardBounce",
        "CanActivate": True,
        "Subject": email.subject,
        "Metadata": {},
    }


def postmark_delivery(email: OutgoingEmail) -> dict:
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": email.provider_message_id,
        "Recipient": email.recipient,
        "Tag": "invitation",
        "DeliveredAt": timezone.now().isoformat(),
        "Details": "Test delivery webhook details",
        "Metadata": {},
    }


def sent_invitation(*, contact=None, briefing=None, backend: str | None = None, settings=None) -> OutgoingEmail:
    """An invitation emailed to one partner (through the locmem backend, or anymail's test backend
    when ``backend`` is given, which reports a provider id as a real provider's API does)."""
    briefing = briefing or f.BriefingFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    contact = contact or f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[contact], by=None)
    invitations_send(briefing=briefing, by=None)
    if backend:
        settings.EMAIL_BACKEND = backend
    assert deliver_due() == {"sent": 1}
    return OutgoingEmail.objects.get(recipient=contact.email, kind=OutgoingEmail.Kind.INVITATION)
