"""Celery tasks of outreach: sending the outbox, sweeping it, reminders and nudges.

Tasks take ids and call services; running one twice has its effects once (the outbox
claims each row, and every queued email has a unique key).
"""

from __future__ import annotations

from celery import shared_task

from config.queue import enqueue_on_commit

# Emails per send task: a batch goes out over one SMTP connection, and a worker killed
# mid-batch leaves at most this many rows for the sweep.
CHUNK = 25


def dispatch(*, email_ids: list[int]) -> None:
    """Publish the sending of these outbox rows after commit, with one message."""
    if email_ids:
        enqueue_on_commit(send_emails, email_ids=list(email_ids))


@shared_task(name="outreach.tasks.send_emails")
def send_emails(email_ids: list[int]) -> dict:
    """Send these outbox rows; a long list is split into tasks other workers can share."""
    from outreach.mail.outbox import emails_send

    if len(email_ids) > CHUNK:
        for start in range(0, len(email_ids), CHUNK):
            enqueue_on_commit(send_emails, email_ids=email_ids[start : start + CHUNK])
        return {"split": len(email_ids)}
    return emails_send(email_ids=email_ids)


@shared_task(name="outreach.tasks.sweep_outbox")
def sweep_outbox() -> dict:
    from outreach.mail.outbox import outbox_sweep

    return outbox_sweep()


@shared_task(name="outreach.tasks.queue_briefing_reminders")
def queue_briefing_reminders() -> dict:
    from outreach.services.invitations import briefing_nudges_queue, briefing_reminders_queue

    return {"reminders": briefing_reminders_queue(), "nudges": briefing_nudges_queue()}
