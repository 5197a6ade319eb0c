"""A page of an API list: its SQL compiled by the ORM once per shape of the query, then run with the
page's own values.

Django compiles a queryset to SQL each time it runs: for the page of an API list of 50 mentions with
their articles, a quarter of a millisecond, a twentieth of the request. The pages of a list differ in
their values (the caller's campaigns, the cursor's position, a filter's value), rarely in their shape.

``reusing(queryset)`` gives a queryset whose query, when it is run as a plain select of model rows,
is compiled once per *shape*: the model, the joins, the columns read, the ordering, the slice, and
each condition of its WHERE clause with its lookup, its column and the kind of its value (a list's
length once repeated values are dropped, as ``__in`` drops them; the value itself when it is True,
False or None, which change the SQL). Later runs of the same shape send the kept SQL with their own
values, in the order of the WHERE clause, which is the order the compiler puts them in.

Anything else is compiled by Django as always: a query with annotations, extra SQL, a subquery, a
value of another kind (a model, an expression, a naive date and time), an attribute of the query
this module does not know (a newer Django's). A shape whose first SQL does not take exactly the
values of its WHERE clause, in order, as parameters (a lookup that changes its value: ``contains``
wraps it in ``%``) is never reused either.

With ``PARLEY_CHECK_REUSED_SQL`` on (the test suite's settings), each reuse is also compiled by
Django and must give the same SQL and parameters: every API list the tests read checks it.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.conf import settings
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, In, IsNull, Lookup
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from django.utils.datastructures import OrderedSet

# The attributes that make up a query's shape are SHAPED, at the end of this module.
# Attributes kept as the ORM builds them that change nothing in the SQL once the shape is known:
# lookup tables derived from the joins, caches, the prefix of new aliases, and the joins of the last
# filter (read only to build the subquery of an exclude).
IGNORED = frozenset(
    {"table_map", "used_aliases", "filter_is_sticky", "base_table", "subq_aliases", "alias_prefix", "_lookup_joins"}
)
# Attributes that may be present only with these values (those of a plain select of model rows).
PLAIN = {
    "external_aliases": {},
    "annotations": {},
    "extra": {},
    "_filtered_relations": {},
    "annotation_select_mask": None,
    "_annotation_select_cache": None,
    "extra_select_mask": None,
    "_extra_select_cache": None,
    "select": (),
    "values_select": (),
    "selected": None,
    "default_cols": True,
    "group_by": None,
    "distinct_fields": (),
    "extra_tables": (),
    "extra_order_by": (),
    "combinator": None,
    "combined_queries": (),
    "subquery": False,
    "explain_info": None,
    "select_for_update": False,
}
MAX_SHAPES = 500  # past this many, new shapes are compiled by Django each time (about 20 kB each kept)


class NotReusable(Exception):
    """The query has something this module does not reuse: Django compiles it."""


class ReusingQuery(Query):
    """A Query that hands out a compiler with its SQL already known, when its shape was seen."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        try:
            shape, values = _shape(self)
        except NotReusable:
            return compiler
        key = (compiler.connection.alias, elide_empty, shape)
        kept = _kept.get(key, _UNSEEN)
        if kept is _UNSEEN:
            if len(_kept) < MAX_SHAPES:
                _kept[key] = _keep(self, using, connection, elide_empty, values)
            return compiler
        if kept is None:
            return compiler
        first, sql = kept
        reused = copy.copy(first)  # what compiling this shape set up: the columns, the related rows
        reused.query, reused.connection = self, compiler.connection  # this thread's connection
        params = tuple(values)

        def as_sql(with_limits=True, with_col_aliases=False):
            if with_limits and not with_col_aliases:
                return sql, params
            return compiler.as_sql(with_limits, with_col_aliases)  # asked as a part of another query

        reused.as_sql = as_sql
        if getattr(settings, "PARLEY_CHECK_REUSED_SQL", False):
            own = Query.get_compiler(self.clone(), using, connection, elide_empty).as_sql()
            if own != (sql, params):
                raise AssertionError(f"reused SQL differs from Django's: {(sql, params)!r} != {own!r}")
        return reused


_UNSEEN = object()
# (database alias, elide_empty, shape) -> (the first compiler of that shape, its SQL), or None for a
# shape compiled each time.
_kept: dict[tuple, tuple | None] = {}


