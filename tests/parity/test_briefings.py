"""Briefing changes (create, edit and move, cancel, status) through the staff UI, the API and the admin
leave the same rows and queue the same emails, or are refused with the same reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Briefing, OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
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

IN_FIVE_DAYS = dt.timedelta(days=5)


def a_briefing(*, starts_in: dt.timedelta = IN_FIVE_DAYS, status: str = Briefing.Status.SCHEDULED):
    """A briefing of the Karabakh campaign, announced in UTC; two partners got the invitation."""
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="organiser")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    starts_at = timezone.now().replace(second=0, microsecond=0) + starts_in
    briefing = f.BriefingFactory(
        campaign=campaign, title="Global partner briefing", starts_at=starts_at, time_zone="UTC", status=status
    )
    if starts_in > dt.timedelta(0) and status != Briefing.Status.CANCELLED:
        invitations_create(briefing=briefing, contacts=f.ContactFactory.create_batch(2), by=staff)
        invitations_send(briefing=briefing, by=staff)
        OutgoingEmail.objects.update(status=OutgoingEmail.Status.SENT, sent_at=timezone.now())
    return {"campaign": campaign, "staff": staff, "briefing": briefing}


def upcoming():
    return a_briefing()


def started():
    return a_briefing(starts_in=-dt.timedelta(hours=1))


def held():
    return a_briefing(starts_in=-dt.timedelta(days=1), status=Briefing.Status.HELD)


def cancelled():
    return a_briefing(status=Briefing.Status.CANCELLED)


def management_form(prefix: str = "invitations") -> dict[str, str]:
    """An inline formset that submits no rows (and so leaves existing rows alone)."""
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def ui_form(briefing, **changes) -> dict:
    """The briefing page's edit form as shown, with some fields changed (times typed in UTC)."""
    data = {
        "title": briefing.title,
        "agenda": briefing.agenda,
        "starts_at": briefing.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": briefing.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": briefing.time_zone,
        "online_url": briefing.online_url,
        "location": briefing.location,
        "status": briefing.status,
    }
    return {**data, **changes}


