"""config.compiled.prepared: a query's SQL compiled once, then run with each call's own values, and
the same rows as Django's own run, whatever the values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Avg, Count, Q, Value

from config import compiled
from outreach.models import Interaction
from tests.conftest import service_missing
from tests.factories import CampaignFactory, InteractionFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 11, 1)


def follow_ups(*, campaign_ids, until, user_id):
    return (
        Interaction.objects.filter(campaign_id__in=campaign_ids, follow_up_on__lte=until, logged_by_id=user_id)
        .order_by("follow_up_on", "pk")
        .values_list("follow_up_on", "pk")
    )


def counted(*, campaign_ids, until, user_id):
    """One row of counts (each read through Django's int converter)."""
    return (
        follow_ups(campaign_ids=campaign_ids, until=until, user_id=user_id)
        .order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(
            early=Count("pk", filter=Q(follow_up_on__lt=until)), on_the_day=Count("pk", filter=Q(follow_up_on=until))
        )
        .values_list("early", "on_the_day")
    )


@pytest.fixture
def world():
    if connection.vendor != "postgresql":
        # SQLite gets dates as strings, which the stand-ins cannot locate: every key runs as Django runs it.
        service_missing("PostgreSQL (DATABASE_URL): the queries it runs are the ones compiled once")
    compiled._prepared.clear()
    first, second, third = CampaignFactory(), CampaignFactory(), CampaignFactory()
    me, other = UserFactory(), UserFactory()
    rows = {}
    for campaign in (first, second, third):
        for days in (0, 1, 5):
            for user in (me, other):
                row = InteractionFactory(campaign=campaign, logged_by=user, follow_up_on=DAY + dt.timedelta(days=days))
                rows[(campaign.pk, days, user.pk)] = row.pk
    return first, second, third, me, other


def test_each_call_answers_for_its_own_values_as_django_does_after_one_compilation(world):
    first, second, third, me, other = world
    built = []

    def queryset_of(**values):
        built.append(values)
        return follow_ups(**values)

    calls = [
        {"campaign_ids": [first.pk, second.pk], "until": DAY + dt.timedelta(days=1), "user_id": me.pk},
        {"campaign_ids": [second.pk, third.pk], "until": DAY + dt.timedelta(days=5), "user_id": other.pk},
        {"campaign_ids": [third.pk, first.pk], "until": DAY, "user_id": me.pk},
    ]
    for values in calls:
        assert compiled.prepared(("test", "follow-ups"), values, queryset_of) == list(follow_ups(**values))
    assert len(built) == 2  # the stand-ins and the first call's values; later calls build nothing
    assert compiled._prepared[(("test", "follow-ups"), compiled._shape(calls[0]))] is not None
    # Another number of campaigns is another SQL: compiled on its own, and right.
    three = {"campaign_ids": [first.pk, second.pk, third.pk], "until": DAY + dt.timedelta(days=5), "user_id": me.pk}
    assert compiled.prepared(("test", "follow-ups"), three, queryset_of) == list(follow_ups(**three))
    assert len(compiled.prepared(("test", "follow-ups"), three, queryset_of)) == 9


def test_columns_are_converted_as_django_converts_them(world):
    first, _second, _third, me, _other = world
    for days in (0, 1, 5):
        values = {"campaign_ids": [first.pk], "until": DAY + dt.timedelta(days=days), "user_id": me.pk}
        rows = compiled.prepared(("test", "counts"), values, counted)
        assert rows == list(counted(**values)) == [({0: 0, 1: 1, 5: 2}[days], 1)]
        assert all(type(value) is int for value in rows[0])

    def mean_id(**values):  # PostgreSQL answers a numeric; Django's converter makes it a float
        return (
            follow_ups(**values)
            .order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(m=Avg("pk"))
            .values_list("m")
        )

    values = {"campaign_ids": [first.pk], "until": DAY + dt.timedelta(days=5), "user_id": me.pk}
    for _ in range(2):
        assert compiled.prepared(("test", "mean"), values, mean_id) == list(mean_id(**values))
        assert type(compiled.prepared(("test", "mean"), values, mean_id)[0][0]) is type(mean_id(**values)[0][0])


def test_a_value_the_queryset_derives_another_from_is_run_by_django_every_time(world):
    first, _second, _third, me, _other = world

    def a_day_later(*, campaign_ids, until, user_id):
        return follow_ups(campaign_ids=campaign_ids, until=until + dt.timedelta(days=1), user_id=user_id)

    for days in (0, 4):
        values = {"campaign_ids": [first.pk], "until": DAY + dt.timedelta(days=days), "user_id": me.pk}
        assert compiled.prepared(("test", "derived"), values, a_day_later) == list(a_day_later(**values))
    assert compiled._prepared[(("test", "derived"), compiled._shape(values))] is None


def test_no_campaign_at_all_is_answered_by_django(world):
    _first, _second, _third, me, _other = world
    values = {"campaign_ids": [], "until": DAY, "user_id": me.pk}
    assert compiled.prepared(("test", "none"), values, follow_ups) == []
