"""What staff record for an invitee (the answer a partner gave by phone, attendance) through the staff UI,
the API and the admin: the same rows, or the same refusal. The partner's own door, the RSVP page,
shares the answer's rule (tests/jobs/test_rsvp.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Membership
from outreach.models import Briefing, Invitation
from outreach.services.rsvp import ANSWER_CLOSED
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


def an_invitation(*, starts_in: dt.timedelta, status: str = Briefing.Status.SCHEDULED):
    campaign = f.CampaignFactory(slug="nk-2020")
    staff = f.UserFactory(username="organiser")
    viewer = f.UserFactory(username="watcher")
    f.MembershipFactory(campaign=campaign, user=staff, role=Membership.Role.STAFF)
    f.MembershipFactory(campaign=campaign, user=viewer, role=Membership.Role.VIEWER)
    briefing = f.BriefingFactory(
        campaign=campaign, title="Global partner briefing", starts_at=timezone.now() + starts_in, status=status
    )
    contact = f.ContactFactory(full_name="Svitlana Valko")
    invitation = f.InvitationFactory(briefing=briefing, contact=contact, invited_by=staff)
    return {"campaign": campaign, "staff": staff, "viewer": viewer, "briefing": briefing, "invitation": invitation}


def upcoming():
    return an_invitation(starts_in=dt.timedelta(days=5))


def started():
    return an_invitation(starts_in=-dt.timedelta(minutes=30))


def over():
    return an_invitation(starts_in=-dt.timedelta(days=2))


def cancelled():
    return an_invitation(starts_in=dt.timedelta(days=5), status=Briefing.Status.CANCELLED)


def record_answer(answer: str):
    def ui(data):
        url = f"/outreach/invitations/{data['invitation'].pk}/answer"
        return ui_outcome(ui_client(data["staff"]).post(url, {"answer": answer}))

    def api(data):
        url = f"/api/v1/invitations/{data['invitation'].public_id}/record-answer/"
        return api_outcome(api_client(data["staff"]).post(url, {"answer": answer}))

    def admin(data):
        client = admin_client(data["staff"])
        return admin_action(client, Invitation, "record_answer", [data["invitation"]], answer=answer)

    return {"ui": ui, "api": api, "admin": admin}


def record_attendance(attended: bool):
    def ui(data):
        url = f"/outreach/invitations/{data['invitation'].pk}/attendance"
        return ui_outcome(ui_client(data["staff"]).post(url, {"attended": "yes" if attended else "no"}))

    def api(data):
        url = f"/api/v1/invitations/{data['invitation'].public_id}/record-attendance/"
        return api_outcome(api_client(data["staff"]).post(url, {"attended": attended}))

    def admin(data):
        client = admin_client(data["staff"])
        value = "yes" if attended else "no"
        return admin_action(client, Invitation, "record_attendance", [data["invitation"]], attended=value)

    return {"ui": ui, "api": api, "admin": admin}


def invitation_row(snapshot: dict) -> str:
    [row] = snapshot["outreach.invitation"]
    return row


def test_an_answer_given_by_phone_is_recorded_the_same_whatever_the_door():
    results = each_door(upcoming, record_answer(Invitation.Status.ACCEPTED))
    assert_same(results)
    outcome, _before, after = results["ui"]
    assert outcome.ok
    assert "('status', 'accepted')" in invitation_row(after) and "('answered_at', 'set')" in invitation_row(after)


def test_no_answer_is_recorded_for_a_cancelled_briefing_whatever_the_door():
    results = each_door(cancelled, record_answer(Invitation.Status.ACCEPTED))
    assert_same(results)
    assert results["api"][0].refused == "This briefing is cancelled." == str(ANSWER_CLOSED["cancelled"])


def test_no_answer_is_recorded_once_the_briefing_is_over_whatever_the_door():
    results = each_door(over, record_answer(Invitation.Status.DECLINED))
    assert_same(results)
    assert results["admin"][0].refused == "This briefing is over." == str(ANSWER_CLOSED["expired"])


def test_attendance_is_recorded_the_same_whatever_the_door():
    results = each_door(started, record_attendance(True))
    assert_same(results)
    outcome, _before, after = results["admin"]
    assert outcome.ok and "('attended', True)" in invitation_row(after)


def test_attendance_before_the_briefing_starts_is_refused_by_every_door():
    results = each_door(upcoming, record_attendance(True))
    assert_same(results)
    assert results["ui"][0].refused == "Attendance is recorded once the briefing has started."


def test_attendance_at_a_cancelled_briefing_is_refused_by_every_door():
    def cancelled_yesterday():
        return an_invitation(starts_in=-dt.timedelta(days=1), status=Briefing.Status.CANCELLED)

    results = each_door(cancelled_yesterday, record_attendance(False))
    assert_same(results)
    assert results["api"][0].refused == "This briefing is cancelled."


def test_the_answer_and_attendance_are_not_edited_by_hand_in_the_api_nor_the_admin():
    """The old doors: the API set the answer inside its serializer and the admin edited the answer
    and answered_at by hand, for a cancelled briefing too. Both are read-only there now."""
    data = cancelled()
    invitation = data["invitation"]
    response = api_client(data["staff"]).patch(
        f"/api/v1/invitations/{invitation.public_id}/", {"status": "accepted", "attended": True}
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"status", "attended"}
    client = admin_client(data["staff"])
    client.post(
        f"/admin/outreach/invitation/{invitation.pk}/change/",
        {"status": "accepted", "attended": "2", "answered_at_0": "2020-11-02", "answered_at_1": "10:00:00"},
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attended, invitation.answered_at) == ("invited", None, None)


def test_a_viewer_records_nothing():
    data = started()
    invitation = data["invitation"]
    api = api_client(data["viewer"])
    assert (
        api.post(f"/api/v1/invitations/{invitation.public_id}/record-answer/", {"answer": "accepted"}).status_code
        == 403
    )
    assert (
        api.post(f"/api/v1/invitations/{invitation.public_id}/record-attendance/", {"attended": True}).status_code
        == 403
    )
    ui = ui_client(data["viewer"])
    assert ui.post(f"/outreach/invitations/{invitation.pk}/answer", {"answer": "accepted"}).status_code == 403
    assert ui.post(f"/outreach/invitations/{invitation.pk}/attendance", {"attended": "yes"}).status_code == 403
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attended) == ("invited", None)


# --- Inviting one more person ----------------------------------------------------------------


def one_more_to_invite():
    data = an_invitation(starts_in=dt.timedelta(days=5))
    briefing = data["briefing"]
    briefing.starts_at = briefing.starts_at.replace(second=0, microsecond=0)
    briefing.ends_at = briefing.starts_at + dt.timedelta(hours=1)
    briefing.save()
    data["newcomer"] = f.ContactFactory(full_name="Thomas de Waal")
    return data


def invite_the_newcomer():
    def ui(data):
        url = f"/outreach/briefings/{data['briefing'].pk}/invite"
        return ui_outcome(ui_client(data["staff"]).post(url, {"contacts": [data["newcomer"].pk]}))

    def api(data):
        body = {"briefing": data["briefing"].pk, "contact": data["newcomer"].pk}
        return api_outcome(api_client(data["staff"]).post("/api/v1/invitations/", body))

    def admin(data):
        form = {"briefing": data["briefing"].pk, "contact": data["newcomer"].pk}
        return ui_outcome(admin_client(data["staff"]).post("/admin/outreach/invitation/add/", form))

    def admin_briefing_rows(data):
        briefing = data["briefing"]
        form = {
            "title": briefing.title,
            "agenda": briefing.agenda,
            "starts_at_0": briefing.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": briefing.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": briefing.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": briefing.ends_at.strftime("%H:%M:%S"),
            "time_zone": briefing.time_zone,
            "online_url": briefing.online_url,
            "location": briefing.location,
            "invitations-TOTAL_FORMS": "1",
            "invitations-INITIAL_FORMS": "0",
            "invitations-MAX_NUM_FORMS": "1000",
            "invitations-0-id": "",
            "invitations-0-briefing": briefing.pk,
            "invitations-0-contact": data["newcomer"].pk,
        }
        url = f"/admin/outreach/briefing/{briefing.pk}/change/"
        return ui_outcome(admin_client(data["staff"]).post(url, form))

    return {"ui": ui, "api": api, "admin": admin, "admin_briefing_rows": admin_briefing_rows}


def test_inviting_one_more_person_is_the_same_whatever_the_door():
    results = each_door(one_more_to_invite, invite_the_newcomer())
    assert_same(results)
    outcome, _before, after = results["admin_briefing_rows"]
    [new] = [row for row in after["outreach.invitation"] if "Thomas de Waal" in row]
    assert outcome.ok and "('status', 'invited')" in new and "('invited_by', 'campaigns.user:organiser')" in new
