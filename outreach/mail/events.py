"""Delivery events from the mail provider (django-anymail's normalised tracking events), applied to
the outbox: matched to a row by our stable Message-ID or the provider's id, recorded, and acted on.

- a hard bounce, a spam complaint, or the provider refusing an address for an earlier bounce or
  complaint suppresses the address for every campaign (outreach/services/consent.py) until a
  person lifts it;
- a soft bounce the provider gave up on (mailbox full...) sends the email again later, after the
  provider's own advice when it gives one, at most EMAIL_SOFT_BOUNCE_RETRIES times; a deferral is
  the provider retrying by itself and is only recorded;
- an unsubscribe reported by the provider turns every topic off for the contacts of that address.

An event for a message Parley did not send, or one already handled (a replayed webhook), changes
nothing and is logged. The webhook views (outreach/views/webhooks.py) check signatures first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.mail.drafts import one_line
from outreach.mail.models import DeliveryEvent, EmailSuppression, OutgoingEmail, WebhookReceipt
from outreach.mail.send import message_id
from outreach.models import ConsentSource, Contact
from outreach.services.consent import contact_email_opt_out, suppression_add

logger = logging.getLogger(__name__)

Type = DeliveryEvent.Type
Action = DeliveryEvent.Action
ANYMAIL_TYPES = {
    "queued": Type.QUEUED,
    "sent": Type.SENT,
    "delivered": Type.DELIVERED,
    "deferred": Type.DEFERRED,
    "bounced": Type.BOUNCED,
    "rejected": Type.REJECTED,
    "complained": Type.COMPLAINED,
    "opened": Type.OPENED,
    "clicked": Type.CLICKED,
    "unsubscribed": Type.UNSUBSCRIBED,
    "failed": Type.FAILED,
}
OUR_MESSAGE_ID = re.compile(r"^<?parley\.(\d+)\.[0-9a-f]+@[^>]+>?$")


def outbox_row_for(reference: str | None) -> OutgoingEmail | None:
    """The outbox row a provider's message id refers to: our Message-ID, or the id the provider gave."""
    reference = (reference or "").strip()
    if not reference:
        return None
    ours = OUR_MESSAGE_ID.match(reference)
    if ours:
        email = OutgoingEmail.objects.filter(pk=int(ours.group(1))).first()
        wanted = reference if reference.startswith("<") else f"<{reference}>"
        if email is not None and message_id(email) == wanted:
            return email
        return None
    bare = reference.strip("<>")
    return (
        OutgoingEmail.objects.filter(provider_message_id__in={reference, bare, f"<{bare}>"}).order_by("-pk").first()
    )  # fmt: skip


def is_soft_bounce(provider: str, esp_event) -> bool:
    """Whether a bounce is temporary (anymail calls both kinds "bounced"; the raw event tells them apart)."""
    if not isinstance(esp_event, dict):
        return False
    if provider == "postmark":
        return esp_event.get("Type") == "SoftBounce"
    if provider == "brevo":
        return esp_event.get("event") == "soft_bounce"
    if provider == "amazon_ses":
        return (esp_event.get("bounce") or {}).get("bounceType") == "Transient"
    if provider == "sendgrid":
        return esp_event.get("type") == "blocked"
    if provider == "mailgun":
        return (esp_event.get("event-data") or {}).get("severity") == "temporary"
    return False


def provider_retry_seconds(provider: str, esp_event) -> int | None:
    """The provider's advice on when to try again, when it gives one (Mailgun's retry-seconds)."""
    if provider == "mailgun" and isinstance(esp_event, dict):
        value = ((esp_event.get("event-data") or {}).get("delivery-status") or {}).get("retry-seconds")
        if isinstance(value, int | float) and 0 < value < 7 * 24 * 3600:
            return int(value)
    return None


def event_key(provider: str, event) -> str:
    """What makes an event unique at the provider: its id, else a digest of the whole raw event."""
    if event.event_id:
        return f"{provider}:tracking:{event.event_id}"[:200]
    raw = json.dumps(event.esp_event, sort_keys=True, default=str) if event.esp_event is not None else ""
    return f"{provider}:tracking:sha256:{hashlib.sha256(raw.encode()).hexdigest()}"


def _detail(event) -> str:
    parts = [str(part) for part in (event.description, event.mta_response) if part]
    return one_line(" ".join(parts), limit=1000)


