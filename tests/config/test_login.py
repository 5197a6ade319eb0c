"""Sign-in: every page needs it, and failed attempts are limited."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import CampaignFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_pages_redirect_anonymous_users_to_sign_in(client):
    for url in ["/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_sign_in_then_see_only_my_campaigns(client):
    user = UserFactory(username="nareh")
    mine = CampaignFactory(name="Nagorno-Karabakh emergency response")
    CampaignFactory(name="Someone else's campaign")
    MembershipFactory(user=user, campaign=mine)
    response = client.post("/accounts/login/", {"username": "nareh", "password": "pw"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Nagorno-Karabakh emergency response" in page
    assert "Someone else" not in page


def test_login_page_uses_the_project_look_and_labels_every_field(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'dir="ltr"' in page and "parley.css" in page
    assert '<label for="id_username">' in page and '<label for="id_password">' in page


def test_arabic_login_page_is_right_to_left(client):
    page = client.get("/accounts/login/", headers={"accept-language": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_repeated_failures_are_rate_limited_even_with_the_right_password(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="staff")
    for _attempt in range(3):
        response = client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post("/accounts/login/", {"username": "staff", "password": "pw"})
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_across_usernames_are_limited(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 2
    UserFactory(username="real")
    for name in ["a", "b"]:
        client.post("/accounts/login/", {"username": name, "password": "x"})
    assert client.post("/accounts/login/", {"username": "real", "password": "pw"}).status_code == 429


def test_a_success_below_the_limit_signs_in(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="staff")
    client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "staff", "password": "pw"}).status_code == 302


def test_the_stylesheet_is_served(client):
    page = client.get("/accounts/login/").content.decode()
    href = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    response = client.get(href)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"/*")
