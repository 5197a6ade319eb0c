"""Queries asked on every request, compiled by the ORM once and then run with new values.

Django compiles a queryset to SQL afresh each time it runs. For the small queries of a list (the
campaigns the caller belongs to, a page's tags) that Python costs more than PostgreSQL takes to
answer: measured with py-spy on an API list of 50 rows, compiling was three quarters of each such
query's time.

``rows(key, queryset, values)`` runs a ``values_list`` queryset whose SQL depends on nothing but
``values``, in order, as its parameters (an id, a list of ids, a list of roles). The first run of a
key keeps the SQL the ORM compiled, when its parameters are exactly ``values`` and its columns need
no conversion from the database; later runs of the key send that SQL with their own values. Any
other queryset runs as Django runs it. The key must name everything else the SQL depends on (the
model, the relation, the number of values).
"""

from __future__ import annotations

from django.db import connections

_compiled: dict[tuple, str | None] = {}


def rows(key: tuple, queryset, values: list) -> list[tuple]:
    """The rows of ``queryset`` (a ``values_list`` without flat), whose parameters are ``values``."""
    key = (queryset.db, *key)
    sql = _compiled.get(key)
    if sql is None and key not in _compiled:
        sql = _compiled[key] = _reusable_sql(queryset, values)
    if sql is None:
        return list(queryset)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def _reusable_sql(queryset, values: list) -> str | None:
    compiler = queryset.query.clone().get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    if list(params) != list(values):
        return None
    if compiler.get_converters([column for column, _sql, _alias in compiler.select]):
        return None
    return sql
