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

``prepared(key, values, queryset_of)`` does the same for a query whose SQL has values in several
places, some derived by the ORM (a list of ids, the same date three times, constants beside them):
see its docstring.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
    compiled = _compiled_sql(queryset)
    if compiled is None:
        return None
    _alias, sql, params, converters = compiled
    return sql if list(params) == list(values) and not converters else None


# (key, shape of the values) -> (database alias, SQL, where each parameter comes from, the columns'
# converters), or None.
_prepared: dict[tuple, tuple[str, str, list[tuple], dict] | None] = {}
_CONSTANT = object()


def prepared(key: tuple, values: dict[str, object], queryset_of: Callable[..., QuerySet]) -> list[tuple]:
    """The rows of ``queryset_of(**values)``, a ``values_list`` queryset, compiled once per ``key``
    and shape of ``values`` (each list's length).

    The first time, the queryset is built with a stand-in for each value (an int, a date or a
    datetime no real row has), so that each parameter of its SQL is known as one of the values (or
    an element of a list) or a constant of the query. It is then built with the real values: when
    its SQL and parameters are not exactly those the stand-ins predict (a value the queryset derives
    another from, a value that changes the SQL's shape), the key is run as Django runs it, every
    time. Later runs send the kept SQL with their own values.
    ``values`` must hold everything the SQL depends on that is not in ``key``.
    """
    entry_key = (key, _shape(values))
    if entry_key not in _prepared:
        _prepared[entry_key] = _prepare(values, queryset_of)
    entry = _prepared[entry_key]
    if entry is None:
        return list(queryset_of(**values))
    alias, sql, sources, converters = entry
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [_parameter(source, values) for source in sources])
        rows = cursor.fetchall()
    if converters:  # as Django's compiler applies them (a count's int(), say)
        rows = [list(row) for row in rows]
        for row in rows:
            for position, (functions, expression) in converters.items():
                for function in functions:
                    row[position] = function(row[position], expression, connection)
        rows = [tuple(row) for row in rows]
    return rows


def _shape(values: dict) -> tuple:
    """What of the values changes the SQL: each list's length, each value's type."""
    return tuple((name, len(value) if isinstance(value, list) else type(value)) for name, value in values.items())


def _parameter(source: tuple, values: dict):
    name, index = source
    if name is _CONSTANT:
        return index
    return values[name] if index is None else values[name][index]


def _prepare(values: dict, queryset_of) -> tuple[str, str, list[tuple], dict] | None:
    serial = itertools.count(1)
    found: dict = {}  # stand-in -> (name, index in the list or None)
    stand_ins = {}
    for name, value in values.items():
        items = value if isinstance(value, list) else [value]
        marks = [_stand_in(item, next(serial)) for item in items]
        if any(mark is None for mark in marks):
            return None  # a value of a kind with no stand-in (None, a bool, a string)
        stand_ins[name] = marks if isinstance(value, list) else marks[0]
        found.update({mark: (name, index if isinstance(value, list) else None) for index, mark in enumerate(marks)})
    template = _compiled_sql(queryset_of(**stand_ins))
    real = _compiled_sql(queryset_of(**values))
    if template is None or real is None or template[0] != real[0] or template[1] != real[1]:
        return None
    alias, sql, params, converters = template
    sources = [found.get(param, (_CONSTANT, param)) if _markable(param) else (_CONSTANT, param) for param in params]
    if [_parameter(source, values) for source in sources] != list(real[2]):
        return None
    return alias, sql, sources, converters


def _markable(param) -> bool:
    return isinstance(param, (int, dt.date)) and not isinstance(param, bool)


def _stand_in(value, serial: int):
    """A value of the same kind that no real row holds, distinct for each ``serial``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return -(10**12) - serial
    if isinstance(value, dt.datetime):
        return dt.datetime(1001, 1, 1, tzinfo=value.tzinfo) + dt.timedelta(seconds=serial)
    if isinstance(value, dt.date):
        return dt.date(1001, 1, 1) + dt.timedelta(days=serial)
    return None


def _compiled_sql(queryset) -> tuple[str, str, tuple, dict] | None:
    compiler = queryset.query.clone().get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except Exception:  # noqa: BLE001 (an empty IN list and the like: Django runs it its own way)
        return None
    return (
        queryset.db,
        sql,
        tuple(params),
        compiler.get_converters([column for column, _sql, _alias in compiler.select]),
    )
