"""The API throttle counts atomically (no over-admission under concurrency) and, with its cache
down, limits per process instead of answering 500."""

from __future__ import annotations

import socket
import threading

import pytest
from django.core.cache import cache, caches

from config import ratelimit
from tests.api.conftest import client_for
from tests.conftest import service_missing
from tests.factories import CampaignFactory, MembershipFactory, UserFactory


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def limit_to(settings, rate: str) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": rate}}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_twenty_requests_at_once_admit_exactly_the_budget(settings):
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        service_missing("Redis (REDIS_URL): the file cache of a laptop counts without atomicity")
    cache.clear()
    limit_to(settings, "5/minute")
    user = UserFactory()
    MembershipFactory(user=user, campaign=CampaignFactory())
    client = client_for(user)
    statuses = []
    barrier = threading.Barrier(20)

    def call():
        barrier.wait()
        statuses.append(client.get("/api/v1/campaigns/").status_code)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 5 + [429] * 15


@pytest.mark.services
def test_a_count_is_the_cache_apis_own_and_ends_with_its_window(settings):
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        service_missing("Redis (REDIS_URL): the count is taken in one round trip to Redis")
    cache.clear()
    assert [ratelimit.hit("throttle:test", window=60) for _ in range(3)] == [1, 2, 3]
    assert cache.get("throttle:test") == 3  # what Django's cache API (undo, forget) reads and writes
    ratelimit.undo("throttle:test")
    assert ratelimit.hit("throttle:test", window=60) == 3
    backend = caches["default"]
    key = backend.make_and_validate_key("throttle:test")
    assert 0 < backend._cache.get_client(key).ttl(key) <= 60  # the window's end, set once
    cache.clear()


@pytest.mark.django_db
def test_with_the_cache_down_the_api_answers_and_still_limits(settings, caplog):
    limit_to(settings, "3/minute")
    user = UserFactory()
    MembershipFactory(user=user, campaign=CampaignFactory())
    client = client_for(user)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    statuses = [client.get("/api/v1/campaigns/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "rate limit cache unavailable" in caplog.text
