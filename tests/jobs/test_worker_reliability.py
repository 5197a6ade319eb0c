"""Real worker processes, a real SMTP server, a broker that dies or vanishes.

- 200+ invitations, the worker SIGKILLed mid-batch, a new worker and the sweep: everyone gets
  the email; duplicates are at most the sends in flight at the kill.
- Redis stopped: pressing Send answers within 2 s with the emails queued in the database, and
  they all arrive once Redis is back.
"""
# ruff: noqa: S310 (every URL opened here is our own loopback web server)

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from django.test import Client, override_settings

from campaigns.models import Membership
from outreach.mail.sweep import outbox_sweep
from outreach.models import Invitation, OutgoingEmail
from outreach.services.invitations import invitations_create, invitations_send
from tests import factories as f
from tests.conftest import BASE_DIR, WorkerProcess, database_url_for_subprocess, service_missing
from tests.jobs.processes import OwnRedis, WebServer
from tests.jobs.smtp import SmtpServer, recipient_counts

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


@pytest.fixture
def smtp_for_workers(monkeypatch):
    """A loopback SMTP server that worker processes send to (through EMAIL_URL)."""
    server = SmtpServer().start()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{server.port}/?timeout=10")
    yield server
    server.stop()


def purge_queue() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        app.control.purge(connection=conn)


def run_sweep(**env) -> str:
    """The sweep as beat would run it: in a process of its own, against the same database and broker."""
    code = "import django; django.setup(); from outreach.tasks import sweep_outbox; print(sweep_outbox())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": database_url_for_subprocess(),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def wait_until_quiet(smtp, worker, quiet: float = 2.0, timeout: float = 90) -> None:
    """Until no email has arrived for ``quiet`` seconds and no row is claimed by a live worker."""
    deadline = time.monotonic() + timeout
    last, since = len(smtp.handler.received), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now_count = len(smtp.handler.received)
        if now_count != last:
            last, since = now_count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    raise AssertionError(f"the worker never went quiet:\n{worker.log()[-3000:]}")


def test_killed_worker_mid_batch_loses_nothing_and_duplicates_only_in_flight_sends(smtp_for_workers, tmp_path):
    smtp = smtp_for_workers
    smtp.handler.delay = 0.02  # each SMTP DATA takes 20 ms: the batch lasts several seconds
    purge_queue()
    briefing = f.BriefingFactory()
    contacts = [f.ContactFactory() for _ in range(220)]
    invitations_create(briefing=briefing, contacts=contacts, by=None)
    # A solo worker: SIGKILL stops the sending at once (a prefork child could outlive its parent).
    first = WorkerProcess(tmp_path / "worker-1.log", pool="solo")
    first.start()
    report = invitations_send(briefing=briefing, by=None)  # commits, then publishes
    assert len(report.queued) == 220

    assert wait_for(lambda: len(smtp.handler.received) >= 70, timeout=60), first.log()
    first.kill()
    in_flight = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING).count()
    received_at_kill = len(smtp.handler.received)
    assert received_at_kill < 220, "the kill came after the batch: slow the SMTP server down"
    assert in_flight <= 1  # one solo worker holds at most one SMTP conversation

    second = WorkerProcess(tmp_path / "worker-2.log", pool="prefork", concurrency=2)
    second.start()
    try:
        # Let the new worker drain what is still in the broker, then sweep as beat would.
        # Left behind by the dead worker: the row it had claimed (sending) and the rest of its
        # chunk (queued: the filesystem broker loses a taken task, Redis holds it unacked until
        # the visibility timeout). Timeouts of 0 stand in for "once the timeouts have passed".
        wait_until_quiet(smtp, second)
        with override_settings(EMAIL_SENDING_TIMEOUT_SECONDS=0, EMAIL_REQUEUE_SECONDS=0):
            swept = outbox_sweep()
        assert wait_for(lambda: len(recipient_counts(smtp.handler)) == 220, timeout=90, interval=0.5), (
            f"{len(recipient_counts(smtp.handler))} of 220 received; swept {swept}\n" + second.log()[-3000:]
        )
        time.sleep(1)  # anything else in flight would show up now
    finally:
        second.stop()
    counts = recipient_counts(smtp.handler)
    assert set(counts) == {contact.email for contact in contacts}
    duplicates = sum(counts.values()) - len(counts)
    print(f"killed at {received_at_kill}/220 received, {in_flight} in flight, {duplicates} duplicates, swept {swept}")
    assert duplicates <= in_flight, f"{duplicates} duplicates, {in_flight} in flight at the kill"
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 220
    assert Invitation.objects.filter(briefing=briefing, sent_at__isnull=False).count() == 220


