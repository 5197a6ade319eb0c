"""Time to send 1,000 briefing invitations through a loopback SMTP server (aiosmtpd).

    .venv/bin/python bench/send_invitations.py                 # real Celery worker(s), filesystem broker
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/send_invitations.py
    .venv/bin/python bench/send_invitations.py --inline        # no broker: send from this process
    .venv/bin/python bench/send_invitations.py --count 200 --concurrency 4

Uses a throwaway SQLite database (or DATABASE_URL if set) and broker folder under var/bench/.
Reports: time to queue (write the outbox rows and publish; emails are rendered when sent) and
time until the SMTP server has received every invitation.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def serve_smtp(port: int, log_path: str, ready) -> None:
    """A loopback aiosmtpd server in a process of its own (a thread would share this process's GIL)."""
    import asyncio
    import signal as signal_module

    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.out = open(log_path, "a", buffering=1)  # noqa: SIM115 (closed with the process)

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            self.out.write(" ".join(envelope.rcpt_tos) + "\n")
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    signal_module.sigwait({signal_module.SIGTERM})
    controller.stop()
    del asyncio


def received_lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--inline", action="store_true", help="send from this process, no worker")
    args = parser.parse_args()

    var = BASE_DIR / "var" / "bench"
    shutil.rmtree(var, ignore_errors=True)
    (var / "tmp").mkdir(parents=True)
    import multiprocessing
    import signal

    from tests.jobs.smtp import free_port

    port, rcpt_log = free_port(), var / "received.txt"
    ready = multiprocessing.Event()
    smtp = multiprocessing.Process(target=serve_smtp, args=(port, str(rcpt_log), ready), daemon=True)
    # The server process blocks SIGTERM so sigwait can take it.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    smtp.start()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    ready.wait(10)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "PARLEY_VAR_DIR": str(var),
        "TMPDIR": str(var / "tmp"),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}/?timeout=10",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from outreach.models import Briefing, Contact, Invitation, Organisation, OutgoingEmail
    from outreach.services.invitations import invitations_send
    from tests import factories as f

    Invitation.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    Briefing.objects.all().delete()
    organisation = Organisation.objects.create(name="Bench partners")
    languages = ["en", "fr", "ar"]
    Contact.objects.bulk_create(
        Contact(
            full_name=f"Partner {n}",
            email=f"partner{n}@bench.example.org",
            organisation=organisation,
            preferred_language=languages[n % 3],
        )
        for n in range(args.count)
    )
    briefing = f.BriefingFactory(title="Ceasefire briefing", agenda="Two expert speakers")
    Invitation.objects.bulk_create(Invitation(briefing=briefing, contact=c) for c in Contact.objects.all())

    worker = None
    if not args.inline:
        log = (var / "worker.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "WARNING",
                   "--concurrency", str(args.concurrency), "--without-gossip", "--without-mingle"]  # fmt: skip
        worker = subprocess.Popen(command, cwd=BASE_DIR, env={**os.environ}, stdout=log, stderr=subprocess.STDOUT)
        time.sleep(6)  # let the worker connect before the clock starts

    try:
        started = time.perf_counter()
        report = invitations_send(briefing=briefing, by=None)
        queued = time.perf_counter() - started
        if args.inline:
            from outreach.mail.send import emails_send

            ids = list(OutgoingEmail.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), 25):
                emails_send(email_ids=ids[start : start + 25])
        deadline = time.monotonic() + 600
        while len(received_lines(rcpt_log)) < args.count and time.monotonic() < deadline:
            time.sleep(0.05)
        total = time.perf_counter() - started
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=30)
        smtp.terminate()
        smtp.join(10)
    lines = received_lines(rcpt_log)
    received, unique = len(lines), len(set(lines))
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    mode = "inline" if args.inline else f"worker x{args.concurrency}, broker {broker}"
    print(f"invitations: {len(report.queued)} queued, {received} received ({unique} distinct) [{mode}]")
    print(f"queue (outbox rows + one publish; what Send costs): {queued:.2f} s")
    print(f"until all received by SMTP (rendered when sent): {total:.2f} s  ({received / total:.0f} emails/s)")
    if received != args.count:
        sys.exit("not every invitation arrived")


if __name__ == "__main__":
    main()
