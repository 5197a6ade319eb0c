"""Celery beat that stands by while another beat process leads (``--scheduler outreach.beat.LeaderScheduler``).

Each beat process tries to take or renew the "beat" lease (outreach.models.Lease) with one
conditional UPDATE before each tick. The holder sends the periodic tasks; the others check
again every few seconds and take over once the holder has not renewed for ``LEASE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid

from django.db import IntegrityError, close_old_connections
from django.db.models import Q
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from outreach.models import Lease

logger = logging.getLogger(__name__)

LEASE_NAME = "beat"
LEASE_SECONDS = int(os.environ.get("BEAT_LEASE_SECONDS", "30"))  # a test shortens it
STANDBY_CHECK_SECONDS = min(5.0, LEASE_SECONDS / 3)


def lease_take(*, name: str, holder: str, seconds: int, now: dt.datetime | None = None) -> bool:
    """Take the lease, or renew it if ``holder`` has it; True when ``holder`` holds it now."""
    now = now or timezone.now()
    Lease.objects.get_or_create(name=name)
    taken = Lease.objects.filter(
        Q(name=name) & (Q(holder=holder) | Q(expires_at__isnull=True) | Q(expires_at__lt=now))
    ).update(holder=holder, expires_at=now + dt.timedelta(seconds=seconds))
    return taken == 1


class LeaderScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, run only by the process that holds the beat lease."""

    def __init__(self, *args, **kwargs):
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.leading = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        close_old_connections()
        try:
            leading = lease_take(name=LEASE_NAME, holder=self.holder, seconds=LEASE_SECONDS)
        except IntegrityError:
            leading = False  # two processes created the lease row at once; the next tick decides
        except Exception:
            logger.warning("beat could not reach the database to renew its lease; standing by", exc_info=True)
            leading = False
        if leading != self.leading:
            logger.info("beat %s %s", self.holder, "leads: sending periodic tasks" if leading else "stands by")
            self.leading = leading
        if not leading:
            return STANDBY_CHECK_SECONDS
        # Never sleep past the lease: renew it well before another beat may take over.
        return min(super().tick(*args, **kwargs), LEASE_SECONDS / 3)
