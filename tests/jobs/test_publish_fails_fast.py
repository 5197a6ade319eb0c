"""Publishing to a broker that is down or hung gives up fast (the web request must not hang)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading

import pytest

from tests.conftest import BASE_DIR
from tests.jobs.smtp import free_port

PUBLISH = """
import time, django
django.setup()
from config import tasks  # noqa: F401 (registers the task)
from config.queue import enqueue_on_commit
started = time.monotonic()
enqueue_on_commit("config.tasks.heartbeat", origin="test")  # outside a transaction: publishes at once
print(round(time.monotonic() - started, 3))
"""


def publish_seconds(redis_url: str) -> float:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings", "REDIS_URL": redis_url}
    result = subprocess.run(
        [sys.executable, "-c", PUBLISH], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "could not publish" in result.stderr  # logged, not raised
    return float(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, like a Redis that is stuck."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()
    for conn in accepted:
        conn.close()


def test_publishing_to_a_stopped_redis_gives_up_within_2_seconds():
    assert publish_seconds(f"redis://127.0.0.1:{free_port()}/0") < 2.0


def test_publishing_to_a_hung_redis_gives_up_within_2_seconds(hung_redis):
    assert publish_seconds(hung_redis) < 2.0
