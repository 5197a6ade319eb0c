"""Celery tasks of the media tracker: thin wrappers that take ids and call services."""

from __future__ import annotations

import logging

from celery import shared_task

from config.queue import enqueue_on_commit

logger = logging.getLogger(__name__)


@shared_task(name="media_tracker.poll_due_feeds")
def poll_due_feeds() -> int:
    """Beat, every minute: one poll task per due feed, so a slow or bad feed holds up no other."""
    from media_tracker.services.ingest import due_feed_ids

    ids = due_feed_ids()
    for feed_id in ids:
        enqueue_on_commit(poll_feed, feed_id)
    return len(ids)


# The soft limit sits below the feed lease (15 min), so the lease never lapses under a live poll.
@shared_task(name="media_tracker.poll_feed", soft_time_limit=600, time_limit=660)
def poll_feed(feed_id: int) -> dict:
    from media_tracker.services.ingest import feed_poll

    outcome = feed_poll(feed_id=feed_id)
    return {
        "feed": feed_id,
        "claimed": outcome.claimed,
        "new": len(outcome.new_articles),
        "error": outcome.error,
    }


@shared_task(name="media_tracker.refresh_derived_terms")
def refresh_derived_terms() -> tuple[int, int]:
    from media_tracker.services.terms import terms_refresh_all_derived

    return terms_refresh_all_derived()


# Email is retried a few times with back-off; every countdown stays far below the visibility timeout.
@shared_task(
    name="media_tracker.notify_placement_owner",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def notify_placement_owner(placement_id: int) -> bool:
    from media_tracker.services.placements import placement_notify_owner

    return placement_notify_owner(placement_id=placement_id)
