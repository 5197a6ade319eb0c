"""The outreach log changes alike through the quick log and the home page, the API and the admin: logging,
editing, closing, reopening and snoozing a follow-up; and each door refuses the same things the same way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Interaction
from tests import factories as f
from tests.parity.doors import (
    admin_action,
    admin_client,
    api_client,
    api_outcome,
    assert_same,
    each_door,
    form_outcome,
    ui_client,
    ui_outcome,
)

pytestmark = pytest.mark.django_db


def overdue_follow_up():
    campaign = f.CampaignFactory(slug="nk-2020")
    user = f.UserFactory(username="aide")
    f.MembershipFactory(campaign=campaign, user=user, role=Membership.Role.STAFF)
    contact = f.ContactFactory(full_name="Catholicos' office", organisation=f.OrganisationFactory(name="Holy See"))
    interaction = f.InteractionFactory(
        campaign=campaign,
        contact=contact,
        logged_by=user,
        summary="Asked about an op-ed",
        next_step="Send the draft",
        follow_up_on=timezone.localdate() - dt.timedelta(days=2),
    )
    return {"campaign": campaign, "user": user, "contact": contact, "interaction": interaction}


def closed_follow_up():
    data = overdue_follow_up()
    Interaction.objects.filter(pk=data["interaction"].pk).update(done=True, done_at=timezone.now())
    return data


def the_entry(after) -> str:
    return next(row for row in after["outreach.interaction"] if "Asked about an op-ed" in row)


# --- Logging ---------------------------------------------------------------------------


def log(with_contact=True):
    follow_up = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    fields = {"channel": "meeting", "summary": "Met the Catholicos' secretary", "next_step": "Call back"}

    def who(data):
        return {"contact": data["contact"].pk} if with_contact else {}

    def ui(data):
        body = {"campaign": data["campaign"].pk, **who(data), **fields, "follow_up_on": follow_up}
        response = ui_client(data["user"]).post("/outreach/log/", body, follow=True)
        return form_outcome(response) if response.redirect_chain == [] else ui_outcome(response)

    def api(data):
        body = {"campaign": data["campaign"].pk, **who(data), **fields, "follow_up_on": follow_up}
        return api_outcome(api_client(data["user"]).post("/api/v1/interactions/", body))

    def admin(data):
        now = timezone.localtime()
        body = {
            "campaign": data["campaign"].pk,
            **who(data),
            **fields,
            "follow_up_on": follow_up,
            "occurred_at_0": now.date().isoformat(),
            "occurred_at_1": now.time().strftime("%H:%M:%S"),
        }
        response = admin_client(data["user"]).post("/admin/outreach/interaction/add/", body, follow=True)
        return ui_outcome(response) if response.redirect_chain else form_outcome(response)

    return {"ui": ui, "api": api, "admin": admin}


def test_logging_outreach_leaves_the_same_entry_whatever_the_door():
    results = each_door(overdue_follow_up, log())
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok
    entry = next(row for row in after["outreach.interaction"] if "secretary" in row)
    for fact in ("('logged_by', 'campaigns.user:aide')", "('organisation', 'outreach.organisation:Holy See')"):
        assert fact in entry


def test_logging_with_nobody_is_refused_by_every_door():
    results = each_door(overdue_follow_up, log(with_contact=False))
    assert_same(results)
    assert "Choose a contact or an organisation." in results["api"][0].refused


# --- Editing (the API and the admin; the staff pages log, they do not edit) ------------


def edit(**changes):
    def api(data):
        body = {key: (value.pk if key == "organisation" and value else value) for key, value in changes.items()}
        url = f"/api/v1/interactions/{data['interaction'].pk}/"
        return api_outcome(api_client(data["user"]).patch(url, body))

    def admin(data):
        interaction = data["interaction"]
        now = timezone.localtime(interaction.occurred_at)
        body = {
            "contact": interaction.contact_id or "",
            "organisation": interaction.organisation_id or "",
            "channel": interaction.channel,
            "occurred_at_0": now.date().isoformat(),
            "occurred_at_1": now.time().strftime("%H:%M:%S.%f"),
            "summary": interaction.summary,
            "next_step": interaction.next_step,
            "follow_up_on": interaction.follow_up_on.isoformat(),
        }
        body.update({key: "" if value is None else value for key, value in changes.items()})
        url = f"/admin/outreach/interaction/{interaction.pk}/change/"
        response = admin_client(data["user"]).post(url, body, follow=True)
        return ui_outcome(response) if response.redirect_chain else form_outcome(response)

    return {"api": api, "admin": admin}


def test_a_new_next_step_and_date_end_a_snooze_whatever_the_door():
    def snoozed():
        data = overdue_follow_up()
        Interaction.objects.filter(pk=data["interaction"].pk).update(
            snoozed_until=timezone.localdate() + dt.timedelta(days=2)
        )
        return data

    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    results = each_door(snoozed, edit(next_step="Send the final draft", follow_up_on=next_week))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok
    assert "('snoozed_until', None)" in the_entry(after) and "Send the final draft" in the_entry(after)


def test_an_edit_that_leaves_nobody_is_refused_by_every_door():
    results = each_door(overdue_follow_up, edit(contact=None, organisation=None))
    assert_same(results)
    assert "Choose a contact or an organisation." in results["admin"][0].refused


# --- Done, reopen, snooze --------------------------------------------------------------


def mark_done():
    def ui(data):
        url = f"/outreach/interactions/{data['interaction'].pk}/done"
        return ui_outcome(ui_client(data["user"]).post(url, follow=True))

    def api(data):
        url = f"/api/v1/interactions/{data['interaction'].pk}/done/"
        return api_outcome(api_client(data["user"]).post(url))

    def admin(data):
        return admin_action(admin_client(data["user"]), Interaction, "mark_done", [data["interaction"]])

    return {"ui": ui, "api": api, "admin": admin}


def reopen():
    # The staff pages have no "reopen" (a done follow-up leaves the home page); the API and the admin do.
    def api(data):
        url = f"/api/v1/interactions/{data['interaction'].pk}/undo-done/"
        return api_outcome(api_client(data["user"]).post(url))

    def admin(data):
        return admin_action(admin_client(data["user"]), Interaction, "reopen", [data["interaction"]])

    return {"api": api, "admin": admin}


def snooze(until: dt.date):
    def ui(data):
        url = f"/outreach/interactions/{data['interaction'].pk}/snooze"
        return ui_outcome(ui_client(data["user"]).post(url, {"until": until.isoformat()}, follow=True))

    def api(data):
        url = f"/api/v1/interactions/{data['interaction'].pk}/snooze/"
        return api_outcome(api_client(data["user"]).post(url, {"until": until.isoformat()}))

    def admin(data):
        client = admin_client(data["user"])
        return admin_action(client, Interaction, "snooze", [data["interaction"]], until=until.isoformat())

    return {"ui": ui, "api": api, "admin": admin}


def test_marking_a_follow_up_done_whatever_the_door():
    results = each_door(overdue_follow_up, mark_done())
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok and "('done', True)" in the_entry(after) and "('done_at', 'set')" in the_entry(after)


def test_marking_a_done_follow_up_done_again_changes_nothing_whatever_the_door():
    results = each_door(closed_follow_up, mark_done())
    assert_same(results)
    outcome, before, after = results["ui"]
    assert outcome.ok and before == after


def test_reopening_a_follow_up_whatever_the_door():
    results = each_door(closed_follow_up, reopen())
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and "('done', False)" in the_entry(after) and "('done_at', None)" in the_entry(after)


def test_snoozing_a_follow_up_whatever_the_door():
    until = timezone.localdate() + dt.timedelta(days=7)
    results = each_door(overdue_follow_up, snooze(until))
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and f"('snoozed_until', {until!r})" in the_entry(after)


@pytest.mark.parametrize("days", [-7000, 0, 400])
def test_snoozing_to_a_day_not_after_today_or_beyond_a_year_is_refused_by_every_door(days):
    # Before: the API took any date (PATCH snoozed_until), the admin too; only the home page checked.
    results = each_door(overdue_follow_up, snooze(timezone.localdate() + dt.timedelta(days=days)))
    assert_same(results)
    assert results["admin"][0].refused == "Choose a snooze date after today and within a year."


def test_snoozing_a_done_follow_up_is_refused_by_every_door():
    results = each_door(closed_follow_up, snooze(timezone.localdate() + dt.timedelta(days=1)))
    assert_same(results)
    assert results["ui"][0].refused == "This follow-up is done; reopen it first."
