"""The one way to enqueue a Celery task from application code: by its name, after commit.

Services publish tasks by name, so no service imports a task module (tasks import services).
"""

from __future__ import annotations

import logging

from django.db import transaction

from config.celery import app

logger = logging.getLogger(__name__)


def enqueue_on_commit(task_name: str, /, **kwargs) -> None:
    """Publish the task called ``task_name`` once the current transaction commits (at once outside one).

    A broker that is down is logged, not raised: the caller's data is already committed,
    and the periodic sweeps of the jobs that need it publish again later.
    """
    transaction.on_commit(lambda: publish(task_name, kwargs))


def publish(task_name: str, kwargs: dict) -> None:
    try:
        app.send_task(task_name, kwargs=kwargs)
    except Exception:  # kombu raises several unrelated types for "broker unreachable".
        logger.warning("could not publish %s; it will be retried by its sweep", task_name, exc_info=True)
