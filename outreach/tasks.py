"""Celery tasks of outreach: sending the outbox, sweeping it, reminders and nudges.

Tasks take ids and call services; running one twice has its effects once (the outbox
claims each row, and every queued email has a unique key).
"""

from __future__ import annotations

from celery import shared_task

from outreach.mail.queue import SEND_TASK, publish_sending
from outreach.mail.send import emails_send
from outreach.mail.sweep import outbox_sweep
from outreach.services.invitations import briefing_nudges_queue, briefing_reminders_queue

# Emails per send task: a batch goes out over one SMTP connection, and a worker killed
# mid-batch leaves at most this many rows for the sweep.
CHUNK = 25


@shared_task(name=SEND_TASK)
def send_emails(email_ids: list[int]) -> dict:
    """Send these outbox rows; a long list is split into tasks other workers can share."""
    if len(email_ids) > CHUNK:
        for start in range(0, len(email_ids), CHUNK):
            publish_sending(email_ids=email_ids[start : start + CHUNK])
        return {"split": len(email_ids)}
    return emails_send(email_ids=email_ids)


@shared_task(name="outreach.tasks.sweep_outbox")
def sweep_outbox() -> dict:
    return outbox_sweep()


@shared_task(name="outreach.tasks.queue_briefing_reminders")
def queue_briefing_reminders() -> dict:
    return {"reminders": briefing_reminders_queue(), "nudges": briefing_nudges_queue()}