def reusing(queryset):
    """``queryset``, with its SQL compiled once per shape when it is run as a select of model rows."""
    if type(queryset.query) is not Query:
        return queryset
    clone = queryset._chain()
    clone.query.__class__ = ReusingQuery
    return clone


def _keep(query, using, connection, elide_empty, values) -> tuple | None:
    """The first compiler of a shape and its SQL, when its parameters are exactly ``values``."""
    first = Query.get_compiler(query.clone(), using, connection, elide_empty)
    try:
        sql, params = first.as_sql()
    except Exception:  # noqa: BLE001 (nothing to select, say: Django answers it its own way)
        return None
    if list(params) != values:
        return None
    # Kept: what running and reading the rows use (the columns, the related rows, the connection's
    # features); not the query and its conditions, which hold this first page's values.
    first.query = first.where = first.having = first.qualify = None
    return first, sql


def _shape(query) -> tuple[tuple, list]:
    """(the query's shape, the values of its WHERE clause in order); NotReusable if it has anything
    else than a plain select of model rows with simple conditions."""
    for name, value in query.__dict__.items():
        if name not in SHAPED and name not in IGNORED and name != "where" and PLAIN.get(name, _UNSEEN) != value:
            raise NotReusable(name)
    shaped = [hashable(getattr(query, name)) for name, hashable in SHAPED.items()]
    values: list = []
    shaped.append(_condition(query.where, values))
    return tuple(shaped), values


def _join(join) -> tuple:
    if getattr(join, "filtered_relation", None) is not None:
        raise NotReusable("filtered relation")
    return (
        type(join),
        join.table_name,
        join.table_alias,
        getattr(join, "parent_alias", None),
        getattr(join, "join_type", None),
        getattr(join, "join_field", None),
        getattr(join, "nullable", None),
    )


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(inner)) for key, inner in value.items()))
    return value


def _condition(node, values: list):
    if type(node) is WhereNode:
        return (node.connector, node.negated, tuple(_condition(child, values) for child in node.children))
    if not isinstance(node, Lookup) or type(node.lhs) is not Col or node.bilateral_transforms:
        raise NotReusable(type(node).__name__)
    if not node.rhs_is_direct_value():
        raise NotReusable("expression")
    column = (node.lhs.alias, node.lhs.target, node.lhs.output_field)
    if isinstance(node, In):
        kept = OrderedSet(node.rhs)
        kept.discard(None)
        if not kept:
            raise NotReusable("empty list")
        kinds = tuple(_kind(value) for value in kept)
        values.extend(kept)
        return (type(node), column, kinds)
    kind = _kind(node.rhs)
    if not (isinstance(node.rhs, bool) and isinstance(node, IsNull | Exact)):
        # True and False are no parameter of an exact or isnull condition: they change the SQL
        values.append(node.rhs)
    return (type(node), column, kind)


def _kind(value):
    """What of a value changes the SQL: the value itself for True, False and None, else its type."""
    if value is None or isinstance(value, bool):
        return ("value", value)
    if type(value) is int:
        # Django leaves out a condition on an integer column with a value out of its range.
        return (int, -(2**31) <= value < 2**31)
    if type(value) in (str, dt.date):
        return type(value)
    if type(value) is dt.datetime and value.utcoffset() is not None:
        return dt.datetime
    raise NotReusable(type(value).__name__)


def _as_is(value):
    return value


def _ordering(order_by: tuple) -> tuple:
    if any(not isinstance(key, str) for key in order_by):
        raise NotReusable("an ordering by expression")
    return order_by


# The attributes of a Query that make up its shape (its WHERE clause apart: _condition), each with how
# it is made hashable.
SHAPED = {
    "model": _as_is,
    "alias_cols": _as_is,
    "alias_refcount": lambda refcount: tuple(sorted(refcount.items())),
    "alias_map": lambda joins: tuple((alias, _join(join)) for alias, join in joins.items()),
    "order_by": _ordering,
    "default_ordering": _as_is,
    "standard_ordering": _as_is,
    "select_related": _frozen,
    "max_depth": _as_is,
    "deferred_loading": lambda loading: (frozenset(loading[0]), loading[1]),
    "low_mark": _as_is,
    "high_mark": _as_is,
    "distinct": _as_is,
}
