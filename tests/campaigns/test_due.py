"""'What is due for me' is one definition: the home page, the digest, the API and the dashboard agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Campaign, Membership
from campaigns.reports.dashboard import Period, campaign_dashboard
from campaigns.reports.digests import digest_build
from campaigns.reports.due import due_for_user
from outreach.models import Invitation, OutgoingEmail, Pitch
from outreach.services.invitations import invitations_send
from tests import factories as f
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_world():
    today = timezone.localdate()
    campaign = f.CampaignFactory(name="NK 2020", status=Campaign.Status.ACTIVE)
    closed = f.CampaignFactory(name="Closed one", status=Campaign.Status.CLOSED, closed_on=today)
    me = f.UserFactory(username="me", email="me@ngo.example.org", language="en", time_zone="UTC")
    other = f.UserFactory(username="other")
    for campaign_ in (campaign, closed):
        f.MembershipFactory(user=me, campaign=campaign_, role=Membership.Role.STAFF)
    f.MembershipFactory(user=other, campaign=campaign, role=Membership.Role.COORDINATOR)
    yesterday = today - dt.timedelta(days=1)
    expected = {
        f.InteractionFactory(campaign=campaign, logged_by=me, next_step="Call the OSCE desk", follow_up_on=yesterday),
        f.PitchFactory(
            op_ed=f.OpEdFactory(campaign=campaign, title="A durable ceasefire", owner=me),
            owner=None,
            status=Pitch.Status.PITCHED,
            pitched_on=today - dt.timedelta(days=10),
        ),
        f.PitchFactory(
            op_ed=f.OpEdFactory(campaign=campaign, title="Protect civilians"),
            owner=me,
            status=Pitch.Status.PITCHED,
            pitched_on=today - dt.timedelta(days=2),
            follow_up_on=today,
        ),
        f.BriefingFactory(campaign=campaign, title="Experts on the ceasefire", created_by=me),
    }
    ended = f.BriefingFactory(
        campaign=campaign,
        title="Partners call",
        created_by=me,
        starts_at=timezone.now() - dt.timedelta(days=3, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=3),
    )
    f.InvitationFactory(briefing=ended, status=Invitation.Status.ACCEPTED, answered_at=timezone.now())
    expected.add(ended)
    # Not due for me: someone else's, snoozed, done, in a closed campaign, not yet due, answered.
    f.InteractionFactory(campaign=campaign, logged_by=other, next_step="Theirs", follow_up_on=yesterday)
    f.InteractionFactory(
        campaign=campaign,
        logged_by=me,
        next_step="Snoozed",
        follow_up_on=yesterday,
        snoozed_until=today + dt.timedelta(days=2),
    )
    f.InteractionFactory(
        campaign=campaign, logged_by=me, next_step="Done", follow_up_on=yesterday, done=True, done_at=timezone.now()
    )
    f.InteractionFactory(campaign=closed, logged_by=me, next_step="Closed campaign", follow_up_on=yesterday)
    f.PitchFactory(
        op_ed=f.OpEdFactory(campaign=campaign, title="Not yet due"),
        owner=me,
        status=Pitch.Status.PITCHED,
        pitched_on=today,
    )
    return campaign, me, other, expected, today


def test_the_selector_finds_what_is_mine_and_due_and_nothing_else(due_world):
    _campaign, me, _other, expected, today = due_world
    found = due_for_user(user=me, today=today)
    assert {item.obj for item in found} == expected


def test_home_digest_and_api_list_the_same_items(client, due_world):
    _campaign, me, _other, expected, today = due_world
    client.force_login(me)
    home = client.get("/").content.decode()
    digest = digest_build(user=me, now=timezone.now())
    api = client_for(me).get("/api/v1/me/due/").json()
    titles = {
        "Call the OSCE desk",
        "A durable ceasefire",
        "Protect civilians",
        "Experts on the ceasefire",
        "Partners call",
    }
    for title in titles:
        assert title in home, title
    assert {item.title for item in digest.mine} == titles
    assert {item["title"].split(" → ")[0] for item in api["items"]} == titles
    for text in ("Theirs", "Snoozed", "Closed campaign"):
        assert text not in home and text not in {item.title for item in digest.mine}
    # The home page also shows the next two weeks, under "Coming up"; the digest only what is due.
    assert home.index("Coming up") < home.index("Not yet due")
    assert "Not yet due" not in {item.title for item in digest.mine}
    # Every link opens a staff page the person can open, never the admin.
    for item in digest.mine:
        path = item.url.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
        assert not path.startswith("/admin/") and client.get(path).status_code == 200, item.url


def test_the_dashboard_counts_overdue_items_of_each_person_the_same_way(due_world):
    campaign, me, _other, _expected, today = due_world
    board = campaign_dashboard(campaign=campaign, period=Period(today - dt.timedelta(days=30), today), today=today)
    overdue = {row["logged_by__username"]: row["overdue"] for row in board.overdue_by_person}
    # Overdue (due before today): my follow-up and the pitch of my op-ed; the other's follow-up.
    mine = [
        item
        for item in due_for_user(user=me, today=today)
        if item.due < today and item.kind in ("interaction", "pitch")
    ]
    assert overdue["me"] == len(mine) == 2 and overdue["other"] == 1


def test_the_api_refuses_a_silly_horizon(due_world):
    _campaign, me, *_ = due_world
    response = client_for(me).get("/api/v1/me/due/?days=999")
    assert response.status_code == 400 and "days" in response.json()["errors"]


def test_a_briefing_is_due_while_invitations_are_unsent_or_failed_and_after_it_while_attendance_is_unticked():
    campaign = f.CampaignFactory(status=Campaign.Status.ACTIVE)
    me = f.UserFactory()
    f.MembershipFactory(user=me, campaign=campaign, role=Membership.Role.STAFF)
    today = timezone.localdate()
    upcoming = f.BriefingFactory(campaign=campaign, created_by=me)
    invitation = f.InvitationFactory(briefing=upcoming, contact=f.ContactFactory(email="partner@example.org"))
    ended = f.BriefingFactory(
        campaign=campaign,
        created_by=me,
        starts_at=timezone.now() - dt.timedelta(days=3, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=3),
    )
    accepted = f.InvitationFactory(briefing=ended, status=Invitation.Status.ACCEPTED, answered_at=timezone.now())

    def due() -> set[tuple[str, int]]:
        return {(item.kind, item.obj.pk) for item in due_for_user(user=me, today=today, until=today + dt.timedelta(14))}

    assert due() == {("briefing-invite", upcoming.pk), ("briefing-attendance", ended.pk)}
    invitations_send(briefing=upcoming, by=me)
    accepted.attended = True
    accepted.save()
    assert due() == set()
    OutgoingEmail.objects.filter(invitation=invitation).update(status=OutgoingEmail.Status.FAILED)
    assert due() == {("briefing-invite", upcoming.pk)}
