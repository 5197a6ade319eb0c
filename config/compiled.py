"""Queries asked on every request, compiled by the ORM once and then run with new values.

Django compiles a queryset to SQL afresh each time it runs. For the small queries of a list (the
campaigns the caller belongs to, a page's tags) that Python costs more than PostgreSQL takes to
answer: measured with py-spy on an API list of 50 rows, compiling was three quarters of each such
query's time.

``rows(key, values, queryset_of)`` runs the ``values_list`` queryset that ``queryset_of()`` builds,
whose SQL depends on nothing but ``values``, in order, as its parameters (an id, a list of ids, a
list of roles). The first run of a key keeps the SQL the ORM compiled, when its parameters are
exactly ``values`` and its columns need no conversion from the database; later runs of the key send
that SQL with their own values, without building the queryset (building it was half the cost). Any
other queryset runs as Django runs it. The key must name everything else the SQL depends on (the
model, the relation, the number of values).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# key -> (database alias, SQL), or None for a query Django runs each time.
_compiled: dict[tuple, tuple[str, str] | None] = {}


def rows(key: tuple, values: list, queryset_of: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of the queryset (a ``values_list`` without flat) whose parameters are ``values``."""
    if key not in _compiled:
        queryset = queryset_of()
        sql = _reusable_sql(queryset, values)
        _compiled[key] = (queryset.db, sql) if sql is not None else None
        if sql is None:
            return list(queryset)
    compiled = _compiled[key]
    if compiled is None:
        return list(queryset_of())
    alias, sql = compiled
    with connections[alias].cursor() as cursor:
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
