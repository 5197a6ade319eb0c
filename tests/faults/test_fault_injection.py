"""Faults injected in the middle of a 500-invitation batch, with real processes all along.

A real Celery worker, a Redis of the test's own (its own port, no persistence), a real SMTP server on
loopback, gunicorn for the pages and the API, PostgreSQL. In the middle of the batch the worker is
killed (SIGKILL), Redis is stopped (and comes back empty), the SMTP server is stopped, and every
database connection but the test's own is terminated, twice. Send is pressed on the page and through
the API while Redis is down.

Then: no email is lost; an email arrives twice only within the README's window (its worker died, or
the database stayed unreachable, between the SMTP server's acceptance and "sent"), at most one per
worker process in flight, and every copy carries the same Message-ID; every invitation's "sent at" is
the time its email was marked sent; Send answered in under 2 s with Redis down. The figures of the
run are printed (``pytest -s``) and kept in the report.
"""
# ruff: noqa: S310 (every URL opened here is our own loopback web server)

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import Client

from campaigns.models import Membership
from campaigns.services import api_token_create
from outreach.models import Invitation, OutgoingEmail
from outreach.services.invitations import invitations_create
from tests import factories as f
from tests.conftest import BASE_DIR, WorkerProcess, database_url_for_subprocess, service_missing
from tests.jobs.processes import OwnRedis, WebServer
from tests.jobs.smtp import SmtpServer
from tests.jobs.test_worker_reliability import send_button, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BATCH = 500
SMALL = 10  # each of the two briefings sent while Redis is down
SENDING_DELAY = 0.01  # seconds the SMTP server takes to accept each message


