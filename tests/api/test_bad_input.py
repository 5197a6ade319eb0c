"""Bad input gets a 4xx with a clear message and changes nothing: never a 500, never a partial write."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError

from outreach.api import views as outreach_views
from outreach.models import Contact, Interaction, Organisation
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    return client_for(world.staff)


def post_raw(client, url, body: bytes, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


def assert_error(response, status: int, *fields: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["detail"]
    for field in fields:
        assert field in body["errors"], body


def test_malformed_json(staff):
    response = post_raw(staff, "/api/v1/organisations/", b'{"name": "IPHR",')
    assert_error(response, 400)
    assert "JSON" in response.json()["detail"]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe{}", b'{"name": "caf\xe9"}', b'{"name": "\\ud800"}', b'{"name": NaN}', b"[" * 100000],
    ids=["bom-garbage", "latin-1", "lone-surrogate", "nan", "deep-nesting"],
)
def test_bad_encodings_and_non_json_values(staff, body):
    assert_error(post_raw(staff, "/api/v1/organisations/", body), 400)
    assert not Organisation.objects.exists()


def test_unknown_fields_are_refused(staff):
    response = staff.post("/api/v1/organisations/", {"name": "IPHR", "is_admin": True, "sizee": 3}, format="json")
    assert_error(response, 400, "is_admin", "sizee")
    assert response.json()["errors"]["is_admin"] == ["Unknown field."]
    assert not Organisation.objects.exists()


def test_read_only_fields_sent_back_are_ignored(staff):
    org = staff.post("/api/v1/organisations/", {"name": "IPHR"}, format="json").json()
    org["name"] = "IPHR Brussels"
    org["created_at"] = "1999-01-01T00:00:00Z"
    response = staff.put(f"/api/v1/organisations/{org['id']}/", org, format="json")
    assert response.status_code == 200
    assert response.json()["created_at"] != "1999-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"contact": "abc"}, "contact"),
        ({"contact": True}, "contact"),
        ({"contact": 10**30}, "contact"),
        ({"contact": [1]}, "contact"),
        ({"follow_up_on": 20201120}, "follow_up_on"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"channel": "pigeon"}, "channel"),
        ({"summary": {"text": "x"}}, "summary"),
        ({"summary": "nul\x00byte"}, "summary"),
    ],
)
def test_wrong_types(world, staff, payload, field):
    contact = factories.ContactFactory()
    body = {"campaign": world.campaign.pk, "contact": contact.pk, "summary": "Called", **payload}
    assert_error(staff.post("/api/v1/interactions/", body, format="json"), 400, field)
    assert not Interaction.objects.exists()


def test_a_list_instead_of_an_object(staff):
    assert_error(staff.post("/api/v1/organisations/", [{"name": "IPHR"}], format="json"), 400, "non_field_errors")


@pytest.mark.parametrize(
    "field, value",
    [
        ("follow_up_on", "10000-01-01"),
        ("follow_up_on", "2020-02-30"),
        ("occurred_at", "9999-12-31T23:59:59-14:00"),
        ("occurred_at", "0001-01-01T00:00:00+14:00"),
        ("occurred_at", "2020-10-20T25:00:00Z"),
    ],
)
def test_out_of_range_dates(world, staff, field, value):
    body = {"campaign": world.campaign.pk, "contact": factories.ContactFactory().pk, "summary": "x", field: value}
    assert_error(staff.post("/api/v1/interactions/", body, format="json"), 400, field)
    assert not Interaction.objects.exists()


def test_briefing_ending_before_it_starts(world, staff):
    body = {
        "campaign": world.campaign.pk,
        "title": "Global briefing",
        "starts_at": "2020-11-03T15:00:00+01:00",
        "ends_at": "2020-11-03T14:00:00+01:00",
    }
    assert_error(staff.post("/api/v1/briefings/", body, format="json"), 400, "ends_at")


def test_enormous_payload_is_413_and_not_read(staff, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    body = json.dumps({"name": "IPHR", "notes": "x" * 20_000}).encode()
    assert_error(post_raw(staff, "/api/v1/organisations/", body), 413)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "campaign=abc",
        "campaign=99999999999999999999999",
        "occurred_after=2020-13-45",
        "occurred_after=99999-01-01T00:00:00Z",
        "occurred_after=0001-01-01T00:00:00%2B14:00",
        "channel=pigeon",
        "cursor=not-a-cursor",
        "page_size=abc",
    ],
)
def test_bad_filters_are_4xx(staff, query):
    response = staff.get(f"/api/v1/interactions/?{query}")
    assert response.status_code in (200, 400, 404), response.content
    assert response.status_code != 200 or query.startswith("page_size")


def test_search_with_nul_characters_is_a_400(staff):
    response = staff.get("/api/v1/contacts/?search=a%00b")
    assert_error(response, 400)
    assert "Null characters" in json.dumps(response.json())


def test_huge_ids_in_paths_and_cursors(staff):
    assert staff.get("/api/v1/contacts/99999999999999999999999/").status_code == 404
    assert staff.get("/api/v1/invitations/not-a-uuid/").status_code == 404
    assert_error(staff.get("/api/v1/articles/?cursor=garbage"), 404)


def test_duplicate_is_a_field_error(staff):
    factories.ContactFactory(email="sv@example.org")
    response = staff.post("/api/v1/contacts/", {"full_name": "S. Valko", "email": "SV@example.org"}, format="json")
    assert_error(response, 400)
    assert "already exists" in json.dumps(response.json()["errors"])
    assert Contact.objects.count() == 1


def test_an_integrity_error_mid_write_is_a_400_and_undoes_everything(world, staff, monkeypatch):
    real = outreach_views.interaction_log

    def log_then_collide(**kwargs):
        real(**kwargs)  # the row is written...
        raise IntegrityError("simulated race with another writer")  # ...then a constraint fires

    monkeypatch.setattr(outreach_views, "interaction_log", log_then_collide)
    body = {"campaign": world.campaign.pk, "contact": factories.ContactFactory().pk, "summary": "Called"}
    response = staff.post("/api/v1/interactions/", body, format="json")
    assert_error(response, 400, "non_field_errors")
    assert not Interaction.objects.exists()


def test_only_json_is_accepted(staff):
    response = staff.post("/api/v1/organisations/", {"name": "IPHR"})  # multipart form
    assert_error(response, 415)


def test_deleting_a_contact_still_referred_to_is_a_409_and_deletes_nothing(world, staff, as_user):
    interaction = factories.InteractionFactory(campaign=world.campaign)
    response = staff.delete(f"/api/v1/contacts/{interaction.contact_id}/")
    assert_error(response, 403)  # staff archive; a coordinator of every campaign that uses it may delete
    assert "archive it instead" in response.json()["detail"]
    response = as_user(world.coordinator).delete(f"/api/v1/contacts/{interaction.contact_id}/")
    assert_error(response, 409)
    assert "refer" in response.json()["detail"]
    assert Contact.objects.filter(pk=interaction.contact_id).exists()


def test_marking_a_follow_up_done_records_when(world, staff):
    interaction = factories.InteractionFactory(campaign=world.campaign, follow_up_on="2020-11-20")
    url = f"/api/v1/interactions/{interaction.pk}/"
    response = staff.post(f"{url}done/")
    assert response.status_code == 200, response.content
    assert response.json()["done"] and response.json()["done_at"]
    response = staff.post(f"{url}undo-done/")
    assert response.status_code == 200, response.content
    assert not response.json()["done"] and response.json()["done_at"] is None


def test_done_and_snoozed_are_not_written_by_an_edit(world, staff):
    # They change through the done/, undo-done/ and snooze/ actions, which check what the home page checks.
    interaction = factories.InteractionFactory(campaign=world.campaign, follow_up_on="2020-11-20")
    url = f"/api/v1/interactions/{interaction.pk}/"
    assert_error(staff.patch(url, {"done": True}, format="json"), 400, "done")
    assert_error(staff.patch(url, {"snoozed_until": "2001-01-01"}, format="json"), 400, "snoozed_until")
    unchanged = staff.get(url).json()
    assert staff.put(url, {**unchanged, "summary": "Called again"}, format="json").status_code == 200
    interaction.refresh_from_db()
    assert (interaction.done, interaction.snoozed_until, interaction.summary) == (False, None, "Called again")


def test_answering_an_invitation_records_when(world, staff):
    invitation = factories.InvitationFactory(briefing=factories.BriefingFactory(campaign=world.campaign))
    url = f"/api/v1/invitations/{invitation.public_id}/record-answer/"
    response = staff.post(url, {"answer": "accepted"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["answered_at"]
    assert staff.post(url, {"answer": "invited"}, format="json").json()["answered_at"] is None
    assert_error(staff.post(url, {"answer": "yes"}, format="json"), 400, "answer")


@pytest.mark.parametrize("offset", ["+23:13", "-23:59", "+15:59"])
def test_offsets_python_accepts_but_postgresql_refuses_are_normalised(world, staff, offset):
    # PostgreSQL refuses a displacement beyond ±15:59; the API turns every time into UTC first.
    factories.InteractionFactory(campaign=world.campaign)
    stamp = f"2020-10-20T10:00:00{offset}".replace("+", "%2B")
    assert staff.get(f"/api/v1/interactions/?occurred_after={stamp}").status_code == 200
    body = {"campaign": world.campaign.pk, "contact": factories.ContactFactory().pk, "summary": "x"}
    response = staff.post(
        "/api/v1/interactions/", {**body, "occurred_at": f"2020-10-20T10:00:00{offset}"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["occurred_at"].endswith("Z")
