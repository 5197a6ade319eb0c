"""Sign-in limits an attacker tried to get round: another spelling of the name, many guesses at
once, and a shared proxy address."""

from __future__ import annotations

import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.test import Client

from tests.conftest import service_missing
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, username, password="pw", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def test_a_full_width_spelling_of_a_locked_username_shares_its_budget(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="staff")
    for _attempt in range(3):
        assert sign_in(client, "staff", "wrong").status_code == 200
    # Django signs "ｓｔａｆｆ" in as "staff" (NFKC): it must meet the same, used-up budget.
    assert sign_in(Client(), "ｓｔａｆｆ").status_code == 429
    assert sign_in(Client(), "STAFF ").status_code == 429


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_thirty_guesses_at_once_evaluate_at_most_the_limit(settings, monkeypatch):
    if "RedisCache" not in settings.CACHES["default"]["BACKEND"]:
        service_missing("Redis (REDIS_URL): the file cache of a laptop counts without atomicity")
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1000
    UserFactory(username="target")
    evaluated = []
    authenticate = ModelBackend.authenticate

    def slow_authenticate(self, request, username=None, password=None, **kwargs):
        evaluated.append(username)
        time.sleep(0.05)  # widens the window in which a check-then-count limiter lets guesses through
        return authenticate(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_authenticate)
    statuses = []
    barrier = threading.Barrier(30)

    def guess(number):
        client = Client()
        barrier.wait()
        statuses.append(sign_in(client, "target", f"guess-{number}").status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(evaluated) <= 5, (len(evaluated), statuses)
    assert statuses.count(429) >= 25


def test_behind_a_proxy_each_client_has_its_own_address_budget(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    UserFactory(username="colleague")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for number in range(3):
        assert sign_in(Client(), f"nobody-{number}", "x", **attacker).status_code == 200
    assert sign_in(Client(), "nobody-4", "x", **attacker).status_code == 429
    # A colleague behind the same proxy is not locked out by the attacker's guesses.
    assert sign_in(Client(), "colleague", **{**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}).status_code == 302


def test_a_forged_forwarded_for_entry_does_not_buy_a_fresh_budget(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for number in range(4):
        # The client writes what it likes on the left; the proxy appends the address it saw.
        forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"192.0.2.{number}, 203.0.113.9"}
        status = sign_in(Client(), f"nobody-{number}", "x", **forged).status_code
    assert status == 429


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.LOGIN_FAILURE_LIMIT = 100
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for number in range(3):
        headers = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": f"192.0.2.{number}"}
        status = sign_in(Client(), f"nobody-{number}", "x", **headers).status_code
    assert status == 429


def test_successful_sign_ins_from_one_office_do_not_use_up_its_budget(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for number in range(6):
        UserFactory(username=f"colleague{number}")
        assert sign_in(Client(), f"colleague{number}", REMOTE_ADDR="198.51.100.20").status_code == 302
