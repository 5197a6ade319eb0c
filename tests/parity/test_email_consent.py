"""Partners' email through every door: staff change a contact's email preferences (with a source and
a reason), lift a suppression, and send invitations with a personal note, through the staff UI, the API
and the admin (where it has a door): the same rows, or the same refusal. The partner's own doors (the
signed preferences page, one-click unsubscribe) are in tests/email/test_consent.py."""

from __future__ import annotations

import pytest

from campaigns.models import Membership
from outreach.models import Contact, EmailSuppression
from outreach.services.consent import contact_email_opt_out
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


def a_contact(*, opted_out_by_partner: bool = False):
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="organiser")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    contact = f.ContactFactory(full_name="Svitlana Valko", email="sv@iphr.example.org")
    if opted_out_by_partner:
        contact_email_opt_out(contact=contact, topics=["reminders"], source="partner_form", reason="page")
    return {"staff": staff, "contact": contact}


def set_preferences(*, reminders: bool, source: str, reason: str):
    values = {"invitations": True, "reminders": reminders, "updates": False, "source": source, "reason": reason}
    form = {key: "on" for key in ("invitations", "reminders", "updates") if values[key]}
    form |= {"source": source, "reason": reason}

    def ui(data):
        url = f"/outreach/contacts/{data['contact'].pk}/email-preferences/"
        return ui_outcome(ui_client(data["staff"]).post(url, form))

    def api(data):
        url = f"/api/v1/contacts/{data['contact'].pk}/email-preferences/"
        return api_outcome(api_client(data["staff"]).post(url, values))

    def admin(data):
        return admin_action(admin_client(data["staff"]), Contact, "set_email_preferences", [data["contact"]], **form)

    return {"ui": ui, "api": api, "admin": admin}


def contact_row(snapshot) -> str:
    [row] = snapshot["outreach.contact"]
    return row


def test_staff_change_preferences_with_a_reason_the_same_whatever_the_door():
    results = each_door(a_contact, set_preferences(reminders=False, source="partner_request", reason="Asked by phone"))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok
    assert "('email_updates', False)" in contact_row(
        after
    ) and "('email_consent_source', 'partner_request')" in contact_row(after)
    [change] = after["outreach.emailpreferencechange"]
    assert "Asked by phone" in change and "organiser" in change


def test_a_change_without_a_reason_is_refused_by_every_door():
    results = each_door(a_contact, set_preferences(reminders=False, source="relationship", reason="  "))
    assert_same(results)
    assert results["ui"][0].refused == "Give the reason for this change: the preferences are the partner's."


def test_what_the_partner_turned_off_comes_back_only_when_they_asked_whatever_the_door():
    def opted_out():
        return a_contact(opted_out_by_partner=True)

    results = each_door(opted_out, set_preferences(reminders=True, source="relationship", reason="We need them"))
    assert_same(results)
    assert results["admin"][0].refused.startswith("The partner turned this off themselves")
    results = each_door(
        opted_out, set_preferences(reminders=True, source="partner_request", reason="Asked at the briefing")
    )
    assert_same(results)
    assert results["ui"][0].ok and "('email_reminders', True)" in contact_row(results["ui"][2])


# --- Lifting a suppression ---------------------------------------------------------------------


def a_suppression(*, lifted: bool = False):
    data = a_contact()
    data["suppression"] = EmailSuppression.objects.create(
        address="sv@iphr.example.org", reason="hard_bounce", provider="mailgun", detail="550 5.1.1 no such user"
    )
    if lifted:
        data["suppression"].lifted_at = data["suppression"].created_at
        data["suppression"].lift_reason = "Fixed"
        data["suppression"].save()
    return data


def lift(reason: str):
    def ui(data):
        url = f"/outreach/email-suppressions/{data['suppression'].pk}/lift/"
        return ui_outcome(ui_client(data["staff"]).post(url, {"reason": reason}))

    def api(data):
        url = f"/api/v1/email-suppressions/{data['suppression'].pk}/lift/"
        return api_outcome(api_client(data["staff"]).post(url, {"reason": reason}))

    def admin(data):
        client = admin_client(data["staff"])
        return admin_action(client, EmailSuppression, "lift_suppressions", [data["suppression"]], reason=reason)

    return {"ui": ui, "api": api, "admin": admin}


def test_a_suppression_is_lifted_with_a_reason_the_same_whatever_the_door():
    results = each_door(a_suppression, lift("The partner's IT fixed the mailbox"))
    assert_same(results)
    [row] = results["api"][2]["outreach.emailsuppression"]
    assert "('lifted_at', 'set')" in row and "organiser" in row and "fixed the mailbox" in row


def test_lifting_without_a_reason_or_twice_is_refused_by_every_door():
    results = each_door(a_suppression, lift(""))
    assert_same(results)
    assert results["api"][0].refused.startswith("Say why this address can be emailed again")
    results = each_door(lambda: a_suppression(lifted=True), lift("Again"))
    assert_same(results)
    assert results["admin"][0].refused == "This suppression was already lifted."


# --- Sending invitations with a personal note (the admin has no send door) ------------------------


def a_round():
    data = a_contact()
    briefing = f.BriefingFactory(campaign=data["staff"].memberships.get().campaign, title="Global partner briefing")
    f.InvitationFactory(briefing=briefing, contact=f.ContactFactory(full_name="Luc Martin", preferred_language="fr"))
    return {**data, "briefing": briefing}


def send_with_note(note: str):
    def ui(data):
        url = f"/outreach/briefings/{data['briefing'].pk}/send-invitations/"
        return ui_outcome(ui_client(data["staff"]).post(url, {"note_fr": note}))

    def api(data):
        url = f"/api/v1/briefings/{data['briefing'].pk}/send-invitations/"
        return api_outcome(api_client(data["staff"]).post(url, {"notes": {"fr": note}}))

    return {"ui": ui, "api": api}


def test_invitations_with_a_personal_note_are_queued_the_same_from_the_ui_and_the_api():
    results = each_door(a_round, send_with_note("Svitlana Valko ouvrira l'appel."))
    assert_same(results)
    [row] = results["api"][2]["outreach.outgoingemail"]
    assert "('note', \"Svitlana Valko ouvrira l'appel.\")" in row


def test_a_note_too_long_is_refused_by_the_ui_and_the_api():
    results = each_door(a_round, send_with_note("x" * 1001))
    assert_same(results)
    assert results["api"][0].refused == "Keep each personal note under 1000 characters."
