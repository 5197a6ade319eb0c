"""Times with time zone are read by psycopg's own loader (config/postgresql/base.py): each value must
be exactly what Django's loader gives, UTC included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format

from config.postgresql.base import PSYCOPG_LOADER, TIMESTAMPTZ_OID

pytestmark = pytest.mark.django_db

TIMES = [
    "2020-09-27 05:15:00+00",
    "2020-11-10 01:30:00.123456+04",
    "2020-11-09 23:59:59.999999-05:30",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "1970-01-01 00:00:00+00",
    None,
]


def read(cursor) -> list:
    cursor.execute("SELECT " + ", ".join("%s::timestamptz" for _ in TIMES), TIMES)
    return list(cursor.fetchone())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's time with time zone")
def test_times_read_by_psycopg_are_the_ones_django_reads():
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) is PSYCOPG_LOADER
        fast = read(cursor)
    with connection.cursor() as cursor:
        register_tzloader(dt.UTC, cursor.cursor)  # Django's own loader, for this cursor
        assert cursor.cursor.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT) is not PSYCOPG_LOADER
        django = read(cursor)
    assert fast == django
    assert [value.tzinfo for value in fast if value is not None] == [dt.UTC] * (len(TIMES) - 1)
    assert fast[1] == dt.datetime(2020, 11, 9, 21, 30, 0, 123456, tzinfo=dt.UTC)
