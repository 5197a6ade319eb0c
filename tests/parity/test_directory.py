"""The shared address book changes alike through the contact pages, the API and the admin: create, edit,
merge a duplicate into the record kept, delete; and each door refuses the same things for the same reason."""

from __future__ import annotations

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Contact, Invitation, Organisation
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def staff_member():
    campaign = f.CampaignFactory(slug="nk-2020")
    user = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=user, role=Membership.Role.STAFF)
    return {"campaign": campaign, "user": user}


def address_book():
    data = staff_member()
    data["organisation"] = f.OrganisationFactory(name="IPHR")
    data["tag"] = f.TagFactory(slug="expert", name="Expert")
    data["contact"] = f.ContactFactory(full_name="Svitlana Valko", email="sv@iphr.example.org", organisation=None)
    return data


def row_of(rows: list[str], text: str) -> str:
    (row,) = [row for row in rows if text in row]
    return row


# --- Create and edit -------------------------------------------------------------------


def save_contact(fields, *, edit=False):
    """Create a contact (or edit data["contact"]) with ``fields`` through each door."""

    def form_data(data):
        body = {
            "full_name": fields["full_name"],
            "email": fields.get("email", ""),
            "title": fields.get("title", ""),
            "country": fields.get("country", ""),
            "preferred_language": fields.get("preferred_language", "en"),
            "notes": "",
            "phone": "",
        }
        if fields.get("organisation"):
            body["organisation"] = data[fields["organisation"]].pk
        if fields.get("tags"):
            body["tags"] = [data[name].pk for name in fields["tags"]]
        return body

    def ui(data):
        url = f"/outreach/contacts/{data['contact'].pk}/edit/" if edit else "/outreach/contacts/new/"
        body = {**form_data(data), "languages": fields.get("languages", [])}
        return ui_outcome(ui_client(data["user"]).post(url, body, follow=True))

    def api(data):
        body = {**fields}
        if "organisation" in body:
            body["organisation"] = data[body["organisation"]].pk
        if "tags" in body:
            body["tags"] = [data[name].slug for name in body["tags"]]
        client = api_client(data["user"])
        if edit:
            return api_outcome(client.patch(f"/api/v1/contacts/{data['contact'].pk}/", body))
        return api_outcome(client.post("/api/v1/contacts/", body))

    def admin(data):
        url = f"/admin/outreach/contact/{data['contact'].pk}/change/" if edit else "/admin/outreach/contact/add/"
        body = {**form_data(data), "languages": repr(fields.get("languages", [])).replace("'", '"')}
        return ui_outcome(admin_client(data["user"]).post(url, body, follow=True))

    return {"ui": ui, "api": api, "admin": admin}


NEW_CONTACT = {
    "full_name": "Thomas de Waal",
    "email": "tdw@carnegie.example.org",
    "title": "Senior fellow",
    "country": "GB",
    "languages": ["en", "ru"],
    "organisation": "organisation",
    "tags": ["tag"],
}


def test_a_new_contact_is_the_same_row_whatever_the_door():
    results = each_door(address_book, save_contact(NEW_CONTACT))
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok
    row = row_of(after["outreach.contact"], "Thomas de Waal")
    assert "('tags', ['Expert'])" in row and "('organisation', 'outreach.organisation:IPHR')" in row


def test_a_second_contact_with_the_same_email_is_refused_by_every_door():
    results = each_door(address_book, save_contact({**NEW_CONTACT, "email": "SV@iphr.example.org"}))
    assert_same(results)
    assert results["api"][0].refused == "A contact with this email already exists."


def test_editing_a_contact_leaves_the_same_row_whatever_the_door():
    fields = {**NEW_CONTACT, "full_name": "Svitlana Valko", "email": "sv@iphr.example.org"}
    results = each_door(address_book, save_contact(fields, edit=True))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok
    assert "('title', 'Senior fellow')" in row_of(after["outreach.contact"], "Svitlana Valko")


def test_taking_another_contacts_email_is_refused_by_every_door():
    def two_contacts():
        data = address_book()
        f.ContactFactory(full_name="Someone else", email="else@example.org")
        return data

    fields = {"full_name": "Svitlana Valko", "email": "Else@example.org"}
    results = each_door(two_contacts, save_contact(fields, edit=True))
    assert_same(results)
    assert results["admin"][0].refused == "A contact with this email already exists."