def delivery_event_record(*, provider: str, event, now: dt.datetime | None = None) -> str:
    """Apply one anymail tracking event; returns what happened (logged when nothing changed).

    "unknown message", "replayed" and "ignored" change nothing; otherwise the action taken.
    """
    now = now or timezone.now()
    event_type = ANYMAIL_TYPES.get(event.event_type, Type.OTHER)
    if event_type == Type.BOUNCED and is_soft_bounce(provider, event.esp_event):
        event_type = Type.SOFT_BOUNCE
    email = outbox_row_for(event.message_id)
    if email is None:
        logger.info(
            "%s webhook: %s event for a message Parley did not send (%r); ignored",
            provider,
            event.event_type,
            event.message_id,
        )
        return "unknown message"
    try:
        with transaction.atomic():
            WebhookReceipt.objects.create(key=event_key(provider, event), received_at=now)
            record = DeliveryEvent.objects.create(
                email=email,
                type=event_type,
                provider=provider,
                occurred_at=event.timestamp or now,
                recipient=(event.recipient or email.recipient)[:254],
                detail=_detail(event),
            )
            record.action = _act(provider=provider, event=event, record=record, email=email, now=now)
            record.save(update_fields=["action"])
    except IntegrityError:
        logger.warning(
            "%s webhook: event %s was already handled (a replay); ignored", provider, event_key(provider, event)
        )
        return "replayed"
    logger.info("%s webhook: %s for email %s: %s", provider, event_type, email.pk, record.action)
    return record.action


def _act(*, provider: str, event, record: DeliveryEvent, email: OutgoingEmail, now) -> str:
    address = event.recipient or email.recipient
    detail = record.detail
    if record.type == Type.BOUNCED:
        suppression_add(
            address=address, reason=EmailSuppression.Reason.HARD_BOUNCE, detail=detail, provider=provider, event=record
        )
        return Action.SUPPRESSED
    if record.type == Type.COMPLAINED:
        suppression_add(
            address=address, reason=EmailSuppression.Reason.COMPLAINT, detail=detail, provider=provider, event=record
        )
        return Action.SUPPRESSED
    if record.type == Type.REJECTED and event.reject_reason in {"bounced", "spam"}:
        reason = EmailSuppression.Reason.REJECTED
        suppression_add(address=address, reason=reason, detail=detail, provider=provider, event=record)
        return Action.SUPPRESSED
    if record.type == Type.UNSUBSCRIBED or (record.type == Type.REJECTED and event.reject_reason == "unsubscribed"):
        contacts = Contact.objects.filter(email__iexact=address)
        changed = False
        for contact in contacts:
            changed |= contact_email_opt_out(
                contact=contact,
                source=ConsentSource.PROVIDER,
                reason=_("The mail provider reported an unsubscribe (%(provider)s).") % {"provider": provider},
                now=now,
            )
        return Action.OPTED_OUT if changed else Action.RECORDED
    if record.type == Type.SOFT_BOUNCE:
        return _soft_bounce(provider=provider, event=event, email=email, detail=detail, now=now)
    return Action.RECORDED


def _soft_bounce(*, provider: str, event, email: OutgoingEmail, detail: str, now) -> str:
    """Send again later, per the provider's advice (or doubling from EMAIL_SOFT_BOUNCE_RETRY_SECONDS), a few times."""
    bounces = DeliveryEvent.objects.filter(email=email, type=Type.SOFT_BOUNCE).count()  # this one included
    reason = _("Soft bounce: %(detail)s") % {"detail": detail or _("no detail")}
    if bounces > settings.EMAIL_SOFT_BOUNCE_RETRIES:
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingEmail.Status.FAILED, last_error=reason[:1000], updated_at=now
        )
        return Action.GAVE_UP
    delay = provider_retry_seconds(provider, event.esp_event) or settings.EMAIL_SOFT_BOUNCE_RETRY_SECONDS * 2 ** (
        bounces - 1
    )
    changes = {
        "status": OutgoingEmail.Status.QUEUED,
        "next_attempt_at": now + dt.timedelta(seconds=delay),
        "enqueued_at": None,  # the sweep publishes it when due
        "last_error": reason[:1000],
        "updated_at": now,
    }
    if email.invitation_id:
        # A briefing email is rendered again when it leaves: a moved or cancelled briefing shows as it is then.
        changes.update(subject="", body_text="", body_html="", attachments=[])
    updated = OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENT).update(**changes)
    return Action.RETRY if updated else Action.RECORDED
