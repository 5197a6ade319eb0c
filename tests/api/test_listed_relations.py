"""Lists read their to-many fields (a contact's tags, a mention's terms, a briefing's speakers, an
op-ed's authors, a placement's spokespeople, an ask's target contacts) a page at a time from the
join table: each row must say exactly what the object's own answer says, in the same order, with
one query per relation however long the page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def people(*names):
    return [factories.ContactFactory(full_name=name) for name in names]


def with_related(world):
    """Per list: three objects of the campaign with zero, one and several related rows."""
    campaign = world.campaign
    speakers = people("Zaruhi Babayan", "Aram Sargsyan", "Hasmik Melkonyan")
    made = {
        "briefings": [factories.BriefingFactory(campaign=campaign) for _ in range(3)],
        "op-eds": [factories.OpEdFactory(campaign=campaign) for _ in range(3)],
        "placements": [factories.PlacementFactory(campaign=campaign) for _ in range(3)],
        "objectives": [factories.ObjectiveFactory(campaign=campaign) for _ in range(3)],
        "mentions": [factories.MentionFactory(campaign=campaign) for _ in range(3)],
    }
    relation = {"briefings": "speakers", "op-eds": "authors", "placements": "spokespeople"}
    for name, field in {**relation, "objectives": "target_contacts"}.items():
        getattr(made[name][1], field).set(speakers[:1])
        getattr(made[name][2], field).set(speakers)
    terms = [factories.TrackedTermFactory(campaign=campaign, term=term) for term in ("Lachin", "ceasefire", "Minsk")]
    made["mentions"][1].terms.set(terms[:1])
    made["mentions"][2].terms.set(terms)
    contacts = people("Nare Hovhannisyan", "Tigran Petrosyan", "Ani Gevorgyan")
    tags = [factories.TagFactory(slug=slug) for slug in ("press", "diplomat", "mfa")]
    contacts[1].tags.set(tags[:1])
    contacts[2].tags.set(tags)
    made["contacts"] = contacts + speakers
    return made


@pytest.mark.parametrize("resource", ["contacts", "mentions", "briefings", "op-eds", "placements", "objectives"])
def test_each_row_of_a_list_says_what_the_objects_own_answer_says(world, resource):
    made = with_related(world)[resource]
    client = client_for(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        rows = client.get(f"/api/v1/{resource}/?page_size=200").json()["results"]
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) >= {obj.pk for obj in made}
    for obj in made:
        assert by_id[obj.pk] == client.get(f"/api/v1/{resource}/{obj.pk}/").json()
    # One query per to-many relation for the page, never one per row.
    joins = [q for q in queries if "_tags" in q["sql"] or "_terms" in q["sql"] or "_speakers" in q["sql"]]
    assert len(joins) <= 1, [q["sql"] for q in joins]
    assert len(queries) <= 8, [q["sql"] for q in queries]
