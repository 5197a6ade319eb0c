"""The pitch's owner hears of a detected placement by email: an outbox row, delivered once over real SMTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from media_tracker.models import Placement
from media_tracker.services.placements import pitch_record_placement, placement_queue_owner_email
from outreach.models import OutgoingEmail
from tests.factories import OpEdFactory, OutletFactory, PitchFactory, UserFactory
from tests.jobs.conftest import deliver_due

pytestmark = pytest.mark.django_db


def make_placement(owner):
    pitch = PitchFactory(
        op_ed=OpEdFactory(title="Pour une paix durable"), outlet=OutletFactory(name="Le Monde"), owner=owner
    )
    return pitch_record_placement(
        pitch=pitch, url="https://lemonde.example/tribune", published_on=dt.date(2020, 11, 17)
    )


def test_owner_gets_one_email_over_smtp_through_the_outbox(smtp):
    owner = UserFactory(email="owner@parley.example.org", language="fr")
    placement = make_placement(owner)
    with transaction.atomic():
        assert placement_queue_owner_email(placement=placement) is True
    with transaction.atomic():
        assert placement_queue_owner_email(placement=placement) is False  # the same key: not queued twice
    row = OutgoingEmail.objects.get()
    assert (row.kind, row.dedupe_key, row.user_id) == ("placement", f"placement:{placement.pk}:owner", owner.pk)
    assert deliver_due() == {"sent": 1}
    assert deliver_due() == {}
    [received] = smtp.handler.received
    assert received.rcpt_tos == ["owner@parley.example.org"]
    assert "Le Monde" in received.message["Subject"] and "Pour une paix durable" in received.message["Subject"]
    assert "https://lemonde.example/tribune" in received.text()
    assert Placement.objects.get(pk=placement.pk).owner_notified_at is not None


def test_an_owner_without_a_usable_address_queues_nothing():
    placement = make_placement(UserFactory(email=""))
    assert placement_queue_owner_email(placement=placement) is False
    assert not OutgoingEmail.objects.exists()
