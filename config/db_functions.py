"""Database functions Django lacks, written for both PostgreSQL and SQLite."""

from __future__ import annotations

import unicodedata

from django.db.models import BooleanField, DateField, F, FloatField, Func, TextField


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


# --- Folded text for the search -------------------------------------------------------------
# ``parley_fold(text)``: lower case, accents and Arabic vowel marks dropped, so "Jose" finds "José"
# and "sahakyan" finds "Sahakyan". On PostgreSQL it is an IMMUTABLE SQL function over unaccent
# (created by campaigns/migrations/0007, so expression indexes can use it); on SQLite the same name
# is a Python function registered on every connection (``register_sqlite_functions``).

FOLD_FUNCTION = "parley_fold"
# Arabic tashkeel (fathatan .. sukun), combining hamzas and madda, superscript alef and tatweel:
# unaccent leaves them (the SQL function also turns alef with hamza or madda into a bare alef, which
# NFKD does here by decomposing them).
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640"


def fold_text(text: str | None) -> str | None:
    """The Python twin of ``parley_fold``: lower case, without combining marks or Arabic vowel marks."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in ARABIC_MARKS)
    return unicodedata.normalize("NFC", kept)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection ``parley_fold`` (connected to ``connection_created``)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)


class Fold(Func):
    """``parley_fold(expression)``: text folded for searching (see above)."""

    function = FOLD_FUNCTION
    arity = 1
    output_field = TextField()


def joined(*parts) -> Func:
    """``a || ' ' || b ...`` of fields (names) or expressions: the text the search indexes were built
    on, written the same way so that the database uses them."""
    expressions = [F(part) if isinstance(part, str) else part for part in parts]
    return Func(*expressions, template="%(expressions)s", arg_joiner=" || ' ' || ", output_field=TextField())


class WordSimilarity(Func):
    """pg_trgm's ``word_similarity(query, text)`` (0..1); SQLite has no trigrams: 0, so ties fall to the next key."""

    function = "word_similarity"
    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "0.0", []


class TextMatch(Func):
    """``document`` holds every word of ``tsquery`` (word prefixes): PostgreSQL's full-text search,
    ``'simple'`` configuration, over the folded document (the expression of the search indexes)."""

    arity = 2
    output_field = BooleanField()
    sql_template = (
        "to_tsvector('simple'::regconfig, parley_fold({document})) @@ to_tsquery('simple'::regconfig, {query})"
    )

    def as_sql(self, compiler, connection, **extra_context):
        document, query = self.get_source_expressions()
        document_sql, document_params = compiler.compile(document)
        query_sql, query_params = compiler.compile(query)
        return self.sql_template.format(document=document_sql, query=query_sql), (*document_params, *query_params)


class TextRank(TextMatch):
    """``ts_rank`` of ``document`` for ``tsquery`` (PostgreSQL); 0 on SQLite."""

    output_field = FloatField()
    sql_template = (
        "ts_rank(to_tsvector('simple'::regconfig, parley_fold({document})), to_tsquery('simple'::regconfig, {query}))"
    )

    def as_sqlite(self, compiler, connection, **extra_context):
        return "0.0", []


class JsonText(Func):
    """A JSON list of strings as text: ``jsonb::text`` on PostgreSQL (the search index's expression);
    on SQLite its items joined, since SQLite stores non-ASCII characters as ``\\uXXXX`` escapes."""

    arity = 1
    output_field = TextField()
    template = "(%(expressions)s)::text"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="coalesce((SELECT group_concat(value, ' ') FROM json_each(%(expressions)s)), '')",
            **extra_context,
        )
