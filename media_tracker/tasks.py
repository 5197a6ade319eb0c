"""Celery tasks of the media tracker: thin wrappers that take ids and call services."""

from __future__ import annotations

import logging

from celery import shared_task

from config.queue import enqueue_on_commit
from media_tracker.services.alerts import notifications_email
from media_tracker.services.ingest import due_feed_ids, feed_poll
from media_tracker.services.terms import terms_refresh_all_derived

logger = logging.getLogger(__name__)


@shared_task(name="media_tracker.poll_due_feeds")
def poll_due_feeds() -> int:
    """Beat, every minute: one poll task per due feed, so a slow or bad feed holds up no other."""
    ids = due_feed_ids()
    for feed_id in ids:
        enqueue_on_commit("media_tracker.poll_feed", feed_id=feed_id)
    return len(ids)


# The soft limit sits below the feed lease (15 min), so the lease never lapses under a live poll.
@shared_task(name="media_tracker.poll_feed", soft_time_limit=600, time_limit=660)
def poll_feed(feed_id: int) -> dict:
    outcome = feed_poll(feed_id=feed_id)
    return {
        "feed": feed_id,
        "claimed": outcome.claimed,
        "new": len(outcome.new_articles),
        "error": outcome.error,
    }


@shared_task(name="media_tracker.refresh_derived_terms")
def refresh_derived_terms() -> tuple[int, int]:
    return terms_refresh_all_derived()


@shared_task(name="media_tracker.send_alert_emails")
def send_alert_emails() -> int:
    """Beat, every minute: alerts that waited for the next 15-minute window go out, grouped."""
    return notifications_email()
