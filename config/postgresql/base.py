"""Django's PostgreSQL backend, reading times with time zone through psycopg's own (C) loader.

Django registers a loader of its own for ``timestamptz`` that parses each value in Python and then
sets the connection's time zone on it: a sixth of an API list of 50 invitations went there (py-spy).
When Django wants UTC, as Parley's settings ask (USE_TZ, no database TIME_ZONE), psycopg's loader
gives the very same value: Django sets the session's time zone to UTC, and psycopg reads a UTC
session as ``datetime.timezone.utc``, Django's own UTC. Each cursor then uses psycopg's loader;
with any other time zone, Django's as it is. tests/config/test_database_times.py compares the two.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg.pq import Format

TIMESTAMPTZ_OID = psycopg.adapters.types["timestamptz"].oid
# The loader psycopg registers by itself: its C version when psycopg[binary] is installed.
PSYCOPG_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        cursor = super().create_cursor(name)
        if settings.USE_TZ and self.timezone is dt.UTC:
            cursor.adapters.register_loader(TIMESTAMPTZ_OID, PSYCOPG_LOADER)
        return cursor
