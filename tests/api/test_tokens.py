"""Personal API tokens: created and revoked in the UI, shown once, stored hashed, optional expiry,
throttled per token."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from campaigns.models import ApiToken
from campaigns.services import api_token_create
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_token_page_shows_the_secret_once_and_stores_only_a_hash(world, client):
    client.force_login(world.staff)
    response = client.post("/account/tokens/", {"name": "CRM sync", "expires_in_days": "30"})
    assert response.status_code == 200
    secret = re.search(r'<code id="new-token">(prl_[^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=world.staff)
    assert token.hashed_key == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert token.expires_at is not None
    # Listed afterwards by name and prefix only.
    listing = client.get("/account/tokens/").content.decode()
    assert "CRM sync" in listing and f"prl_{token.prefix}_" in listing and secret not in listing

    assert bearer(secret).get("/api/v1/campaigns/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert bearer(secret).get("/api/v1/campaigns/").status_code == 401


def test_token_scheme_keyword_token_also_works(world):
    _token, secret = api_token_create(user=world.viewer, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/v1/campaigns/").status_code == 200


def test_nobody_revokes_someone_elses_token(world, client):
    token, secret = api_token_create(user=world.staff, name="mine")
    client.force_login(world.viewer)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert bearer(secret).get("/api/v1/campaigns/").status_code == 200


def test_token_page_needs_signing_in(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_disabled_account_cannot_use_its_tokens(world):
    _token, secret = api_token_create(user=world.staff, name="mine")
    world.staff.is_active = False
    world.staff.save()
    assert bearer(secret).get("/api/v1/campaigns/").status_code == 401


def test_the_token_acts_with_its_users_roles(world):
    assert client_for(world.outsider).get(f"/api/v1/campaigns/{world.campaign.pk}/").status_code == 404
    assert client_for(world.viewer).get(f"/api/v1/campaigns/{world.campaign.pk}/").status_code == 200


def test_throttling_is_per_token(world, settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api_token": "3/minute"}}
    first, second = client_for(world.staff), client_for(world.staff)
    statuses = [first.get("/api/v1/campaigns/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = first.get("/api/v1/campaigns/")
    assert limited.json()["detail"].startswith("Request was throttled")
    assert "Retry-After" in limited
    # Another token of the same person has its own budget.
    assert second.get("/api/v1/campaigns/").status_code == 200
    cache.clear()


def test_admin_creates_a_token_showing_the_secret_once_and_revokes_it(admin_client, world):
    response = admin_client.post(
        "/admin/campaigns/apitoken/add/", {"user": world.staff.pk, "name": "Partner CRM"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    secret = re.search(r"(prl_\S+)", " ".join(shown)).group(1)
    assert bearer(secret).get("/api/v1/campaigns/").status_code == 200
    token = ApiToken.objects.get(name="Partner CRM")
    assert token.hashed_key == hashlib.sha256(secret.encode()).hexdigest()
    admin_client.post("/admin/campaigns/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert bearer(secret).get("/api/v1/campaigns/").status_code == 401
