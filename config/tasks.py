"""Project-wide tasks that belong to no single app."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_KEY = "parley:worker-heartbeat"


@shared_task(name="config.tasks.heartbeat")
def heartbeat(origin: str = "beat") -> str:
    """Record that a worker is alive and which process asked; /healthz reports it."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, {"at": stamp, "origin": origin}, timeout=None)
    return stamp
