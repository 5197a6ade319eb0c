"""Periodic jobs of the campaigns app."""

from celery import shared_task

from campaigns.rollups import mention_rollup_refresh


@shared_task(name="campaigns.tasks.refresh_mention_rollups")
def refresh_mention_rollups() -> int:
    """Bring the dashboards' mention counts up to date (beat runs it every minute)."""
    return mention_rollup_refresh()
