"""Count the SQL queries of the API's list endpoints for a number of rows (used by the tests and bench/)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.api.resources import CAMPAIGN_RESOURCES, DIRECTORY_RESOURCES

LIST_ENDPOINTS = [r.name for r in CAMPAIGN_RESOURCES + DIRECTORY_RESOURCES]


def make_rich(name: str, campaign, member):
    """One row of the resource with its many-to-many relations filled, so N+1 would show."""
    resource = {r.name: r for r in CAMPAIGN_RESOURCES + DIRECTORY_RESOURCES}[name]
    obj = resource.make(campaign)
    if name == "campaigns":
        obj = factories.CampaignFactory(coordinator=factories.UserFactory())
        factories.MembershipFactory(user=member, campaign=obj, role="viewer")
    elif name == "contacts":
        obj.tags.add(factories.TagFactory(), factories.TagFactory())
    elif name == "op-eds":
        obj.authors.add(factories.ContactFactory(), factories.ContactFactory())
    elif name == "briefings":
        obj.speakers.add(factories.ContactFactory())
    elif name == "placements":
        obj.spokespeople.add(factories.ContactFactory())
    elif name == "mentions":
        obj.terms.add(factories.TrackedTermFactory(campaign=campaign))
    return obj


def list_queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{name}/")
    assert response.status_code == 200, response.content
    return len(queries)
