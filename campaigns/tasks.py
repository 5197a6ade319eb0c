"""Celery tasks of campaigns: the morning follow-up digests."""

from celery import shared_task


@shared_task(name="campaigns.tasks.send_digests")
def send_digests() -> dict:
    """Beat runs this every 15 minutes; each user's digest goes out once, in their morning."""
    from campaigns.digests import digests_send

    return digests_send()
