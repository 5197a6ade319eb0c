"""The sweep: rows stuck in sending (their worker died) are queued again, and queued rows
with no task in flight are published again."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outreach.mail.models import OutgoingEmail
from outreach.mail.queue import publish_sending

logger = logging.getLogger(__name__)


@transaction.atomic
def outbox_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-queue rows stuck in sending and publish rows left queued with no task in flight."""
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
        publish_sending(email_ids=ids)
    if requeued or ids:
        logger.info("outbox sweep: %s stuck in sending re-queued, %s published", requeued, len(ids))
    return {"requeued_sending": requeued, "published": len(ids)}
