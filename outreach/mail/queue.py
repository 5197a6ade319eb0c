"""Queueing email: rows written in the caller's transaction, their sending published after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from config.queue import enqueue_on_commit
from outreach.mail.drafts import EmailDraft, address_is_valid, one_line
from outreach.mail.models import OutgoingEmail

SEND_TASK = "outreach.tasks.send_emails"


def publish_sending(*, email_ids: list[int]) -> None:
    """Publish the sending of these outbox rows after commit, with one message."""
    if email_ids:
        enqueue_on_commit(SEND_TASK, email_ids=list(email_ids))


def emails_queue(
    drafts: Iterable[EmailDraft], *, now: dt.datetime | None = None, send_at: dt.datetime | None = None
) -> list[OutgoingEmail]:
    """Write the drafts as queued rows and publish their sending after commit.

    Call inside the transaction of the action that causes the emails. Drafts whose key is
    already in the outbox are left alone; the rows returned are the ones queued now.
    With ``send_at`` in the future nothing is published: the sweep publishes the rows when due.
    """
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
            note=draft.note,
            reply_to=draft.reply_to,
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
        publish_sending(email_ids=[row.pk for row in queued])
    return queued
