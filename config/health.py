"""Checks of the services Parley depends on, for /healthz and start-up."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    ms: float


def _timed(probe) -> Check:
    started = time.perf_counter()
    try:
        detail = probe()
        ok = True
    except Exception as exc:  # any failure of the probe is the answer we report
        detail, ok = " ".join(f"{type(exc).__name__}: {exc}".split())[:300], False
    return Check(ok=ok, detail=detail, ms=round((time.perf_counter() - started) * 1000, 1))


def check_database() -> Check:
    def probe() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return connection.vendor

    return _timed(probe)


def check_broker(timeout: float = 2.0) -> Check:
    """Connect to the configured broker once, without retrying."""
    from kombu import Connection

    def probe() -> str:
        url = settings.CELERY_BROKER_URL
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        with Connection(url, transport_options=options, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=0, timeout=timeout)
            if conn.transport_cls == "filesystem":
                folder = Path(options["data_folder_in"])
                if not (folder.is_dir() and os.access(folder, os.W_OK)):
                    raise OSError(f"broker folder {folder} is not a writable folder")
                return f"filesystem ({folder})"
            return conn.transport_cls

    return _timed(probe)