# --- Merge -----------------------------------------------------------------------------


def duplicate_contacts():
    """Svitlana Valko twice: the record kept, and a duplicate with history of its own."""
    data = address_book()
    campaign, kept = data["campaign"], data["contact"]
    duplicate = f.ContactFactory(
        full_name="S. Valko", email="", phone="+374 10 000000", organisation=data["organisation"], languages=["uk"]
    )
    duplicate.tags.add(data["tag"])
    f.InteractionFactory(campaign=campaign, contact=duplicate, summary="Asked her to speak", logged_by=data["user"])
    global_briefing, follow_up = f.BriefingFactory(campaign=campaign), f.BriefingFactory(campaign=campaign)
    f.InvitationFactory(briefing=global_briefing, contact=kept)  # no answer yet
    f.InvitationFactory(
        briefing=global_briefing, contact=duplicate, status=Invitation.Status.ACCEPTED, answered_at=timezone.now()
    )
    f.InvitationFactory(briefing=follow_up, contact=duplicate)
    global_briefing.speakers.add(duplicate)
    op_ed = f.OpEdFactory(campaign=campaign, title="A joint call for peace")
    op_ed.authors.add(duplicate)
    f.PitchFactory(op_ed=op_ed, editor=duplicate)
    f.PlacementFactory(campaign=campaign).spokespeople.add(duplicate)
    f.ObjectiveFactory(campaign=campaign, title="Open the corridor").target_contacts.add(duplicate)
    return {**data, "kept": kept, "duplicate": duplicate}


def merge(model, duplicate, into):
    kind = model._meta.model_name
    plural = "contacts" if model is Contact else "organisations"

    def ui(data):
        url = f"/outreach/{plural}/{data[duplicate].pk}/merge/"
        return ui_outcome(ui_client(data["user"]).post(url, {kind: data[into].pk}, follow=True))

    def api(data):
        url = f"/api/v1/{plural}/{data[duplicate].pk}/merge/"
        return api_outcome(api_client(data["user"]).post(url, {"into": data[into].pk}))

    def admin(data):
        client = admin_client(data["user"])
        return admin_action(client, model, "merge_into", [data[duplicate]], into=data[into].pk)

    return {"ui": ui, "api": api, "admin": admin}


def test_merging_a_duplicate_contact_moves_everything_to_the_kept_one_whatever_the_door():
    results = each_door(duplicate_contacts, merge(Contact, "duplicate", "kept"))
    assert_same(results)
    outcome, before, after = results["api"]
    assert outcome.ok
    assert len(after["outreach.contact"]) == len(before["outreach.contact"]) - 1
    kept = row_of(after["outreach.contact"], "Svitlana Valko")
    for fact in ("('phone', '+374 10 000000')", "('languages', ['en', 'fr', 'uk'])", "('tags', ['Expert'])"):
        assert fact in kept
    assert "S. Valko" not in repr(after)  # nothing refers to the duplicate any more
    # One invitation per briefing: the kept one took the duplicate's answer.
    invitations = after["outreach.invitation"]
    assert len(invitations) == 2 and sum("('status', 'accepted')" in row for row in invitations) == 1
    assert "Svitlana Valko" in row_of(after["outreach.interaction"], "Asked her to speak")
    assert "'authors', ['Svitlana Valko']" in after["outreach.oped"][0]
    assert "'spokespeople', ['Svitlana Valko']" in after["media_tracker.placement"][0]
    assert "'editor', 'outreach.contact:Svitlana Valko'" in after["outreach.pitch"][0]
    assert "'target_contacts', ['Svitlana Valko']" in row_of(after["campaigns.objective"], "Open the corridor")


def test_merging_a_contact_into_itself_is_refused_by_every_door():
    results = each_door(duplicate_contacts, merge(Contact, "kept", "kept"))
    assert_same(results)
    assert results["ui"][0].refused == "A contact cannot be merged into itself."


def duplicate_organisations():
    data = address_book()
    kept = data["organisation"]
    duplicate = f.OrganisationFactory(name="Intl. Partnership for Human Rights", website="https://iphr.example.org")
    f.ContactFactory(full_name="Staffer", organisation=duplicate)
    f.InteractionFactory(campaign=data["campaign"], contact=None, organisation=duplicate, summary="Called the desk")
    f.OutletFactory(name="IPHR Review", organisation=duplicate)
    return {**data, "kept": kept, "duplicate": duplicate}


