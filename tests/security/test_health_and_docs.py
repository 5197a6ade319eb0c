"""/healthz tells anonymous callers only the status; the API's docs and schema need signing in."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_tells_anonymous_callers_the_status_only(settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    missing = tmp_path / "secret-broker-folder"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(missing), "data_folder_out": str(missing)}
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert "secret-broker-folder" not in response.content.decode()


def test_healthz_details_are_for_signed_in_django_staff():
    client = Client()
    client.force_login(UserFactory(is_staff=False))
    assert set(client.get("/healthz").json()) == {"status"}
    client.force_login(UserFactory(is_staff=True))
    assert {"database", "broker", "worker_heartbeat"} <= set(client.get("/healthz").json())


def test_api_docs_and_schema_are_not_public():
    anonymous = Client()
    assert anonymous.get("/api/docs/").status_code == 302
    assert anonymous.get("/api/schema/").status_code in {401, 403}
