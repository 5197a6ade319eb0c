"""Helpers of the email job tests (the loopback SMTP fixtures live in tests/conftest.py)."""

from __future__ import annotations

from outreach.mail.send import emails_send
from outreach.models import OutgoingEmail


def deliver_due(now=None) -> dict[str, int]:
    """What a worker does with the queued rows (tests run inside a transaction, so no publish)."""
    from django.utils import timezone

    ids = list(OutgoingEmail.objects.due(now or timezone.now()).order_by("pk").values_list("pk", flat=True))
    return emails_send(email_ids=ids, now=now)
