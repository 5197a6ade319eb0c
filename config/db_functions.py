"""Database functions Django lacks, written for both PostgreSQL and SQLite."""

from __future__ import annotations

from django.db.models import DateField, Func


class AddDays(Func):
    """``date + days`` as a date, where ``days`` is an integer column or expression."""

    arity = 2
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date + integer is a date.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="date(%(expressions)s || ' days')", arg_joiner=", '+' || ", **extra_context
        )