def test_merging_a_duplicate_organisation_moves_its_people_and_outreach_whatever_the_door():
    results = each_door(duplicate_organisations, merge(Organisation, "duplicate", "kept"))
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok
    assert len(after["outreach.organisation"]) == 1
    assert "('website', 'https://iphr.example.org')" in after["outreach.organisation"][0]
    assert "outreach.organisation:IPHR" in row_of(after["outreach.contact"], "Staffer")
    assert "outreach.organisation:IPHR" in row_of(after["outreach.interaction"], "Called the desk")
    assert "outreach.organisation:IPHR" in after["media_tracker.outlet"][0]


def test_merging_an_organisation_into_itself_is_refused_by_every_door():
    results = each_door(duplicate_organisations, merge(Organisation, "duplicate", "duplicate"))
    assert_same(results)
    assert results["api"][0].refused == "An organisation cannot be merged into itself."


# --- Delete ----------------------------------------------------------------------------


def delete(model, record):
    plural = "contacts" if model is Contact else "organisations"
    action = f"delete_{plural}"

    def ui(data):
        url = f"/outreach/{plural}/{data[record].pk}/delete/"
        return ui_outcome(ui_client(data["user"]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data["user"]).delete(f"/api/v1/{plural}/{data[record].pk}/"))

    def admin(data):
        return admin_action(admin_client(data["user"]), model, action, [data[record]], confirm="on")

    return {"ui": ui, "api": api, "admin": admin}


def coordinator_address_book():
    """The address book, seen by a coordinator: only coordinators (of every campaign that refers to a
    record) and administrators delete; staff archive."""
    data = address_book()
    Membership.objects.filter(user=data["user"]).update(role=Membership.Role.COORDINATOR)
    return data


def test_deleting_a_contact_nothing_refers_to_whatever_the_door():
    results = each_door(coordinator_address_book, delete(Contact, "contact"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok and after["outreach.contact"] == []


def test_deleting_a_contact_still_referred_to_is_refused_by_every_door_and_suggests_merging():
    def speaker():
        data = coordinator_address_book()
        f.BriefingFactory(campaign=data["campaign"]).speakers.add(data["contact"])
        return data

    # Before: the API and the admin deleted the speaker (and the briefing lost its speaker silently).
    results = each_door(speaker, delete(Contact, "contact"))
    assert_same(results)
    assert results["api"][0].refused == (
        "Outreach, invitations, op-eds, pitches or placements still refer to this contact; "
        "merge it into the contact you keep instead, or archive it."
    )


def test_deleting_an_organisation_with_people_is_refused_by_every_door():
    def as_coordinator():
        data = duplicate_organisations()
        Membership.objects.filter(user=data["user"]).update(role=Membership.Role.COORDINATOR)
        return data

    results = each_door(as_coordinator, delete(Organisation, "duplicate"))
    assert_same(results)
    assert "merge it into the organisation you keep instead" in results["admin"][0].refused


def test_deleting_an_organisation_nothing_refers_to_whatever_the_door():
    results = each_door(coordinator_address_book, delete(Organisation, "organisation"))
    assert_same(results)
    assert results["api"][0].ok and results["api"][2]["outreach.organisation"] == []


def test_a_new_organisation_and_a_duplicate_name_whatever_the_door():
    def create(name):
        body = {"name": name, "kind": "think_tank", "country": "US", "website": "", "notes": ""}

        def ui(data):
            return ui_outcome(ui_client(data["user"]).post("/outreach/organisations/new/", body, follow=True))

        def api(data):
            return api_outcome(api_client(data["user"]).post("/api/v1/organisations/", body))

        def admin(data):
            client = admin_client(data["user"])
            return ui_outcome(client.post("/admin/outreach/organisation/add/", {**body, **_no_inline()}, follow=True))

        return {"ui": ui, "api": api, "admin": admin}

    results = each_door(address_book, create("Carnegie Endowment"))
    assert_same(results)
    assert results["ui"][0].ok and len(results["ui"][2]["outreach.organisation"]) == 2

    results = each_door(address_book, create("iphr"))
    assert_same(results)
    assert results["ui"][0].refused == "An organisation with this name already exists."


def _no_inline() -> dict:
    return {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0", "contacts-MAX_NUM_FORMS": "1000"}
