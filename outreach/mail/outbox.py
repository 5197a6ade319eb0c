"""The email outbox: queue in the caller's transaction, claim, send, mark sent or failed.

Promises (see README, "Promises about data and email"):
- a row is queued at most once per ``dedupe_key`` (a unique constraint);
- a send claims its row with ``UPDATE ... WHERE status='queued'`` touching exactly one row,
  so a task that runs twice, or two workers given the same row, send it once;
- a row left in ``sending`` by a worker that died is re-queued by the sweep after
  ``EMAIL_SENDING_TIMEOUT_SECONDS``: that email may reach the SMTP server twice, and it is
  the only way a duplicate can happen.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outreach.models import OutgoingEmail

logger = logging.getLogger(__name__)


def one_line(value: str, *, limit: int = 300) -> str:
    """Collapse every run of whitespace (CR and LF included) to one space: no header injection."""
    return " ".join(str(value).split())[:limit]


def address_is_valid(address: str) -> bool:
    if not address or address != address.strip() or any(ch in address for ch in '\r\n,;<>"'):
        return False
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class EmailDraft:
    kind: str
    dedupe_key: str
    recipient: str
    # Empty for briefing emails: they are rendered when sent (see email_send), so pressing
    # Send only writes rows, and the calendar entry carries the briefing as it is then.
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    recipient_name: str = ""
    language: str = "en"
    attachments: tuple[dict, ...] = ()
    invitation_id: int | None = None
    user_id: int | None = None


def emails_queue(
    drafts: Iterable[EmailDraft], *, now: dt.datetime | None = None, send_at: dt.datetime | None = None
) -> list[OutgoingEmail]:
    """Write the drafts as queued rows and publish their sending after commit.

    Call inside the transaction of the action that causes the emails. Drafts whose key is
    already in the outbox are left alone; the rows returned are the ones queued now.
    With ``send_at`` in the future nothing is published: the sweep publishes the rows when due.
    """
    from outreach import tasks  # tasks import services, not the other way round at import time

    now = now or timezone.now()
    scheduled = send_at is not None and send_at > now
    due_at, enqueued_at = (send_at, None) if scheduled else (now, now)
    drafts = list(drafts)
    for draft in drafts:
        if not address_is_valid(draft.recipient):
            raise ValueError(f"refusing to queue email to invalid address {draft.recipient!r}")
    keys = [draft.dedupe_key for draft in drafts]
    existing = set(OutgoingEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
    rows = [
        OutgoingEmail(
            kind=draft.kind,
            dedupe_key=draft.dedupe_key,
            recipient=draft.recipient,
            recipient_name=one_line(draft.recipient_name, limit=200),
            language=draft.language,
            subject=one_line(draft.subject),
            body_text=draft.body_text,
            body_html=draft.body_html,
            attachments=list(draft.attachments),
            invitation_id=draft.invitation_id,
            user_id=draft.user_id,
            next_attempt_at=due_at,
            enqueued_at=enqueued_at,
        )
        for draft in drafts
        if draft.dedupe_key not in existing
    ]
    # ignore_conflicts: a concurrent transaction that queued the same key wins, quietly.
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True)
    queued = list(
        OutgoingEmail.objects.filter(
            dedupe_key__in=[row.dedupe_key for row in rows], next_attempt_at=due_at, enqueued_at=enqueued_at
        ).only("pk", "dedupe_key", "recipient", "kind", "status")
    )
    if queued and not scheduled:
        tasks.dispatch(email_ids=[row.pk for row in queued])
    return queued


def retry_delay(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: doubling from the base, capped below the visibility timeout."""
    return min(settings.EMAIL_RETRY_MAX_SECONDS, settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def is_transient(exc: BaseException) -> bool:
    """SMTP 4xx replies and network trouble are worth retrying; 5xx and bad messages are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | socket.timeout | OSError)


def build_message(email: OutgoingEmail, *, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=one_line(email.subject),
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        connection=connection,
        headers={"Content-Language": email.language, "X-Parley-Email": str(email.pk)},
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
    if not email.body_text:
        try:
            email = _render_briefing_email(email, now=now)
        except Exception as exc:  # a row that cannot be rendered is a permanent failure, not a crash loop
            logger.exception("email %s could not be rendered", email.pk)
            return _mark_failed(email, f"could not be rendered: {type(exc).__name__}: {exc}")
    try:
        build_message(email, connection=connection).send(fail_silently=False)
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
    sent_at = timezone.now()
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT, sent_at=sent_at, last_error="", updated_at=sent_at
    )
    if email.invitation_id and email.kind == OutgoingEmail.Kind.INVITATION:
        from outreach.models import Invitation

        Invitation.objects.filter(pk=email.invitation_id, sent_at__isnull=True).update(sent_at=sent_at)
    return "sent"


def _render_briefing_email(email: OutgoingEmail, *, now) -> OutgoingEmail:
    """Fill in subject, bodies and calendar entry of a briefing email from its invitation."""
    from outreach.mail.briefing import briefing_email_draft
    from outreach.models import Invitation

    if email.invitation_id is None:
        raise ValueError("the invitation of this email was deleted")
    invitation = Invitation.objects.select_related("briefing", "contact").get(pk=email.invitation_id)
    briefing = invitation.briefing
    if email.kind != OutgoingEmail.Kind.CANCELLATION:
        # Sent late (a retry, the sweep): never announce a briefing that is off or over.
        if briefing.status == briefing.Status.CANCELLED:
            raise ValueError("the briefing was cancelled before this email left")
        if briefing.ends_at <= (now or timezone.now()):
            raise ValueError("the briefing was over before this email left")
    draft = briefing_email_draft(kind=email.kind, invitation=invitation, dedupe_key=email.dedupe_key, now=now)
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


@transaction.atomic
def outbox_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-queue rows stuck in sending and publish rows left queued with no task in flight."""
    from outreach import tasks

    now = now or timezone.now()
    stuck_before = now - dt.timedelta(seconds=settings.EMAIL_SENDING_TIMEOUT_SECONDS)
    requeued = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING, claimed_at__lt=stuck_before).update(
        status=OutgoingEmail.Status.QUEUED, next_attempt_at=now, enqueued_at=None, updated_at=now
    )
    republish_before = now - dt.timedelta(seconds=settings.EMAIL_REQUEUE_SECONDS)
    pending = OutgoingEmail.objects.due(now).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=republish_before))
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:5000])
    if ids:
        OutgoingEmail.objects.filter(pk__in=ids).update(enqueued_at=now)
        tasks.dispatch(email_ids=ids)
    if requeued or ids:
        logger.info("outbox sweep: %s stuck in sending re-queued, %s published", requeued, len(ids))
    return {"requeued_sending": requeued, "published": len(ids)}
