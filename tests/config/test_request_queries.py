"""A request with a session cookie costs no query unless its view needs the data: the session comes
from the cache and the user's time zone from the session."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_liveness_check_with_a_session_cookie_runs_no_query(client):
    client.force_login(UserFactory(time_zone="Asia/Yerevan"))
    client.get("/healthz/live")  # the first request after sign-in reads the user's time zone once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz/live").status_code == 200
    assert [q["sql"] for q in queries] == []


def test_pages_still_show_times_in_the_users_time_zone(client):
    user = UserFactory(time_zone="Asia/Yerevan")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert client.session["parley_time_zone"][1] == "Asia/Yerevan"
