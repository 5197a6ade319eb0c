"""At-risk contacts: their phone, email, address and notes reach only coordinators of a campaign they
belong to (each view on the audit trail); everyone else, the API, CSV exports, digests and search see
the name and organisation only, or the pseudonym. A coordinator exports or erases a person."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from campaigns.models import AuditEntry, Membership
from campaigns.reports.digests import digest_build
from outreach.models import Contact, Interaction, OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from outreach.services.protection import contact_erase, contact_set_protection
from tests import factories as f
from tests.parity.doors import api_client, ui_client

pytestmark = pytest.mark.django_db

SECRET = {
    "email": "anna@hidden.example.org",
    "phone": "+374 10 555 0199",
    "address": "12 Tumanyan St",
    "notes": "Meets at dawn",
}


@pytest.fixture
def world():
    a, b = f.CampaignFactory(slug="a"), f.CampaignFactory(slug="b")
    people = {}
    for name, campaign, role in [
        ("coord_a", a, Membership.Role.COORDINATOR),
        ("coord_b", b, Membership.Role.COORDINATOR),
        ("staff_a", a, Membership.Role.STAFF),
    ]:
        people[name] = f.UserFactory(username=name)
        f.MembershipFactory(user=people[name], campaign=campaign, role=role)
    organisation = f.OrganisationFactory(name="Civil Net")
    anna = f.ContactFactory(full_name="Anna Petrosyan", organisation=organisation, **SECRET)
    f.InteractionFactory(campaign=a, contact=anna, logged_by=people["staff_a"], summary="Call about the op-ed")
    contact_set_protection(contact=anna, protected=True, pseudonym="Source K", by=people["coord_a"])
    anna.refresh_from_db()
    return {"a": a, "b": b, "anna": anna, "organisation": organisation, **people}


def _shows_secrets(text: str) -> list[str]:
    return [value for value in [*SECRET.values(), "Anna Petrosyan"] if value in text]


def test_a_coordinator_of_her_campaign_sees_the_details_and_the_view_is_on_the_trail(world):
    page = ui_client(world["coord_a"]).get(f"/outreach/contacts/{world['anna'].pk}/").content.decode()
    assert _shows_secrets(page) == [*SECRET.values(), "Anna Petrosyan"]
    viewed = AuditEntry.objects.get(event="viewed")
    assert (viewed.actor, viewed.contact_pk) == (world["coord_a"], world["anna"].pk)


@pytest.mark.parametrize("who", ["staff_a", "coord_b"])
def test_anyone_else_sees_the_pseudonym_and_organisation_only(world, who):
    page = ui_client(world[who]).get(f"/outreach/contacts/{world['anna'].pk}/").content.decode()
    assert _shows_secrets(page) == [] and "Source K" in page and "Civil Net" in page
    assert not AuditEntry.objects.filter(event="viewed").exists()
    assert ui_client(world[who]).get(f"/outreach/contacts/{world['anna'].pk}/edit/").status_code == 403


def test_the_api_never_gives_the_details_even_to_her_coordinator(world):
    for who in ("coord_a", "staff_a"):
        body = api_client(world[who]).get(f"/api/v1/contacts/{world['anna'].pk}/").json()
        assert body["full_name"] == "Source K" and body["is_protected"] is True
        assert all(body[name] == "" for name in SECRET) and body["organisation"] == world["organisation"].pk
        assert _shows_secrets(json.dumps(body)) == []


@pytest.mark.parametrize("query", ["anna@hidden", "Petrosyan", "555 0199"])
def test_search_finds_her_by_the_name_shown_only(world, query):
    client = api_client(world["staff_a"])
    assert client.get("/api/v1/contacts/", {"search": query}).json()["results"] == []
    assert client.get("/api/v1/contacts/", {"search": "Source K"}).json()["results"][0]["id"] == world["anna"].pk
    ui = ui_client(world["staff_a"])
    assert "Source K" not in ui.get("/outreach/search/", {"kind": "contact", "q": query}).content.decode()
    assert "Source K" not in ui.get("/outreach/contacts/", {"q": query}).content.decode()
    assert "Source K" in ui.get("/outreach/search/", {"kind": "contact", "q": "Source"}).content.decode()


def test_csv_exports_give_the_name_shown_and_organisation_only(world):
    briefing = f.BriefingFactory(campaign=world["a"])
    invitations_create(briefing=briefing, contacts=[world["anna"]], by=world["staff_a"])
    client = ui_client(world["coord_a"])
    for url in ["/outreach/contacts/export.csv", f"/outreach/briefings/{briefing.pk}/attendees.csv"]:
        body = client.get(url).content.decode("utf-8-sig")
        assert _shows_secrets(body) == [], url
        assert any("Source K" in row and "Civil Net" in row for row in csv.reader(io.StringIO(body)))
    assert AuditEntry.objects.filter(event="exported").count() == 2


def test_the_digest_names_her_by_the_pseudonym(world):
    interaction = Interaction.objects.get(contact=world["anna"])
    interaction.follow_up_on = timezone.localdate() - dt.timedelta(days=1)
    interaction.next_step = "Send the draft"
    interaction.save()
    digest = digest_build(user=world["staff_a"], now=timezone.now())
    details = [item.detail for item in digest.mine]
    assert details == ["Source K"]


def test_a_whole_organisation_can_be_protected(world):
    colleague = f.ContactFactory(full_name="Hidden Colleague", organisation=world["organisation"], phone="+374 99")
    api_client(world["coord_b"]).post(f"/api/v1/organisations/{world['organisation'].pk}/protect/", {"protected": True})
    body = api_client(world["staff_a"]).get(f"/api/v1/contacts/{colleague.pk}/").json()
    assert body["is_protected"] and body["phone"] == "" and body["email"] == ""


def test_only_coordinators_protect_and_only_those_who_may_see_her_lift_it(world):
    other = f.ContactFactory()
    response = api_client(world["staff_a"]).post(f"/api/v1/contacts/{other.pk}/protect/", {"protected": True})
    assert response.status_code == 400 and "Only a coordinator" in json.dumps(response.json())
    response = api_client(world["coord_b"]).post(f"/api/v1/contacts/{world['anna'].pk}/protect/", {"protected": False})
    assert response.status_code == 400
    assert Contact.objects.get(pk=world["anna"].pk).is_protected
    response = api_client(world["coord_a"]).post(f"/api/v1/contacts/{world['anna'].pk}/protect/", {"protected": False})
    assert response.status_code == 200 and response.json()["email"] == SECRET["email"]


def test_staff_cannot_change_her_through_the_api(world):
    response = api_client(world["staff_a"]).patch(f"/api/v1/contacts/{world['anna'].pk}/", {"email": ""})
    assert response.status_code == 400 and "protected" in json.dumps(response.json())
    assert Contact.objects.get(pk=world["anna"].pk).email == SECRET["email"]


def test_a_coordinator_of_every_campaign_she_is_in_exports_everything_about_her(world):
    f.InteractionFactory(campaign=world["b"], contact=world["anna"], summary="Met in Yerevan")
    response = ui_client(world["coord_a"]).post(f"/outreach/contacts/{world['anna'].pk}/export/", follow=True)
    assert "archive it instead" in response.content.decode() or "coordinator" in response.content.decode()
    Membership.objects.create(user=world["coord_a"], campaign=world["b"], role=Membership.Role.COORDINATOR)
    response = ui_client(world["coord_a"]).post(f"/outreach/contacts/{world['anna'].pk}/export/")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["person"]["email"] == SECRET["email"] and document["person"]["pseudonym"] == "Source K"
    assert {i["summary"] for i in document["interactions"]} == {"Call about the op-ed", "Met in Yerevan"}
    assert any(entry["event"] == "protected" for entry in document["audit_trail"])
    assert AuditEntry.objects.filter(event="exported", contact_pk=world["anna"].pk).exists()


def test_erasing_a_person_anonymises_her_and_keeps_the_campaigns_counts(world, settings):
    settings.SITE_URL = "http://testserver"
    anna = world["anna"]
    briefing = f.BriefingFactory(campaign=world["a"])
    invitations_create(briefing=briefing, contacts=[anna], by=world["staff_a"])
    invitations_send(briefing=briefing, by=world["staff_a"])
    before = Interaction.objects.filter(campaign=world["a"]).count()
    contact_erase(contact=anna, by=world["coord_a"])
    anna.refresh_from_db()
    assert anna.full_name == f"Erased contact #{anna.pk}" and anna.archived_at is not None
    assert all(getattr(anna, name) == "" for name in SECRET)
    assert Interaction.objects.filter(campaign=world["a"]).count() == before
    assert Interaction.objects.get(contact=anna).summary == "—"
    email = OutgoingEmail.objects.get()
    assert email.recipient == "erased@invalid" and email.body_text == "" and email.status == "failed"
    trail = " ".join(f"{e.object_repr} {e.changes}" for e in AuditEntry.objects.filter(contact_pk=anna.pk))
    assert _shows_secrets(trail) == [] and "Source K" not in trail
    assert AuditEntry.objects.filter(event="erased", actor=world["coord_a"]).exists()


def test_searching_outreach_and_invitations_never_finds_her_by_her_real_name_or_email(world):
    briefing = f.BriefingFactory(campaign=world["a"])
    invitations_create(briefing=briefing, contacts=[world["anna"]], by=world["staff_a"])
    client = api_client(world["coord_a"])
    for query in ("Petrosyan", "anna@hidden"):
        assert client.get("/api/v1/interactions/", {"search": query}).json()["results"] == []
        assert client.get("/api/v1/invitations/", {"search": query}).json()["results"] == []
    assert len(client.get("/api/v1/interactions/", {"search": "Source K"}).json()["results"]) == 1
    assert len(client.get("/api/v1/invitations/", {"search": "Source K"}).json()["results"]) == 1
