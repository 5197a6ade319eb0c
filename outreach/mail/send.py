"""Sending: claim a queued row with a conditional UPDATE, render it if needed, send, mark sent or failed.

Promises (see README, "Promises about data and email"): a send claims its row with
``UPDATE ... WHERE status='queued'`` touching exactly one row, so a task that runs twice, or
two workers given the same row, send it once; a row left in ``sending`` by a worker that
died is queued again by the sweep.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
import socket
import time
from collections.abc import Iterable
from email.utils import parseaddr

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.mail.briefing import briefing_email_draft, sample_contact
from outreach.mail.drafts import address_is_valid, one_line
from outreach.mail.models import OutgoingEmail
from outreach.models import Invitation
from outreach.services.consent import (
    active_suppressions,
    email_blocked_reason,
    email_topic,
    preferences_token,
    suppression_reason_text,
    unsubscribe_url,
)

logger = logging.getLogger(__name__)

MARK_SENT_ATTEMPTS = 4  # 0.5 + 1 + 2 s of waiting between them


def retry_delay(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: doubling from the base, capped below the visibility timeout."""
    return min(settings.EMAIL_RETRY_MAX_SECONDS, settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def is_transient(exc: BaseException) -> bool:
    """SMTP 4xx replies and network trouble are worth retrying; 5xx and bad messages are not.

    Through a provider's API (anymail): no answer, 429 and 5xx are worth retrying; a refused
    recipient (the provider's own suppression list) or another 4xx is not.
    """
    if isinstance(exc, AnymailRecipientsRefused):
        return False
    if isinstance(exc, AnymailAPIError):
        code = getattr(exc, "status_code", None)
        return code is None or code == 429 or code >= 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | socket.timeout | OSError)


def message_id(email: OutgoingEmail) -> str:
    """A Message-ID of the outbox row: stable across attempts, unique per row and per site."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "parley.invalid"
    digest = hashlib.sha256(f"{settings.SITE_URL}|{email.pk}|{email.dedupe_key}".encode()).hexdigest()[:20]
    return f"<parley.{email.pk}.{digest}@{domain}>"


def is_partner_email(email: OutgoingEmail) -> bool:
    """Emails to partners (and tests of them) carry List-Unsubscribe; staff emails (digest, placement) do not."""
    return email.kind == OutgoingEmail.Kind.TEST or email_topic(email.kind) is not None


def list_unsubscribe_headers(*, contact, topic: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: an https link that unsubscribes with one POST (and a mailto if configured)."""
    targets = [f"<{unsubscribe_url(contact=contact, topic=topic)}>"]
    if settings.EMAIL_UNSUBSCRIBE_MAILTO:
        token = preferences_token(contact=contact, topic=topic)
        targets.append(f"<mailto:{settings.EMAIL_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{token}>")
    return {"List-Unsubscribe": ", ".join(targets), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def reply_to(email: OutgoingEmail) -> list[str]:
    """The shared reply address when configured, else the one stored with the row (the coordinator's)."""
    address = settings.EMAIL_REPLY_TO or email.reply_to
    return [address] if address and address_is_valid(address.rpartition("<")[2].rstrip(">")) else []


def build_message(email: OutgoingEmail, *, connection=None, contact=None) -> EmailMultiAlternatives:
    """The message of an outbox row; ``contact`` is the partner it goes to (for List-Unsubscribe)."""
    headers = {
        "Content-Language": email.language,
        "X-Parley-Email": str(email.pk),
        # The same for every attempt at this row, so a mail client that de-duplicates by
        # Message-ID shows a re-sent email once; delivery events are matched by it too.
        "Message-ID": message_id(email),
    }
    if is_partner_email(email):
        if contact is None or email.kind == OutgoingEmail.Kind.TEST:
            contact = sample_contact()  # the links of a test lead nowhere
        headers.update(list_unsubscribe_headers(contact=contact, topic=email_topic(email.kind) or "invitations"))
    message = EmailMultiAlternatives(
        subject=one_line(email.subject),
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        reply_to=reply_to(email),
        connection=connection,
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def email_send(*, email_id: int, connection=None, now: dt.datetime | None = None) -> str:
    """Send one queued row; returns what happened: sent, retry, failed or skipped."""
    now = now or timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=now)
        .update(status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    )  # fmt: skip
    if claimed != 1:
        return "skipped"  # sent, failed, taken by another worker, or not due yet
    email = OutgoingEmail.objects.get(pk=email_id)
    invitation = (
        Invitation.objects.select_related("briefing", "contact").filter(pk=email.invitation_id).first()
        if email.invitation_id
        else None
    )
    withheld = _withheld_reason(email, invitation)
    if withheld:
        return _mark_failed(email, _("Not sent: %(reason)s") % {"reason": withheld})
    if not email.body_text:
        try:
            email = _render_briefing_email(email, invitation=invitation, now=now)
        except Exception as exc:  # a row that cannot be rendered is a permanent failure, not a crash loop
            logger.exception("email %s could not be rendered", email.pk)
            return _mark_failed(email, f"could not be rendered: {type(exc).__name__}: {exc}")
    message = build_message(email, connection=connection, contact=invitation.contact if invitation else None)
    try:
        message.send(fail_silently=False)
    except (BadHeaderError, ValueError, UnicodeError) as exc:
        return _mark_failed(email, f"{type(exc).__name__}: {exc}")
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"[:1000]
        if is_transient(exc) and email.attempts < settings.EMAIL_MAX_ATTEMPTS:
            delay = retry_delay(email.attempts)
            OutgoingEmail.objects.filter(pk=email.pk, status=OutgoingEmail.Status.SENDING).update(
                status=OutgoingEmail.Status.QUEUED,
                last_error=reason,
                next_attempt_at=timezone.now() + dt.timedelta(seconds=delay),
                # No task in flight: the sweep publishes one once the back-off has passed.
                enqueued_at=None,
                updated_at=timezone.now(),
            )
            logger.info("email %s: transient failure, retry in %ss: %s", email.pk, delay, reason)
            return "retry"
        return _mark_failed(email, reason)
    _mark_sent(email, sent_at=timezone.now(), provider_message_id=_provider_message_id(message))
    return "sent"


def _withheld_reason(email: OutgoingEmail, invitation: Invitation | None) -> str | None:
    """Why a queued row must not leave after all: its address was suppressed, or the partner opted
    out, since it was queued (a scheduled round, a retry)."""
    if invitation is not None:
        return email_blocked_reason(contact=invitation.contact, kind=email.kind, invitation=invitation)
    suppression = active_suppressions([email.recipient]).get(email.recipient.lower())
    return suppression_reason_text(suppression) if suppression else None


def _provider_message_id(message) -> str:
    """The provider's id for the message (anymail backends report it), to match its delivery events."""
    status = getattr(message, "anymail_status", None)
    value = getattr(status, "message_id", None)
    # One recipient, so one id (a set only with several); anymail's test backend counts with ints.
    return str(value)[:200] if isinstance(value, str | int) else ""


def _mark_sent(email: OutgoingEmail, *, sent_at: dt.datetime, provider_message_id: str = "") -> None:
    """Record that the SMTP server accepted the email, in one commit with the invitation's sent_at.

    A database connection dropped right now would leave the row in "sending" and the sweep would
    send the email again: reconnect and retry a few times first. Only when the database stays
    unreachable for about 3 s does the row wait for the sweep (the duplicate window in the README).
    """
    for attempt in range(MARK_SENT_ATTEMPTS):
        try:
            with transaction.atomic():
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    status=OutgoingEmail.Status.SENT,
                    sent_at=sent_at,
                    last_error="",
                    updated_at=sent_at,
                    provider_message_id=provider_message_id,
                )
                if email.invitation_id and email.kind == OutgoingEmail.Kind.INVITATION:
                    Invitation.objects.filter(pk=email.invitation_id, sent_at__isnull=True).update(sent_at=sent_at)
            return
        except (OperationalError, InterfaceError):
            if attempt == MARK_SENT_ATTEMPTS - 1:
                raise
            logger.warning("email %s was accepted but could not be marked sent; reconnecting", email.pk)
            connection.close()
            time.sleep(0.5 * 2**attempt)


