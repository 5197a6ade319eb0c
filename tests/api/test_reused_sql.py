"""A page of an API list is compiled once per shape of its query, then run with the page's own values
(config/reused_sql.py). Reused SQL must answer exactly as Django's own: each caller sees their own
campaigns, each cursor its own page, and a shape the module cannot vouch for is compiled each time.
The test suite's settings also compare every reuse with Django's own SQL (PARLEY_CHECK_REUSED_SQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.db.models import Count
from django.test import override_settings

from config import reused_sql
from media_tracker.models import Mention
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    reused_sql._kept.clear()
    yield
    reused_sql._kept.clear()


def kept_shapes(model) -> list:
    return [kept for (_alias, _elide, shape), kept in reused_sql._kept.items() if model in shape]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_each_caller_reads_their_own_campaigns_through_the_same_sql(world):
    mine = [factories.MentionFactory(campaign=world.campaign) for _ in range(3)]
    theirs = [factories.MentionFactory(campaign=world.other) for _ in range(2)]
    with override_settings(PARLEY_CHECK_REUSED_SQL=False):  # the reuse alone answers
        assert ids(client_for(world.coordinator).get("/api/v1/mentions/")) == [m.pk for m in reversed(mine)]
        assert ids(client_for(world.other_staff).get("/api/v1/mentions/")) == [m.pk for m in reversed(theirs)]
        assert ids(client_for(world.outsider).get("/api/v1/mentions/")) == []
    kept = kept_shapes(Mention)
    assert len(kept) == 1 and kept[0] is not None, "the page's SQL was not kept"


def test_following_the_cursor_pages_through_the_whole_list_once(world):
    made = [factories.MentionFactory(campaign=world.campaign) for _ in range(7)]
    client, seen = client_for(world.staff), []
    with override_settings(PARLEY_CHECK_REUSED_SQL=False):
        response = client.get("/api/v1/mentions/?page_size=2")
        while True:
            seen += ids(response)
            following = response.json()["next"]
            if following is None:
                break
            response = client.get(following)
    assert seen == [m.pk for m in reversed(made)]
    assert all(kept is not None for kept in kept_shapes(Mention))


def test_true_and_false_are_shapes_of_their_own(world):
    active = factories.TrackedTermFactory(campaign=world.campaign, term="ceasefire", is_active=True)
    paused = factories.TrackedTermFactory(campaign=world.campaign, term="corridor", is_active=False)
    client = client_for(world.staff)
    for _ in range(2):
        assert ids(client.get("/api/v1/tracked-terms/?is_active=true")) == [active.pk]
        assert ids(client.get("/api/v1/tracked-terms/?is_active=false")) == [paused.pk]


def test_a_search_wraps_its_value_and_is_compiled_by_django_each_time(world):
    found = factories.MentionFactory(campaign=world.campaign, snippet="Humanitarian corridor to Stepanakert")
    factories.MentionFactory(campaign=world.campaign, snippet="Ceasefire talks in Moscow")
    client = client_for(world.staff)
    for word in ("corridor", "Stepanakert"):
        assert ids(client.get(f"/api/v1/mentions/?search={word}")) == [found.pk]
    searched = [kept for kept in kept_shapes(Mention) if kept is None]
    assert searched, "a search's SQL (its value wrapped in %) must not be reused"


def test_what_is_not_a_plain_select_of_rows_is_not_reused():
    annotated = reused_sql.reusing(Mention.objects.annotate(terms_count=Count("terms")))
    with pytest.raises(reused_sql.NotReusable):
        reused_sql._shape(annotated.query)
    with pytest.raises(reused_sql.NotReusable):
        reused_sql._shape(reused_sql.reusing(Mention.objects.filter(snippet__in=[])).query)
    repeated = reused_sql._shape(reused_sql.reusing(Mention.objects.filter(campaign_id__in=[4, 4, 5])).query)
    distinct = reused_sql._shape(reused_sql.reusing(Mention.objects.filter(campaign_id__in=[4, 5, 6])).query)
    assert repeated[1] == [4, 5] and repeated[0] != distinct[0]  # __in drops a repeated value


def test_a_reuse_that_differs_from_djangos_sql_fails_loudly_under_the_tests_settings(world):
    factories.MentionFactory(campaign=world.campaign)
    client = client_for(world.staff)
    assert client.get("/api/v1/mentions/").status_code == 200
    (key,) = [key for key in reused_sql._kept if Mention in key[2]]
    first, sql = reused_sql._kept[key]
    reused_sql._kept[key] = (first, sql.replace("DESC", "ASC"))
    with pytest.raises(AssertionError, match="reused SQL differs"):
        client.get("/api/v1/mentions/")


def test_a_shape_kept_on_one_thread_runs_on_another_threads_own_connection(world):
    def page():
        return list(reused_sql.reusing(Mention.objects.filter(campaign_id__in=[world.campaign.pk])).order_by("-id")[:5])

    page()
    errors = []

    def elsewhere():
        try:
            page()  # the kept shape, on this thread's connection (Django refuses to share one)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert errors == []
    assert all(kept is not None for kept in kept_shapes(Mention))
