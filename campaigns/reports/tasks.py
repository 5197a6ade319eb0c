"""Periodic jobs of the reports: follow-up digests and dashboard rollups."""

from celery import shared_task

from campaigns.reports.digests import digests_send
from campaigns.reports.rollups import mention_rollup_refresh


@shared_task(name="campaigns.reports.tasks.send_digests")
def send_digests() -> dict:
    """Beat runs this every 15 minutes; each user's digest goes out once, in their morning."""
    return digests_send()


@shared_task(name="campaigns.reports.tasks.refresh_mention_rollups")
def refresh_mention_rollups() -> int:
    """Bring the dashboards' mention counts up to date (beat runs it every minute)."""
    return mention_rollup_refresh()