def _render_briefing_email(email: OutgoingEmail, *, invitation: Invitation | None, now) -> OutgoingEmail:
    """Fill in subject, bodies and calendar entry of a briefing email from its invitation."""
    if invitation is None:
        raise ValueError("the invitation of this email was deleted")
    briefing = invitation.briefing
    if email.kind != OutgoingEmail.Kind.CANCELLATION:
        # Sent late (a retry, the sweep): never announce a briefing that is off or over.
        if briefing.status == briefing.Status.CANCELLED:
            raise ValueError("the briefing was cancelled before this email left")
        if briefing.ends_at <= (now or timezone.now()):
            raise ValueError("the briefing was over before this email left")
    draft = briefing_email_draft(
        kind=email.kind, invitation=invitation, dedupe_key=email.dedupe_key, now=now, note=email.note
    )
    email.subject, email.body_text, email.body_html = one_line(draft.subject), draft.body_text, draft.body_html
    email.attachments, email.language = list(draft.attachments), draft.language
    email.save(update_fields=["subject", "body_text", "body_html", "attachments", "language", "updated_at"])
    return email


def _mark_failed(email: OutgoingEmail, reason: str) -> str:
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error=reason[:1000], updated_at=timezone.now()
    )
    logger.warning("email %s to %s failed: %s", email.pk, email.recipient, reason)
    return "failed"


def emails_send(*, email_ids: Iterable[int], now: dt.datetime | None = None) -> dict[str, int]:
    """Send several rows over one SMTP connection; counts per outcome."""
    counts: dict[str, int] = {}
    connection = get_connection(fail_silently=False)
    try:
        for email_id in email_ids:
            outcome = email_send(email_id=email_id, connection=connection, now=now)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome in {"retry", "failed"}:
                # The failure may have broken the conversation: the next row opens a new one.
                _close_quietly(connection)
    finally:
        _close_quietly(connection)
    return counts


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError) as exc:
        logger.info("closing the SMTP connection failed: %s", exc)
