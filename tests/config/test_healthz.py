"""/healthz: the database and the broker, for load balancers and people."""

from __future__ import annotations

import socket

import pytest
from django.test import Client


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def client(client, django_user_model):
    """Django staff see the details; anonymous callers only the status (tests/security)."""
    admin = django_user_model.objects.create(username="ops", is_staff=True)
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["broker"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
@pytest.mark.services
def test_healthy_against_real_redis(client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "detail": "redis", "ms": body["broker"]["ms"]}


@pytest.mark.django_db
def test_unavailable_with_the_broker_down_and_answers_quickly(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False
    assert "refused" in body["broker"]["detail"].lower()
    assert body["broker"]["ms"] < 3000


@pytest.mark.django_db
def test_unavailable_when_the_embedded_broker_folder_is_gone(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    missing = tmp_path / "nowhere"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(missing), "data_folder_out": str(missing)}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "not a writable folder" in response.json()["broker"]["detail"]


def test_health_needs_no_sign_in_and_refuses_other_methods(db):
    anonymous = Client()
    assert anonymous.get("/healthz").status_code in {200, 503}
    assert anonymous.post("/healthz").status_code == 405
