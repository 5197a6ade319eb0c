"""Every kind of email Parley sends is an outbox row: with the worker killed between claiming the
row and the SMTP server's acceptance, the sweep and a new worker still deliver it."""

from __future__ import annotations

import datetime as dt
import threading
from email.utils import parseaddr

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from campaigns.models import Campaign, Membership
from campaigns.reports.digests import digest_send
from media_tracker.models import Notification
from media_tracker.services.alerts import notifications_email
from media_tracker.services.placements import pitch_record_placement, placement_queue_owner_email
from outreach.mail.sweep import outbox_sweep
from outreach.models import Invitation, OutgoingEmail, Pitch
from outreach.services.briefings import briefing_cancel, briefing_reschedule
from outreach.services.invitations import (
    briefing_nudges_queue,
    briefing_reminders_queue,
    invitation_test_send,
    invitations_create,
    invitations_send,
)
from tests import factories as f
from tests.conftest import WorkerProcess
from tests.jobs.smtp import SmtpServer
from tests.jobs.test_worker_reliability import purge_queue, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
Kind = OutgoingEmail.Kind


def _invited(briefing, email: str, *, sent_days_ago: float | None = None) -> Invitation:
    [invitation] = invitations_create(briefing=briefing, contacts=[f.ContactFactory(email=email)], by=None).created
    if sent_days_ago is not None:  # its invitation went out earlier (delivered by hand here, not by a worker)
        sent_at = timezone.now() - dt.timedelta(days=sent_days_ago)
        with transaction.atomic():
            invitations_send(briefing=briefing, by=None, invitations=[invitation])
            OutgoingEmail.objects.filter(invitation=invitation).update(
                status=OutgoingEmail.Status.SENT, sent_at=sent_at
            )
    return invitation


def queue_invitation():
    briefing = f.BriefingFactory()
    _invited(briefing, "invited@partner.example.org")
    invitations_send(briefing=briefing, by=None)


def queue_update():
    briefing = f.BriefingFactory()
    _invited(briefing, "moved@partner.example.org", sent_days_ago=1)
    later = dt.timedelta(hours=1)
    briefing_reschedule(
        briefing=briefing, by=None, starts_at=briefing.starts_at + later, ends_at=briefing.ends_at + later
    )


def queue_cancellation():
    briefing = f.BriefingFactory()
    _invited(briefing, "cancelled@partner.example.org", sent_days_ago=1)
    briefing_cancel(briefing=briefing, by=None)


def queue_reminder():
    now = timezone.now()
    briefing = f.BriefingFactory(starts_at=now + dt.timedelta(hours=3), ends_at=now + dt.timedelta(hours=4))
    invitation = _invited(briefing, "reminded@partner.example.org", sent_days_ago=2)
    Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.ACCEPTED, answered_at=now)
    assert briefing_reminders_queue(now=now) == 1


def queue_nudge():
    now = timezone.now()
    briefing = f.BriefingFactory(starts_at=now + dt.timedelta(days=2), ends_at=now + dt.timedelta(days=2, hours=1))
    _invited(briefing, "nudged@partner.example.org", sent_days_ago=2)
    assert briefing_nudges_queue(now=now) == 1


def queue_digest():
    morning = (timezone.now() - dt.timedelta(days=1)).replace(hour=8, minute=0, tzinfo=dt.UTC)
    staff = f.UserFactory(email="digest@ngo.example.org", time_zone="UTC")
    campaign = f.CampaignFactory(status=Campaign.Status.ACTIVE)
    f.MembershipFactory(user=staff, campaign=campaign, role=Membership.Role.STAFF)
    f.InteractionFactory(campaign=campaign, logged_by=staff, next_step="Call back", follow_up_on=morning.date())
    assert digest_send(user=staff, now=morning) == "queued"


