"""Fixtures for the email jobs: a real SMTP server on loopback and Django's SMTP backend aimed at it."""

from __future__ import annotations

import pytest

from outreach.mail.outbox import emails_send
from outreach.models import OutgoingEmail
from tests.jobs.smtp import SmtpServer


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(settings, smtp_server):
    """Django's real SMTP backend sending to the loopback server (pytest-django forces locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Parley <parley@ngo.example.org>"
    settings.SITE_URL = "http://testserver"
    return smtp_server


def deliver_due(now=None) -> dict[str, int]:
    """What a worker does with the queued rows (tests run inside a transaction, so no publish)."""
    from django.utils import timezone

    ids = list(OutgoingEmail.objects.due(now or timezone.now()).order_by("pk").values_list("pk", flat=True))
    return emails_send(email_ids=ids, now=now)
