"""A task sent by the web process runs in a real, separate worker process."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from config.tasks import HEARTBEAT_KEY
from tests.factories import UserFactory


def wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return None


@pytest.mark.services
def test_task_sent_from_a_web_request_runs_in_the_worker_process(client, celery_worker_process):
    cache.delete(HEARTBEAT_KEY)
    client.force_login(UserFactory(username="ops", is_staff=True))
    response = client.post("/ops/worker-ping")
    assert response.status_code == 202
    beat = wait_for(lambda: cache.get(HEARTBEAT_KEY))
    assert beat is not None, f"no heartbeat from the worker; its log:\n{celery_worker_process.log()}"
    assert beat["origin"] == "web:ops"
    assert "config.tasks.heartbeat" in celery_worker_process.log()


@pytest.mark.django_db
def test_only_staff_may_ping_the_worker(client):
    client.force_login(UserFactory(username="plain"))
    assert client.post("/ops/worker-ping").status_code == 403
    assert client.get("/ops/worker-ping").status_code == 405
