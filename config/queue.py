"""The one way to enqueue a Celery task from application code."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (at once outside one).

    A broker that is down is logged, not raised: the caller's data is already
    committed, and the periodic sweeps of the jobs that need it re-send later.
    """

    def publish() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # kombu raises several unrelated types for "broker unreachable".
            logger.warning("could not publish %s; it will be retried by its sweep", task.name, exc_info=True)

    transaction.on_commit(publish)
