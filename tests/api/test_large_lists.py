"""The largest lists are read by a cursor: the outreach log newest first, the contacts directory by
name. Following ``next`` gives every row once, in order, and no page counts the whole list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def read_by_following_next(client, url: str) -> list[dict]:
    """Every row of a cursor-paged list, page after page; no page may count the whole list."""
    rows = []
    while url:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
        assert "count" not in body
        rows += body["results"]
        url = body["next"]
    return rows


def test_following_next_reads_the_log_newest_first_each_interaction_once(world):
    now = timezone.now()
    made = [
        factories.InteractionFactory(campaign=world.campaign, occurred_at=now - dt.timedelta(hours=n % 4))
        for n in range(7)
    ]
    rows = read_by_following_next(client_for(world.staff), "/api/v1/interactions/?page_size=3")
    seen = [(row["occurred_at"], row["id"]) for row in rows]
    assert sorted(pk for _when, pk in seen) == sorted(i.pk for i in made)
    assert [when for when, _pk in seen] == sorted((when for when, _pk in seen), reverse=True)


def test_following_next_reads_the_contacts_by_name_each_once_with_their_tags(world):
    # Namesakes too: the cursor must step through equal names without losing or repeating anyone.
    names = ["Zara Petrosyan", "Anna Hakobyan", "Anna Hakobyan", "Mher Grigoryan", "Anna Hakobyan", "Lilit Avetisyan"]
    made = [factories.ContactFactory(full_name=name) for name in names]
    tag = factories.TagFactory(slug="mfa")
    made[1].tags.add(tag)
    factories.ContactFactory(full_name="Archived Person", archived_at=timezone.now())
    client = client_for(world.staff)
    seen = read_by_following_next(client, "/api/v1/contacts/?page_size=2")
    assert sorted(row["id"] for row in seen) == sorted(contact.pk for contact in made)
    assert [row["full_name"] for row in seen] == sorted(names)
    assert next(row for row in seen if row["id"] == made[1].pk)["tags"] == ["mfa"]
    # The other way round, by a column the list may be ordered by.
    backwards = client.get("/api/v1/contacts/?ordering=-full_name&page_size=10").json()["results"]
    assert [row["full_name"] for row in backwards] == sorted(names, reverse=True)