def send_button(web: WebServer, session_id: str, briefing_id: int) -> tuple[int, float, str]:
    """Press "Send invitations" as the briefing page does (an htmx POST with the CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = {"Cookie": f"sessionid={session_id}"}
    with opener.open(
        urllib.request.Request(f"{web.base}/outreach/briefings/{briefing_id}/delivery/", headers=cookie), timeout=10
    ) as page:
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf_cookie = next(c.value for c in jar if c.name == "csrftoken")
    request = urllib.request.Request(
        f"{web.base}/outreach/briefings/{briefing_id}/send-invitations/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        headers={"Cookie": f"sessionid={session_id}; csrftoken={csrf_cookie}", "HX-Request": "true"},
        method="POST",
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode()
        return response.status, time.monotonic() - started, body


def test_send_with_redis_stopped_answers_fast_and_delivers_after_redis_is_back(smtp_for_workers, tmp_path, monkeypatch):
    if not OwnRedis.available():
        service_missing("redis-server is not installed (needed to stop and restart a Redis of our own)")
    smtp = smtp_for_workers
    redis = OwnRedis(tmp_path / "redis.log")
    redis.start()
    monkeypatch.setenv("REDIS_URL", redis.url)  # the worker, the web server and the sweep use it
    staff = f.UserFactory(username="sender")
    briefing = f.BriefingFactory(created_by=staff)
    f.MembershipFactory(user=staff, campaign=briefing.campaign, role=Membership.Role.STAFF)
    contacts = [f.ContactFactory() for _ in range(50)]
    invitations_create(briefing=briefing, contacts=contacts, by=staff)
    client = Client()
    client.force_login(staff)

    worker = WorkerProcess(tmp_path / "worker.log")
    web = WebServer(tmp_path / "web.log", env={})
    worker.start()
    try:
        redis.stop()
        web.start()
        status, elapsed, body = send_button(web, client.cookies["sessionid"].value, briefing.pk)
        pressed_at = time.monotonic()
        assert status == 200 and "50 emails queued" in body
        assert elapsed < 2.0, f"Send took {elapsed:.2f}s with Redis down"
        assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).count() == 50
        assert "could not publish" in web.log_path.read_text()
        time.sleep(1)
        assert smtp.handler.received == []  # nothing could reach the worker

        redis.start()  # Redis is back, empty: the messages published while it was down never existed
        # The sweep republishes rows whose publish is older than EMAIL_REQUEUE_SECONDS (10 here).
        time.sleep(max(0.0, 10.5 - (time.monotonic() - pressed_at)))
        print("sweep:", run_sweep(EMAIL_REQUEUE_SECONDS="10").strip(), f"send took {elapsed:.3f}s")
        assert wait_for(lambda: len(recipient_counts(smtp.handler)) == 50, timeout=60, interval=0.5), worker.log()[
            -3000:
        ]
        time.sleep(1)
    finally:
        web.stop()
        worker.stop()
        redis.stop()
    counts = recipient_counts(smtp.handler)
    assert set(counts) == {c.email for c in contacts} and set(counts.values()) == {1}
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 50
