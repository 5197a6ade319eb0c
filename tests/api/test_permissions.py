"""Authorisation as in the UI: membership and role decide every object a caller reads or changes.

For each resource: a member sees and (with the role) changes it, a viewer reads only, a non-member
gets 404 (not 403) and never sees it in a list, anonymous callers and revoked or expired tokens 401.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from campaigns.models import ApiToken
from campaigns.services import api_token_create, api_token_revoke
from tests.api.conftest import client_for
from tests.api.resources import CAMPAIGN_RESOURCES, DIRECTORY_RESOURCES

pytestmark = pytest.mark.django_db

WRITABLE = [r for r in CAMPAIGN_RESOURCES if r.patch is not None]
CREATABLE = [r for r in CAMPAIGN_RESOURCES if r.create is not None]


def detail_url(resource, obj) -> str:
    return f"/api/v1/{resource.name}/{resource.lookup(obj)}/"


def listed_ids(response, resource) -> set[str]:
    assert response.status_code == 200, response.content
    return {str(row["id"]) for row in response.json()["results"]}


def editor_of(world, resource):
    return world.coordinator if resource.edit_role == "coordinator" else world.staff


@pytest.mark.parametrize("resource", CAMPAIGN_RESOURCES, ids=str)
def test_members_see_their_campaigns_objects_and_no_others(world, resource):
    mine, theirs = resource.make(world.campaign), resource.make(world.other)
    for user in (world.coordinator, world.staff, world.viewer):
        client = client_for(user)
        ids = listed_ids(client.get(f"/api/v1/{resource.name}/"), resource)
        assert str(resource.lookup(mine)) in ids
        assert str(resource.lookup(theirs)) not in ids
        assert client.get(detail_url(resource, mine)).status_code == 200
        response = client.get(detail_url(resource, theirs))
        assert response.status_code == 404
        assert response.json()["errors"] == {}


@pytest.mark.parametrize("resource", CAMPAIGN_RESOURCES, ids=str)
def test_non_member_gets_404_and_an_empty_list(world, resource):
    mine = resource.make(world.campaign)
    client = client_for(world.outsider)
    assert listed_ids(client.get(f"/api/v1/{resource.name}/"), resource) == set()
    assert client.get(detail_url(resource, mine)).status_code == 404
    if resource.patch is not None:
        assert client.patch(detail_url(resource, mine), resource.patch, format="json").status_code == 404
        assert client.delete(detail_url(resource, mine)).status_code in (404, 405)


@pytest.mark.parametrize("resource", CAMPAIGN_RESOURCES + DIRECTORY_RESOURCES, ids=str)
def test_anonymous_and_bad_tokens_get_a_json_401_not_the_sign_in_page(world, resource):
    obj = resource.make(world.campaign)
    revoked_token, revoked = api_token_create(user=world.staff, name="revoked")
    api_token_revoke(token=revoked_token, by=world.staff)
    expiring, expired = api_token_create(
        user=world.staff, name="expired", expires_at=timezone.now() + dt.timedelta(minutes=5)
    )
    ApiToken.objects.filter(pk=expiring.pk).update(
        created_at=timezone.now() - dt.timedelta(days=2), expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    clients = {"anonymous": APIClient()}
    for label, header in [
        ("revoked", f"Bearer {revoked}"),
        ("expired", f"Bearer {expired}"),
        ("forged", "Bearer prl_000000000000_forged"),
        ("malformed", "Bearer"),
    ]:
        clients[label] = APIClient()
        clients[label].credentials(HTTP_AUTHORIZATION=header)
    for label, client in clients.items():
        for response in (client.get(f"/api/v1/{resource.name}/"), client.get(detail_url(resource, obj))):
            assert response.status_code == 401, (label, response.status_code)
            assert response["Content-Type"].startswith("application/json")
            assert response["WWW-Authenticate"] == 'Bearer realm="api"'
            assert set(response.json()) == {"detail", "errors"}
    assert "revoked" in clients["revoked"].get(f"/api/v1/{resource.name}/").json()["detail"]
    assert "expired" in clients["expired"].get(f"/api/v1/{resource.name}/").json()["detail"]


@pytest.mark.parametrize("resource", WRITABLE, ids=str)
def test_viewer_cannot_change_and_editor_can(world, resource):
    obj = resource.make(world.campaign)
    viewer = client_for(world.viewer)
    before = viewer.get(detail_url(resource, obj)).json()
    response = viewer.patch(detail_url(resource, obj), resource.patch, format="json")
    assert response.status_code == 403
    assert viewer.get(detail_url(resource, obj)).json() == before
    assert viewer.delete(detail_url(resource, obj)).status_code in (403, 405)

    editor = client_for(editor_of(world, resource))
    response = editor.patch(detail_url(resource, obj), resource.patch, format="json")
    assert response.status_code == 200, response.content
    for key, value in resource.patch.items():
        assert response.json()[key] == value


@pytest.mark.parametrize("resource", [r for r in WRITABLE if r.edit_role == "coordinator"], ids=str)
def test_staff_cannot_change_what_coordinators_manage(world, resource):
    obj = resource.make(world.campaign)
    response = client_for(world.staff).patch(detail_url(resource, obj), resource.patch, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("resource", CREATABLE, ids=str)
def test_create_needs_the_role_in_the_campaign(world, resource):
    model_count = lambda: len(client_for(world.coordinator).get(f"/api/v1/{resource.name}/").json()["results"])  # noqa: E731
    before = model_count()
    assert (
        client_for(world.viewer)
        .post(f"/api/v1/{resource.name}/", resource.create(world.campaign), format="json")
        .status_code
        == 403
    )
    # Someone else's campaign does "not exist" for the caller: a field error, nothing created.
    response = client_for(world.other_staff).post(
        f"/api/v1/{resource.name}/", resource.create(world.campaign), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert model_count() == before

    response = client_for(editor_of(world, resource)).post(
        f"/api/v1/{resource.name}/", resource.create(world.campaign), format="json"
    )
    assert response.status_code == 201, response.content
    assert model_count() == before + 1


@pytest.mark.parametrize(
    "resource", [r for r in CAMPAIGN_RESOURCES if r.name not in ("campaigns", "mentions")], ids=str
)
def test_editor_deletes_within_their_campaign(world, resource):
    obj = resource.make(world.campaign)
    client = client_for(editor_of(world, resource))
    assert client.delete(detail_url(resource, obj)).status_code == 204
    assert client.get(detail_url(resource, obj)).status_code == 404


@pytest.mark.parametrize("resource", DIRECTORY_RESOURCES, ids=str)
def test_directories_are_read_by_members_and_written_by_campaign_staff(world, resource):
    obj = resource.make(world.campaign)
    for user in (world.viewer, world.outsider, world.staff):
        assert client_for(user).get(detail_url(resource, obj)).status_code == 200
    for user in (world.viewer, world.outsider):
        client = client_for(user)
        assert client.patch(detail_url(resource, obj), resource.patch, format="json").status_code == 403
        assert (
            client.post(f"/api/v1/{resource.name}/", resource.create(world.campaign), format="json").status_code == 403
        )
    staff = client_for(world.staff)
    assert staff.patch(detail_url(resource, obj), resource.patch, format="json").status_code == 200
    assert staff.post(f"/api/v1/{resource.name}/", resource.create(world.campaign), format="json").status_code == 201


def test_only_administrators_create_campaigns_and_become_coordinator(world):
    payload = {"name": "Sudan emergency", "slug": "sudan"}
    assert client_for(world.coordinator).post("/api/v1/campaigns/", payload, format="json").status_code == 403
    world.staff.is_staff = True
    world.staff.save()
    response = client_for(world.staff).post("/api/v1/campaigns/", payload, format="json")
    assert response.status_code == 201
    campaign_id = response.json()["id"]
    memberships = client_for(world.staff).get(f"/api/v1/memberships/?campaign={campaign_id}").json()["results"]
    assert [(m["username"], m["role"]) for m in memberships] == [("api-staff", "coordinator")]


def test_session_authentication_needs_csrf_for_writes(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.staff)
    assert client.get("/api/v1/campaigns/").status_code == 200
    response = client.post("/api/v1/organisations/", {"name": "No CSRF"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_schema_and_docs_need_signing_in(client, world):
    assert client.get("/api/schema/").status_code in {401, 403}
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    client.force_login(world.viewer)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
    assert client_for(world.viewer).get("/api/schema/").status_code == 200  # with a token, no session


def test_docs_page_needs_no_network_its_assets_are_ours(client, world):
    client.force_login(world.viewer)
    page = client.get("/api/docs/").content.decode()
    assert "cdn." not in page and "jsdelivr" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
