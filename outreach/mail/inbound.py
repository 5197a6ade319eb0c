"""Emails partners send back (anymail's inbound webhook): a reply is logged as an interaction on the
contact it came from; a message to the unsubscribe mailbox (List-Unsubscribe "mailto:") opts out.

A reply is matched by its sender's address; its campaign is the one of the email it answers
(In-Reply-To / References carry our Message-ID), else the contact's latest briefing. An unknown
sender, a reply with no campaign to log it under, or a message already handled (a replayed
webhook) changes nothing, with a log line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.mail.drafts import one_line
from outreach.mail.events import outbox_row_for
from outreach.mail.models import WebhookReceipt
from outreach.models import ConsentSource, Contact, Interaction, Invitation
from outreach.services.consent import PreferencesLinkError, contact_email_opt_out, preferences_read
from outreach.services.interactions import interaction_log

logger = logging.getLogger(__name__)

REPLY_TEXT_LIMIT = 4000
UNSUBSCRIBE_SUBJECT = re.compile(r"unsubscribe\s+(\S+)", re.IGNORECASE)


def _message_key(provider: str, message) -> str:
    reference = (message.get("Message-ID") or "").strip()
    if not reference:
        reference = "sha256:" + hashlib.sha256(message.as_bytes()).hexdigest()
    return f"{provider}:inbound:{reference}"[:200]


def _addresses(message, header: str) -> list[str]:
    return [address.addr_spec.lower() for address in message.get_address_header(header)]


def _sent_at(message, now: dt.datetime) -> dt.datetime:
    """When the reply was sent, by its Date header; a sender's clock ahead of ours is taken as now."""
    sent = message.date or now
    if timezone.is_naive(sent):  # "-0000": the header gives no zone; RFC 5322 reads it as UTC
        sent = timezone.make_aware(sent, dt.UTC)
    return min(sent, now)


def inbound_email_record(*, provider: str, message, now: dt.datetime | None = None) -> str:
    """Handle one inbound message (an AnymailInboundMessage); returns what happened."""
    now = now or timezone.now()
    mailbox = settings.EMAIL_UNSUBSCRIBE_MAILTO.lower()
    try:
        with transaction.atomic():
            WebhookReceipt.objects.create(key=_message_key(provider, message), received_at=now)
            if mailbox and mailbox in _addresses(message, "To") + _addresses(message, "Cc"):
                outcome = _unsubscribe(message, now=now)
            else:
                outcome = _reply(message, now=now)
            if outcome not in {"logged", "unsubscribed", "already unsubscribed"}:
                transaction.set_rollback(True)  # nothing handled: a later retry may still be
    except IntegrityError:
        logger.warning(
            "%s inbound: message %s was already handled (a replay); ignored", provider, message["Message-ID"]
        )
        return "replayed"
    except ValidationError as exc:
        logger.warning("%s inbound: message %s could not be logged (%s); ignored", provider, message["Message-ID"], exc)
        return "ignored"
    return outcome


def _unsubscribe(message, *, now) -> str:
    match = UNSUBSCRIBE_SUBJECT.search(message.subject or "")
    if not match:
        logger.warning("inbound unsubscribe without a token in its subject; ignored")
        return "ignored"
    try:
        contact, topic = preferences_read(token=match.group(1))
    except PreferencesLinkError as error:
        logger.warning("inbound unsubscribe with an unusable token (%s); ignored", error.code)
        return "ignored"
    changed = contact_email_opt_out(
        contact=contact,
        topics=[topic] if topic else None,
        source=ConsentSource.PARTNER_FORM,
        reason=_("Unsubscribed by email (List-Unsubscribe mailto)."),
        now=now,
    )
    return "unsubscribed" if changed else "already unsubscribed"


def _invitation_for(message, contact: Contact) -> Invitation | None:
    """The invitation whose email this answers (In-Reply-To / References), else the contact's latest."""
    references = " ".join(filter(None, [message.get("In-Reply-To"), message.get("References")]))
    for reference in re.findall(r"<[^<>\s]+>", references):
        email = outbox_row_for(reference)
        if email is not None and email.invitation_id:
            return email.invitation
    return Invitation.objects.filter(contact=contact).order_by("-created_at").first()


def _reply(message, *, now) -> str:
    sender = message.from_email.addr_spec if message.from_email else ""
    contact = Contact.objects.filter(email__iexact=sender).select_related("organisation").first() if sender else None
    if contact is None:
        logger.info("inbound email from an unknown sender (%s); ignored", sender or "no sender")
        return "unknown sender"
    invitation = _invitation_for(message, contact)
    if invitation is None:
        logger.info("inbound email from contact %s answers no briefing of any campaign; ignored", contact.pk)
        return "no campaign"
    campaign = invitation.briefing.campaign
    # Logged for the coordinator (else whoever invited the partner), with a follow-up due today, so
    # the reply shows on their follow-ups and in tomorrow's digest.
    owner = campaign.coordinator or invitation.invited_by
    if owner is None:
        logger.info(
            "inbound email from contact %s: campaign %s has nobody to log it for; ignored", contact.pk, campaign.pk
        )
        return "no owner"
    text = (message.text or "").strip()[:REPLY_TEXT_LIMIT]
    summary = _("Reply by email: %(subject)s") % {"subject": one_line(message.subject or _("(no subject)"))}
    interaction_log(
        campaign=campaign,
        by=owner,
        contact=contact,
        channel=Interaction.Channel.EMAIL,
        occurred_at=_sent_at(message, now),
        summary=f"{summary}\n\n{text}" if text else summary,
        next_step=_("Read the partner's reply and answer it"),
        follow_up_on=timezone.localdate(now),
        closes_older_steps=False,  # the reply adds a step; the team's own steps stay open
    )
    logger.info("inbound email from contact %s logged on campaign %s", contact.pk, campaign.pk)
    return "logged"
