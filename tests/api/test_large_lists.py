"""The outreach log is read by a cursor, newest first: following ``next`` gives every interaction
once, and no page counts the whole log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_following_next_reads_the_log_newest_first_each_interaction_once(world):
    now = timezone.now()
    made = [
        factories.InteractionFactory(campaign=world.campaign, occurred_at=now - dt.timedelta(hours=n % 4))
        for n in range(7)
    ]
    client = client_for(world.staff)
    url, seen = "/api/v1/interactions/?page_size=3", []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
        assert "count" not in body
        seen += [(row["occurred_at"], row["id"]) for row in body["results"]]
        url = body["next"]
    assert sorted(pk for _when, pk in seen) == sorted(i.pk for i in made)
    assert [when for when, _pk in seen] == sorted((when for when, _pk in seen), reverse=True)
