"""The pitch's owner hears of a detected placement by email, through a real SMTP server, once."""

from __future__ import annotations

import datetime as dt
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from media_tracker.models import Placement
from media_tracker.services.placements import pitch_record_placement, placement_notify_owner
from tests.factories import OpEdFactory, OutletFactory, PitchFactory, UserFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def make_placement(owner):
    pitch = PitchFactory(
        op_ed=OpEdFactory(title="Pour une paix durable"), outlet=OutletFactory(name="Le Monde"), owner=owner
    )
    return pitch_record_placement(
        pitch=pitch, url="https://lemonde.example/tribune", published_on=dt.date(2020, 11, 17)
    )


def test_owner_gets_one_email_over_smtp(smtp):
    owner = UserFactory(email="owner@parley.example.org", language="fr")
    placement = make_placement(owner)
    assert placement_notify_owner(placement_id=placement.pk) is True
    assert placement_notify_owner(placement_id=placement.pk) is False
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["owner@parley.example.org"]
    assert "Le Monde" in message["Subject"] and "Pour une paix durable" in message["Subject"]
    assert "https://lemonde.example/tribune" in message.get_body().get_content()


def test_a_failed_send_is_released_for_the_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2  # nobody listens
    placement = make_placement(UserFactory(email="owner@parley.example.org"))
    with pytest.raises(OSError):
        placement_notify_owner(placement_id=placement.pk)
    assert Placement.objects.get(pk=placement.pk).owner_notified_at is None