def admin_form(**fields) -> dict:
    """The admin's briefing form: split date and time fields, and the (empty) invitations inline."""
    data = dict(management_form())
    for name, value in fields.items():
        if isinstance(value, dt.datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
        else:
            data[name] = value
    return data


def admin_change(briefing, **changes) -> dict:
    fields = {name: getattr(briefing, name) for name in ("title", "agenda", "starts_at", "ends_at", "time_zone")}
    fields |= {"online_url": briefing.online_url, "location": briefing.location}
    return admin_form(**{**fields, **changes})


def admin_outcome_of_form(client, url: str, data: dict):
    return ui_outcome(client.post(url, data))


# --- Create --------------------------------------------------------------------------------

NEW = {"title": "Ceasefire briefing", "starts_at": dt.datetime(2030, 12, 3, 15, 0), "time_zone": "UTC"}


def create(*, ends_at: dt.datetime):
    starts_at = NEW["starts_at"]

    def ui(data):
        form = {
            "campaign": data["campaign"].pk,
            "title": NEW["title"],
            "starts_at": starts_at.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": ends_at.strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "UTC",
        }
        return ui_outcome(ui_client(data["staff"]).post("/outreach/briefings/new/", form))

    def api(data):
        body = {
            "campaign": data["campaign"].pk,
            "title": NEW["title"],
            "starts_at": starts_at.isoformat() + "Z",
            "ends_at": ends_at.isoformat() + "Z",
            "time_zone": "UTC",
        }
        return api_outcome(api_client(data["staff"]).post("/api/v1/briefings/", body))

    def admin(data):
        form = admin_form(
            campaign=data["campaign"].pk, title=NEW["title"], starts_at=starts_at, ends_at=ends_at, time_zone="UTC"
        )
        return admin_outcome_of_form(admin_client(data["staff"]), "/admin/outreach/briefing/add/", form)

    return {"ui": ui, "api": api, "admin": admin}


def test_creating_a_briefing_leaves_the_same_draft_whatever_the_door():
    results = each_door(upcoming, create(ends_at=NEW["starts_at"] + dt.timedelta(hours=1, minutes=30)))
    assert_same(results)
    outcome, before, after = results["ui"]
    assert outcome.ok and len(after["outreach.briefing"]) == len(before["outreach.briefing"]) + 1
    [created] = [row for row in after["outreach.briefing"] if "Ceasefire briefing" in row]
    assert "('status', 'draft')" in created and "('created_by', 'campaigns.user:organiser')" in created


def test_a_briefing_ending_before_it_starts_is_refused_by_every_door():
    results = each_door(upcoming, create(ends_at=NEW["starts_at"] - dt.timedelta(hours=1)))
    assert_same(results)
    assert results["api"][0].refused == "A briefing must end after it starts."


# --- Edit and move -------------------------------------------------------------------------


def move(*, by: dt.timedelta, length: dt.timedelta = dt.timedelta(hours=1)):
    def times(data):
        starts_at = data["briefing"].starts_at + by
        return starts_at, starts_at + length

    def ui(data):
        starts_at, ends_at = times(data)
        form = ui_form(
            data["briefing"],
            title="Moved briefing",
            starts_at=starts_at.strftime("%Y-%m-%dT%H:%M"),
            ends_at=ends_at.strftime("%Y-%m-%dT%H:%M"),
        )
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/briefings/{data['briefing'].pk}/edit/", form))

    def api(data):
        starts_at, ends_at = times(data)
        body = {"title": "Moved briefing", "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}
        return api_outcome(api_client(data["staff"]).patch(f"/api/v1/briefings/{data['briefing'].pk}/", body))

    def admin(data):
        starts_at, ends_at = times(data)
        naive = {name: timezone.make_naive(value) for name, value in (("starts_at", starts_at), ("ends_at", ends_at))}
        form = admin_change(data["briefing"], title="Moved briefing", **naive)
        url = f"/admin/outreach/briefing/{data['briefing'].pk}/change/"
        return admin_outcome_of_form(admin_client(data["staff"]), url, form)

    return {"ui": ui, "api": api, "admin": admin}


def emails(snapshot: dict, kind: str) -> list[str]:
    return [row for row in snapshot["outreach.outgoingemail"] if f"('kind', '{kind}')" in row]


def test_moving_a_briefing_emails_the_same_updated_entries_whatever_the_door():
    results = each_door(upcoming, move(by=dt.timedelta(hours=2)))
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok and len(emails(after, "update")) == 2
    assert any("('sequence', 1)" in row and "Moved briefing" in row for row in after["outreach.briefing"])


def test_moving_a_briefing_to_end_before_it_starts_is_refused_by_every_door():
    results = each_door(upcoming, move(by=dt.timedelta(hours=2), length=-dt.timedelta(hours=1)))
    assert_same(results)
    assert results["ui"][0].refused == "A briefing must end after it starts."


# --- Cancel and status ---------------------------------------------------------------------


def cancel():
    def ui(data):
        form = ui_form(data["briefing"], status=Briefing.Status.CANCELLED)
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/briefings/{data['briefing'].pk}/edit/", form))

    def api(data):
        return api_outcome(api_client(data["staff"]).post(f"/api/v1/briefings/{data['briefing'].pk}/cancel/"))

    def admin(data):
        return admin_action(admin_client(data["staff"]), Briefing, "cancel_briefings", [data["briefing"]])

    return {"ui": ui, "api": api, "admin": admin}


def set_status(status: str):
    def ui(data):
        form = ui_form(data["briefing"], status=status)
        return ui_outcome(ui_client(data["staff"]).post(f"/outreach/briefings/{data['briefing'].pk}/edit/", form))

    def api(data):
        url = f"/api/v1/briefings/{data['briefing'].pk}/set-status/"
        return api_outcome(api_client(data["staff"]).post(url, {"status": status}))

    def admin(data):
        client = admin_client(data["staff"])
        return admin_action(client, Briefing, "set_status", [data["briefing"]], status=status)

    return {"ui": ui, "api": api, "admin": admin}


def test_cancelling_a_briefing_queues_the_same_cancellations_whatever_the_door():
    results = each_door(upcoming, cancel())
    assert_same(results)
    outcome, _before, after = results["api"]
    assert outcome.ok and len(emails(after, "cancellation")) == 2
    assert any("('status', 'cancelled')" in row for row in after["outreach.briefing"])


def test_a_held_briefing_cannot_be_cancelled_from_any_door():
    results = each_door(held, cancel())
    assert_same(results)
    assert results["admin"][0].refused == "This briefing was held; it cannot be cancelled."


def test_marking_a_started_briefing_held_is_the_same_whatever_the_door():
    results = each_door(started, set_status(Briefing.Status.HELD))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok and any("('status', 'held')" in row for row in after["outreach.briefing"])


def test_a_briefing_is_not_held_before_it_starts_whatever_the_door():
    results = each_door(upcoming, set_status(Briefing.Status.HELD))
    assert_same(results)
    assert results["api"][0].refused == "A briefing is held once it has started."


def test_a_cancelled_briefing_cannot_be_reopened_from_any_door():
    results = each_door(cancelled, set_status(Briefing.Status.SCHEDULED))
    assert_same(results)
    assert results["ui"][0].refused == "A cancelled briefing cannot be reopened: create a new one."


def test_the_status_is_not_edited_by_hand_in_the_api_nor_the_admin():
    """The old doors: PATCH {"status": "cancelled"} cancelled without a calendar CANCEL in some paths,
    and the admin form edited the status. Now both leave it to the actions."""
    data = upcoming()
    briefing = data["briefing"]
    response = api_client(data["staff"]).patch(f"/api/v1/briefings/{briefing.pk}/", {"status": "held"})
    assert response.status_code == 400 and "/set-status/" in response.json()["errors"]["status"][0]
    client = admin_client(data["staff"])
    client.post(f"/admin/outreach/briefing/{briefing.pk}/change/", admin_change(briefing, status="held"))
    assert Briefing.objects.get(pk=briefing.pk).status == Briefing.Status.SCHEDULED
