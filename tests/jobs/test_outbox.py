"""The outbox: claims, transient and permanent SMTP failures, the sweep, tasks run twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from config import queue
from outreach import tasks
from outreach.mail.drafts import EmailDraft
from outreach.mail.queue import emails_queue
from outreach.mail.send import email_send, retry_delay
from outreach.mail.sweep import outbox_sweep
from outreach.models import OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.jobs.conftest import deliver_due
from tests.jobs.smtp import free_port

pytestmark = pytest.mark.django_db


def queue_one(key="test:1", recipient="partner@ngo.example.org", now=None):
    [row] = emails_queue(
        [EmailDraft(kind="reminder", dedupe_key=key, recipient=recipient, subject="Hello", body_text="Body")],
        now=now,
    )
    return row


def test_the_same_key_is_never_queued_twice():
    queue_one()
    assert (
        emails_queue(
            [EmailDraft(kind="reminder", dedupe_key="test:1", recipient="x@y.org", subject="s", body_text="b")]
        )
        == []
    )
    assert OutgoingEmail.objects.count() == 1


def test_a_claimed_row_is_not_sent_again(smtp):
    row = queue_one()
    assert email_send(email_id=row.pk) == "sent"
    assert email_send(email_id=row.pk) == "skipped"
    # Even a row put back by hand in "sending" is not taken: the claim only moves queued rows.
    OutgoingEmail.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())
    assert email_send(email_id=row.pk) == "skipped"
    assert len(smtp.handler.received) == 1


def test_a_transient_smtp_refusal_is_retried_after_a_back_off(smtp):
    now = timezone.now()
    row = queue_one(now=now)
    smtp.handler.scripted_replies.append("451 4.3.0 Mailbox busy, try later")
    assert email_send(email_id=row.pk, now=now) == "retry"
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("queued", 1) and "451" in row.last_error
    assert row.next_attempt_at > now and row.enqueued_at is None
    # Not due yet: neither a worker nor the sweep sends it before the back-off has passed.
    assert email_send(email_id=row.pk, now=now) == "skipped"
    assert outbox_sweep(now=now)["published"] == 0
    later = row.next_attempt_at + dt.timedelta(seconds=1)
    assert outbox_sweep(now=later)["published"] == 1
    assert email_send(email_id=row.pk, now=later) == "sent"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert len(smtp.handler.received) == 1


def test_a_permanent_refusal_fails_at_once_with_the_reason(smtp):
    row = queue_one()
    smtp.handler.scripted_replies.append("550 5.1.1 No such user here")
    assert email_send(email_id=row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 1 and "550" in row.last_error and "No such user" in row.last_error


def test_transient_failures_end_in_failed_after_the_last_attempt(settings, smtp):
    settings.EMAIL_MAX_ATTEMPTS = 2
    now = timezone.now()
    row = queue_one(now=now)
    smtp.handler.scripted_replies += ["421 4.7.0 Try again later"] * 2
    assert email_send(email_id=row.pk, now=now) == "retry"
    row.refresh_from_db()
    assert email_send(email_id=row.pk, now=row.next_attempt_at) == "failed"
    row.refresh_from_db()
    assert row.status == "failed" and "421" in row.last_error


def test_an_unreachable_smtp_server_is_a_transient_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    row = queue_one()
    assert email_send(email_id=row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == "queued" and "Connection refused" in row.last_error


def test_every_back_off_stays_below_the_visibility_timeout():
    delays = [retry_delay(attempt) for attempt in range(1, 30)]
    assert delays == sorted(delays) and delays[0] == settings.EMAIL_RETRY_BASE_SECONDS
    assert max(delays) < settings.CELERY_VISIBILITY_TIMEOUT
    assert settings.EMAIL_SENDING_TIMEOUT_SECONDS < settings.CELERY_VISIBILITY_TIMEOUT


def test_the_sweep_requeues_a_row_left_sending_by_a_dead_worker(smtp):
    now = timezone.now()
    row = queue_one(now=now)
    OutgoingEmail.objects.filter(pk=row.pk).update(status="sending", claimed_at=now)
    assert outbox_sweep(now=now + dt.timedelta(seconds=10)) == {"requeued_sending": 0, "published": 0}
    later = now + dt.timedelta(seconds=settings.EMAIL_SENDING_TIMEOUT_SECONDS + 1)
    assert outbox_sweep(now=later) == {"requeued_sending": 1, "published": 1}
    # Run twice: the second sweep finds the row already published and does nothing.
    assert outbox_sweep(now=later) == {"requeued_sending": 0, "published": 0}
    assert deliver_due(later) == {"sent": 1}


def test_send_task_run_twice_sends_each_email_once(smtp):
    briefing = f.BriefingFactory()
    invitations_create(briefing=briefing, contacts=f.ContactFactory.create_batch(3), by=None)
    invitations_send(briefing=briefing, by=None)
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))
    assert tasks.send_emails(ids) == {"sent": 3}
    assert tasks.send_emails(ids) == {"skipped": 3}
    assert len(smtp.handler.received) == 3


def test_sending_publishes_one_message_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    published = []
    monkeypatch.setattr(queue, "publish", lambda name, kwargs: published.append((name, kwargs)))
    briefing = f.BriefingFactory()
    invitations_create(briefing=briefing, contacts=f.ContactFactory.create_batch(60), by=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations_send(briefing=briefing, by=None)
    assert published == []  # nothing before commit
    for callback in callbacks:
        callback()
    [(name, kwargs)] = published
    assert name == "outreach.tasks.send_emails" and len(kwargs["email_ids"]) == 60


def test_an_invitation_left_queued_is_not_sent_after_the_briefing_was_cancelled(smtp):
    from outreach.models import Briefing

    briefing = f.BriefingFactory()
    invitations_create(briefing=briefing, contacts=[f.ContactFactory()], by=None)
    invitations_send(briefing=briefing, by=None)
    row = OutgoingEmail.objects.get()
    # As if a worker had claimed it, then died, and the briefing was cancelled meanwhile.
    Briefing.objects.filter(pk=briefing.pk).update(status=Briefing.Status.CANCELLED)
    assert email_send(email_id=row.pk) == "failed"
    row.refresh_from_db()
    assert "cancelled" in row.last_error and smtp.handler.received == []