def sweep(*, fast_forward: bool = False) -> dict:
    """The sweep as beat runs it, in a process of its own, with its time-outs elapsed: rows the dead
    worker had claimed go back to the queue, and queued rows are published again (Redis came back
    empty). ``fast_forward``: the retry back-off (30 s, then 60 s...) of the rows the SMTP outage
    failed stands elapsed, rather than the test waiting for it."""
    code = (
        "import json, django; django.setup()\n"
        "from django.test.utils import override_settings\n"
        "from django.utils import timezone\n"
        "from outreach.mail.sweep import outbox_sweep\n"
        "from outreach.models import OutgoingEmail\n"
        f"if {fast_forward}:\n"
        "    OutgoingEmail.objects.filter(status='queued').update(next_attempt_at=timezone.now())\n"
        "with override_settings(EMAIL_SENDING_TIMEOUT_SECONDS=0, EMAIL_REQUEUE_SECONDS=0):\n"
        "    print(json.dumps(outbox_sweep()))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database_url_for_subprocess(),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def terminate_other_connections(keep_pid: int) -> int:
    """Terminate every connection to the test database but the test's own; how many were cut."""
    with psycopg.connect(database_url_for_subprocess(), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
            [keep_pid],
        ).fetchall()
    return len(rows)


def api_send(web: WebServer, token: str, briefing_id: int) -> tuple[int, float, dict]:
    request = urllib.request.Request(
        f"{web.base}/api/v1/briefings/{briefing_id}/send-invitations/",
        data=b"",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, time.monotonic() - started, json.loads(response.read())


def wait_quiet(smtp: SmtpServer, quiet: float, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last, since = len(smtp.handler.received), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        count = len(smtp.handler.received)
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def test_a_500_invitation_batch_survives_a_killed_worker_redis_smtp_and_database_outages(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL (DATABASE_URL): the test terminates server-side connections")
    if not OwnRedis.available():
        service_missing("redis-server is not installed (the test stops and restarts a Redis of its own)")
    started = time.monotonic()
    figures: dict[str, object] = {}

    coordinator = f.UserFactory(username="faults-lead", email="lead@ngo.example.org")
    campaign = f.CampaignFactory(slug="faults")
    f.MembershipFactory(user=coordinator, campaign=campaign, role=Membership.Role.COORDINATOR)
    organisation = f.OrganisationFactory(name="Partners")
    batch, by_ui, by_api = (f.BriefingFactory(campaign=campaign, created_by=coordinator) for _ in range(3))
    people = {}
    for briefing, count in ((batch, BATCH), (by_ui, SMALL), (by_api, SMALL)):
        people[briefing.pk] = [f.ContactFactory(organisation=organisation) for _ in range(count)]
        invitations_create(briefing=briefing, contacts=people[briefing.pk], by=coordinator)
    everyone = {c.email for contacts in people.values() for c in contacts}
    client = Client()
    client.force_login(coordinator)
    session = client.cookies["sessionid"].value
    _token, secret = api_token_create(user=coordinator, name="faults")
    connection.ensure_connection()
    own_pid = connection.connection.info.backend_pid

    redis = OwnRedis(tmp_path / "redis.log")
    smtp = SmtpServer().start()
    smtp.handler.delay = SENDING_DELAY
    accepted_100th = threading.Event()
    accept = smtp.handler.handle_DATA

    async def accept_and_hold_the_100th_reply(server, session, envelope):
        reply = await accept(server, session, envelope)
        if len(smtp.handler.received) == 100 and not accepted_100th.is_set():
            accepted_100th.set()
            await asyncio.sleep(3)  # its worker waits for this reply; it is killed meanwhile
        return reply

    smtp.handler.handle_DATA = accept_and_hold_the_100th_reply
    redis.start()
    monkeypatch.setenv("REDIS_URL", redis.url)
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{smtp.port}/?timeout=10")
    web = WebServer(tmp_path / "web.log", env={})
    first = WorkerProcess(tmp_path / "worker-1.log", pool="solo")
    second = WorkerProcess(tmp_path / "worker-2.log", pool="prefork", concurrency=2)
    try:
        web.start()
        first.start()

        # 1. The batch goes out.
        status, figures["send_ui_redis_up_s"], _body = send_button(web, session, batch.pk)
        assert status == 200

        # 2. The worker is killed mid-batch: right after the SMTP server accepted the 100th email and
        # before the worker could mark it sent (the reply is held back), the README's duplicate window.
        assert accepted_100th.wait(timeout=60), first.log()[-3000:]
        first.kill()
        figures["received_at_kill"] = len(smtp.handler.received)
        figures["in_flight_at_kill"] = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).count()
        assert figures["received_at_kill"] < BATCH, "the kill came after the batch: slow the SMTP server down"

        # 3. Redis stops; Send is pressed on the page and through the API.
        redis.stop()
        status, figures["send_ui_redis_down_s"], body = send_button(web, session, by_ui.pk)
        assert status == 200 and f"{SMALL} emails queued" in body
        status, figures["send_api_redis_down_s"], body = api_send(web, secret, by_api.pk)
        assert status == 202 and len(body["queued"]) == SMALL and body["skipped"] == []
        assert figures["send_ui_redis_down_s"] < 2.0 and figures["send_api_redis_down_s"] < 2.0, figures
        assert "could not publish" in web.log_path.read_text()

        # 4. Redis comes back empty; a new worker starts and the sweep publishes what is left.
        redis.start()
        second.start()
        figures["sweeps"] = [sweep()]

        # 5. The SMTP server stops for two seconds in the middle of the rest.
        target = figures["received_at_kill"] + 100
        assert wait_for(lambda: len(smtp.handler.received) >= target, timeout=60), second.log()[-3000:]
        smtp.controller.stop()
        time.sleep(2)
        smtp.controller = Controller(smtp.handler, hostname="127.0.0.1", port=smtp.port, timeout=30)
        smtp.controller.start()
        figures["smtp_failures"] = OutgoingEmail.objects.exclude(last_error="").count()

        # 6. Every database connection but the test's own is cut, twice, while emails go out.
        figures["connections_terminated"] = 0
        for _ in range(2):
            time.sleep(0.7)
            figures["connections_terminated"] += terminate_other_connections(own_pid)

        # 7. Until everything is sent: wait for quiet, then sweep with the back-off elapsed.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            wait_quiet(smtp, quiet=2.0, timeout=30)
            if not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists():
                break
            figures["sweeps"].append(sweep(fast_forward=True))
        time.sleep(1)  # anything still in flight shows up now
    finally:
        second.stop()
        first.stop()
        web.stop()
        redis.stop()
        smtp.stop()

    received = smtp.handler.by_recipient()
    copies = {rcpt: len(items) for rcpt, items in received.items()}
    duplicated = {rcpt: items for rcpt, items in received.items() if len(items) > 1}
    figures |= {
        "invitations": BATCH + 2 * SMALL,
        "messages_received": len(smtp.handler.received),
        "recipients_reached": len(copies),
        "duplicates": sum(copies.values()) - len(copies),
        "retried_rows": OutgoingEmail.objects.filter(attempts__gt=1).count(),
        "seconds": round(time.monotonic() - started, 1),
    }
    print("\nfault-injection figures:", json.dumps(figures, default=str))

    assert set(copies) == everyone, f"lost: {sorted(everyone - set(copies))[:5]}"  # no email lost
    for items in duplicated.values():  # a re-sent email is the same message
        assert len({item.message["Message-ID"] for item in items}) == 1
    # The window (README): only the sends in flight when the worker died may go out twice.
    assert figures["duplicates"] <= figures["in_flight_at_kill"], figures
    assert OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).count() == 0
    for invitation in Invitation.objects.select_related("contact").prefetch_related("emails"):
        (email,) = invitation.emails.all()
        assert invitation.sent_at is not None and invitation.sent_at == email.sent_at, invitation
