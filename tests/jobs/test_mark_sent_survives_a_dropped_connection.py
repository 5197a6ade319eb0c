"""A database connection dropped between the SMTP server's acceptance and "mark sent" does not
make the email go out twice: the worker reconnects and records it."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from outreach.mail.send import emails_send
from outreach.models import Invitation, OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.conftest import database_url_for_subprocess, service_missing

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_connection_killed_after_acceptance_is_reconnected_and_nothing_is_sent_twice(smtp):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL (DATABASE_URL): the test terminates a server-side connection")
    briefing = f.BriefingFactory()
    invitations_create(briefing=briefing, contacts=[f.ContactFactory(email="partner@ngo.example.org")], by=None)
    invitations_send(briefing=briefing, by=None)
    email = OutgoingEmail.objects.get()
    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid
    original = smtp.handler.handle_DATA

    async def accept_then_drop_the_workers_connection(server, session, envelope):
        reply = await original(server, session, envelope)
        with psycopg.connect(database_url_for_subprocess(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        return reply

    smtp.handler.handle_DATA = accept_then_drop_the_workers_connection
    assert emails_send(email_ids=[email.pk]) == {"sent": 1}
    assert len(smtp.handler.received) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert Invitation.objects.get().sent_at == email.sent_at
