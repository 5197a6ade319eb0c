"""Reminders, nudges and morning digests with a controlled clock (``now`` passed in)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Membership
from campaigns.reports import tasks as campaign_tasks
from campaigns.reports.digests import digests_send
from outreach import tasks as outreach_tasks
from outreach.models import DailyRun, Interaction, Invitation, OutgoingEmail
from outreach.services.invitations import (
    briefing_nudges_queue,
    briefing_reminders_queue,
    invitations_create,
    invitations_send,
)
from tests import factories as f
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def answered(invitation, status):
    invitation.status, invitation.answered_at = status, timezone.now()
    invitation.save()


@pytest.fixture
def briefing_with_answers():
    start = dt.datetime(2020, 11, 12, 14, 0, tzinfo=UTC)
    briefing = f.BriefingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    contacts = {name: f.ContactFactory(full_name=name) for name in ["yes", "no", "silent", "maybe"]}
    invitations_create(briefing=briefing, contacts=contacts.values(), by=None)
    invitations_send(briefing=briefing, by=None, now=start - dt.timedelta(days=7))
    OutgoingEmail.objects.update(status="sent", sent_at=start - dt.timedelta(days=7))
    invitations = {i.contact.full_name: i for i in Invitation.objects.filter(briefing=briefing)}
    answered(invitations["yes"], "accepted")
    answered(invitations["no"], "declined")
    answered(invitations["maybe"], "tentative")
    return briefing, invitations


def kinds_for(invitation):
    return sorted(OutgoingEmail.objects.filter(invitation=invitation).values_list("kind", flat=True))


def test_reminder_goes_to_accepted_invitees_within_24_hours_once(briefing_with_answers):
    briefing, invitations = briefing_with_answers
    assert briefing_reminders_queue(now=briefing.starts_at - dt.timedelta(hours=25)) == 0
    assert briefing_reminders_queue(now=briefing.starts_at - dt.timedelta(hours=23)) == 1
    assert briefing_reminders_queue(now=briefing.starts_at - dt.timedelta(hours=2)) == 0
    assert kinds_for(invitations["yes"]) == ["invitation", "reminder"]
    assert kinds_for(invitations["maybe"]) == ["invitation"]


def test_reminder_lead_time_is_configurable(settings, briefing_with_answers):
    settings.BRIEFING_REMINDER_HOURS = 48
    briefing, _ = briefing_with_answers
    assert briefing_reminders_queue(now=briefing.starts_at - dt.timedelta(hours=47)) == 1


def test_a_late_invitee_is_not_nudged_right_after_the_invitation(briefing_with_answers):
    briefing, _invitations = briefing_with_answers
    late = f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[late], by=None)
    now = briefing.starts_at - dt.timedelta(days=2)
    invitations_send(briefing=briefing, by=None, now=now)
    OutgoingEmail.objects.filter(recipient=late.email).update(status="sent", sent_at=now)
    assert briefing_nudges_queue(now=now + dt.timedelta(hours=1)) == 1  # the silent one invited a week ago
    assert not OutgoingEmail.objects.filter(recipient=late.email, kind="nudge").exists()
    assert briefing_nudges_queue(now=now + dt.timedelta(days=1, hours=1)) == 1  # now the late one
    assert OutgoingEmail.objects.filter(recipient=late.email, kind="nudge").exists()


def test_one_nudge_to_those_who_did_not_answer_a_few_days_before(settings, briefing_with_answers):
    briefing, invitations = briefing_with_answers
    assert briefing_nudges_queue(now=briefing.starts_at - dt.timedelta(days=4)) == 0
    assert briefing_nudges_queue(now=briefing.starts_at - dt.timedelta(days=2, hours=23)) == 1
    assert briefing_nudges_queue(now=briefing.starts_at - dt.timedelta(days=1)) == 0
    assert kinds_for(invitations["silent"]) == ["invitation", "nudge"]
    settings.BRIEFING_NUDGE_DAYS = 5
    assert briefing_nudges_queue(now=briefing.starts_at - dt.timedelta(days=4)) == 0  # still only one


def test_reminder_task_run_twice_queues_once(smtp):
    start = timezone.now() + dt.timedelta(hours=10)
    briefing = f.BriefingFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    accepted, silent = f.ContactFactory(), f.ContactFactory()
    invitations_create(briefing=briefing, contacts=[accepted, silent], by=None)
    invitations_send(briefing=briefing, by=None)
    answered(Invitation.objects.get(contact=accepted), "accepted")
    # Invited just now: the silent invitee is not nudged yet...
    assert outreach_tasks.queue_briefing_reminders() == {"reminders": 1, "nudges": 0}
    deliver_due()
    # ...but is once the invitation has been in their mailbox for a day.
    OutgoingEmail.objects.filter(kind="invitation").update(sent_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert outreach_tasks.queue_briefing_reminders() == {"reminders": 0, "nudges": 1}
    assert outreach_tasks.queue_briefing_reminders() == {"reminders": 0, "nudges": 0}
    deliver_due()
    by_rcpt = smtp.handler.by_recipient()
    assert [m.message["Subject"].split(":")[0] for m in by_rcpt[accepted.email]] == ["Invitation", "Reminder"]
    assert len(by_rcpt[silent.email]) == 2


@pytest.fixture
def team():
    """A staff member in Yerevan (UTC+4), one in Paris (UTC+1 in November), their coordinator, an idle one."""
    campaign = f.CampaignFactory(follow_up_delay_days=3, escalation_after_days=7)
    people = {
        "yerevan": f.UserFactory(username="anahit", time_zone="Asia/Yerevan", language="en"),
        "paris": f.UserFactory(username="claire", time_zone="Europe/Paris", language="fr"),
        "coordinator": f.UserFactory(username="coord", time_zone="Europe/Paris", language="en"),
        "idle": f.UserFactory(username="idle", time_zone="Europe/Paris"),
    }
    for name, user in people.items():
        role = Membership.Role.COORDINATOR if name == "coordinator" else Membership.Role.STAFF
        f.MembershipFactory(user=user, campaign=campaign, role=role)
    f.InteractionFactory(
        campaign=campaign, logged_by=people["yerevan"], next_step="Call the Catholicos office",
        follow_up_on=dt.date(2020, 11, 10),
    )  # fmt: skip
    f.InteractionFactory(
        campaign=campaign, logged_by=people["yerevan"], next_step="Later", follow_up_on=dt.date(2020, 11, 20)
    )
    f.InteractionFactory(
        campaign=campaign, logged_by=people["yerevan"], next_step="Snoozed one",
        follow_up_on=dt.date(2020, 11, 5), snoozed_until=dt.date(2020, 11, 12),
    )  # fmt: skip
    f.InteractionFactory(
        campaign=campaign, logged_by=people["paris"], next_step="Send the joint op-ed draft",
        follow_up_on=dt.date(2020, 11, 1),
    )  # fmt: skip
    op_ed = f.OpEdFactory(campaign=campaign, title="Joint op-ed for peace")
    f.PitchFactory(
        op_ed=op_ed, owner=people["paris"], pitched_on=dt.date(2020, 11, 5), outlet=f.OutletFactory(name="Le Monde")
    )
    f.PitchFactory(op_ed=op_ed, owner=people["paris"], pitched_on=dt.date(2020, 11, 9))  # not due before the 12th
    return people


def test_digests_arrive_in_each_users_morning_once_across_time_zones(smtp, team):
    # 03:30 UTC is 07:30 in Yerevan and 04:30 in Paris.
    early = dt.datetime(2020, 11, 10, 3, 30, tzinfo=UTC)
    assert digests_send(now=dt.datetime(2020, 11, 9, 22, 0, tzinfo=UTC)) == {"not morning": 4}
    assert digests_send(now=early) == {"queued": 1, "not morning": 3}
    # 06:30 UTC is 07:30 in Paris; Yerevan's digest is already done.
    late = dt.datetime(2020, 11, 10, 6, 30, tzinfo=UTC)
    assert digests_send(now=late) == {"done": 1, "queued": 2, "nothing due": 1}
    assert digests_send(now=late + dt.timedelta(hours=3)) == {"done": 3, "not morning": 1}  # 13:30 in Yerevan
    deliver_due(late)
    by_rcpt = smtp.handler.by_recipient()
    assert team["idle"].email not in by_rcpt  # nothing due, no email

    [yerevan] = by_rcpt[team["yerevan"].email]
    assert yerevan.message["Subject"] == "Your follow-ups for 2020-11-10"
    text = yerevan.text()
    assert "Call the Catholicos office" in text and "Later" not in text and "Snoozed one" not in text
    # Links open the staff page where the follow-up is done (the contact's page), never the admin.
    call = Interaction.objects.get(next_step="Call the Catholicos office")
    assert f"http://testserver/outreach/contacts/{call.contact_id}/" in text and "/admin/" not in text

    [paris] = by_rcpt[team["paris"].email]
    assert paris.message["Subject"] == "Vos suivis du 2020-11-10"
    text = paris.text()
    assert "Send the joint op-ed draft" in text and "9 jours de retard" in text
    assert "Le Monde n'a pas répondu depuis le 2020-11-05" in text and "2 jours de retard" in text
    assert text.count("Joint op-ed for peace") == 1

    [coordinator] = by_rcpt[team["coordinator"].email]
    text = coordinator.text()
    assert "Escalated to you as coordinator:" in text
    assert "Send the joint op-ed draft (claire) - 9 days overdue" in text
    assert "Call the Catholicos office" not in text and "Le Monde" not in text  # not overdue long enough
    assert DailyRun.objects.count() == 4


def test_the_next_morning_in_yerevan_starts_before_midnight_in_paris(smtp, team):
    assert digests_send(now=dt.datetime(2020, 11, 10, 3, 30, tzinfo=UTC))["queued"] == 1
    # 03:05 UTC on the 11th: 07:05 in Yerevan (a new day there), 04:05 in Paris.
    assert digests_send(now=dt.datetime(2020, 11, 11, 3, 5, tzinfo=UTC)) == {"queued": 1, "not morning": 3}
    keys = sorted(OutgoingEmail.objects.filter(kind="digest").values_list("dedupe_key", flat=True))
    yerevan = team["yerevan"].pk
    assert keys == [f"digest:{yerevan}:2020-11-10", f"digest:{yerevan}:2020-11-11"]


def morning_zone() -> str:
    """A fixed-offset zone where it is 08:00-08:59 right now (the task reads the real clock)."""
    now = timezone.now()
    for hours in range(-12, 15):
        if (now + dt.timedelta(hours=hours)).hour == 8:
            return f"Etc/GMT{-hours:+d}"  # Etc/ zones count the other way round
    raise AssertionError("no zone")


def test_digest_task_run_twice_sends_once(smtp, team):
    OutgoingEmail.objects.all().delete()
    for user in team.values():
        user.time_zone = morning_zone()
        user.save()
        f.InteractionFactory(
            logged_by=user,
            campaign=user.memberships.get().campaign,
            follow_up_on=timezone.now().date() - dt.timedelta(days=1),
        )
    assert campaign_tasks.send_digests() == {"queued": 4}
    assert campaign_tasks.send_digests() == {"done": 4}
    assert OutgoingEmail.objects.filter(kind="digest").count() == 4
    deliver_due()
    assert sorted(len(v) for v in smtp.handler.by_recipient().values()) == [1, 1, 1, 1]