def queue_placement():
    today = timezone.localdate()
    owner = f.UserFactory(email="placement@ngo.example.org")
    pitch = f.PitchFactory(owner=owner, status=Pitch.Status.PITCHED, pitched_on=today - dt.timedelta(days=3))
    with transaction.atomic():
        placement = pitch_record_placement(pitch=pitch, url="https://lemonde.example/tribune", published_on=today)
        assert placement_queue_owner_email(placement=placement)


def queue_test():
    briefing = f.BriefingFactory()
    _invited(briefing, "partner-of-a-test@partner.example.org")
    tester = f.UserFactory(email="tester@ngo.example.org")
    assert len(invitation_test_send(briefing=briefing, by=tester)) == 1


def queue_alert():
    user = f.UserFactory(email="alert@ngo.example.org")
    mention = f.MentionFactory()
    Notification.objects.create(user=user, campaign=mention.campaign, kind=Notification.Kind.MENTION, mention=mention)
    with transaction.atomic():
        assert notifications_email(user_ids=[user.pk]) == 1


QUEUE = {
    Kind.INVITATION: queue_invitation,
    Kind.UPDATE: queue_update,
    Kind.CANCELLATION: queue_cancellation,
    Kind.REMINDER: queue_reminder,
    Kind.NUDGE: queue_nudge,
    Kind.DIGEST: queue_digest,
    Kind.PLACEMENT: queue_placement,
    Kind.TEST: queue_test,
    Kind.ALERT: queue_alert,
}


def test_every_kind_of_email_has_a_queue_here():
    assert set(QUEUE) == set(Kind.values)


def test_each_kind_killed_between_claim_and_send_is_delivered_after_the_sweep(tmp_path, monkeypatch):
    smtp = SmtpServer().start()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}/?timeout=30")
    purge_queue()
    smtp.handler.hold.set()
    try:
        # One solo worker per kind, started together: each takes one email and is held with it.
        workers = [WorkerProcess(tmp_path / f"worker-{kind}.log", pool="solo") for kind in QUEUE]
        starting = [threading.Thread(target=worker.start) for worker in workers]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        for number, (kind, queue) in enumerate(QUEUE.items(), start=1):
            queue()  # commits, then publishes the sending
            row = OutgoingEmail.objects.filter(kind=kind).exclude(status=OutgoingEmail.Status.SENT).get()
            # Claimed (sending) and held at the SMTP server's DATA by one of the workers.
            assert wait_for(lambda number=number: smtp.handler.held == number, timeout=30), kind
            row.refresh_from_db()
            assert row.status == OutgoingEmail.Status.SENDING and row.attempts == 1, (kind, row.status)
        # Every kind is now between its claim and the server's acceptance: kill every worker there.
        for worker in workers:
            worker.kill()
        smtp.handler.hold.clear()
        assert smtp.handler.received == []  # nothing was accepted before the kills

        # Beat's sweep, once EMAIL_SENDING_TIMEOUT_SECONDS has passed (0 here), then a new worker.
        with override_settings(EMAIL_SENDING_TIMEOUT_SECONDS=0, EMAIL_REQUEUE_SECONDS=0):
            swept = outbox_sweep()
        assert swept["requeued_sending"] == len(QUEUE)
        worker = WorkerProcess(tmp_path / "worker-after.log", pool="prefork", concurrency=2)
        worker.start()
        try:
            pending = OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)
            assert wait_for(lambda: not pending.exists(), timeout=60, interval=0.3), worker.log()[-3000:]
        finally:
            worker.stop()
    finally:
        smtp.handler.hold.clear()
        smtp.stop()
    rows = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).exclude(
        sent_at__lt=timezone.now() - dt.timedelta(hours=1)
    )
    delivered = {received.message["X-Parley-Email"]: received for received in smtp.handler.received}
    for kind in QUEUE:
        row = rows.get(kind=kind)
        assert str(row.pk) in delivered, kind
        message = delivered[str(row.pk)].message
        assert parseaddr(message["To"])[1] == row.recipient and message["Message-ID"], kind
    assert len(smtp.handler.received) == len(QUEUE)  # each once: the held attempts were refused
