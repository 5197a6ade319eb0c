"""Archiving, protecting and deleting shared records alike through the contact pages, the API and the
admin: the same rows after a change, the same reason for a refusal."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from campaigns.models import Membership
from outreach.models import Contact
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    admin_outcome,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def address_book():
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="aide")
    coordinator = f.UserFactory(username="lead")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    f.MembershipFactory(campaign=campaign, user=coordinator, role=Membership.Role.COORDINATOR)
    contact = f.ContactFactory(full_name="Svitlana Valko", email="sv@iphr.example.org", organisation=None)
    f.InteractionFactory(campaign=campaign, contact=contact, logged_by=staff)
    return {"campaign": campaign, "staff": staff, "coordinator": coordinator, "contact": contact}


def archive(who: str):
    def ui(data):
        url = f"/outreach/contacts/{data['contact'].pk}/archive/"
        return ui_outcome(ui_client(data[who]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data[who]).post(f"/api/v1/contacts/{data['contact'].pk}/archive/"))

    def admin(data):
        return admin_action(admin_client(data[who]), Contact, "archive", [data["contact"]])

    return {"ui": ui, "api": api, "admin": admin}


def protect(who: str, *, pseudonym: str):
    body = {"protected": True, "pseudonym": pseudonym}

    def ui(data):
        url = f"/outreach/contacts/{data['contact'].pk}/protect/"
        return ui_outcome(ui_client(data[who]).post(url, {"protected": "on", "pseudonym": pseudonym}, follow=True))

    def api(data):
        return api_outcome(api_client(data[who]).post(f"/api/v1/contacts/{data['contact'].pk}/protect/", body))

    def admin(data):
        client = admin_client(data[who])
        return admin_action(client, Contact, "protect", [data["contact"]], protected="on", pseudonym=pseudonym)

    return {"ui": ui, "api": api, "admin": admin}


def test_archiving_a_contact_leaves_the_same_rows_whatever_the_door():
    results = each_door(address_book, archive("staff"))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and "'archived_at', 'set'" in after["outreach.contact"][0]


def test_protecting_a_contact_with_a_pseudonym_leaves_the_same_rows_whatever_the_door():
    results = each_door(address_book, protect("coordinator", pseudonym="Source K"))
    assert_same(results)
    outcome, _before, after = results["ui"]
    row = after["outreach.contact"][0]
    assert outcome.ok and "('is_protected', True)" in row and "('pseudonym', 'Source K')" in row


def test_a_pseudonym_too_long_is_refused_by_every_door_in_the_same_words():
    results = each_door(address_book, protect("coordinator", pseudonym="K" * 201))
    assert_same(results)
    assert results["admin"][0].refused == "Ensure this value has at most 200 characters (it has 201)."


def test_staff_deleting_a_shared_contact_is_refused_by_every_door_with_the_same_reason():
    """The admin door here is a staff account with the admin's delete permission, not an administrator."""

    def ui(data):
        url = f"/outreach/contacts/{data['contact'].pk}/delete/"
        return ui_outcome(ui_client(data["staff"]).post(url, follow=True))

    def api(data):
        return api_outcome(api_client(data["staff"]).delete(f"/api/v1/contacts/{data['contact'].pk}/"))

    def staff_with_admin_access():
        data = address_book()
        data["staff"].is_staff = True
        data["staff"].save(update_fields=["is_staff"])
        codenames = ["view_contact", "change_contact", "delete_contact"]
        data["staff"].user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return data

    def admin(data):
        client = ui_client(data["staff"])
        response = client.post(
            "/admin/outreach/contact/",
            {"action": "delete_contacts", "_selected_action": [data["contact"].pk], "confirm": "on", "apply": "1"},
        )
        return admin_outcome(response)

    results = each_door(staff_with_admin_access, {"ui": ui, "api": api, "admin": admin})
    assert_same(results)
    assert results["api"][0].refused == (
        "Only an administrator or a coordinator of every campaign that uses this contact may delete it; "
        "archive it instead."
    )
