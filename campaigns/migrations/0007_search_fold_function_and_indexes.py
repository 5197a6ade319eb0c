"""The header search on PostgreSQL: unaccent and pg_trgm, the IMMUTABLE ``parley_fold(text)`` that
the search folds text with (unaccent itself is only STABLE, so no index could use it), and the
indexes the search's queries use. SQLite has ``parley_fold`` as a Python function on each
connection (config/db_functions.py) and needs nothing here."""

from django.db import migrations

# Arabic: alef with hamza above or below and alef with madda become a bare alef (as Python's NFKD
# decomposition does); tashkeel, the combining hamzas and madda, superscript alef and tatweel are
# dropped (unaccent leaves all of them).
ARABIC_ALEFS = "\u0623\u0625\u0622"
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE OR REPLACE FUNCTION parley_fold(text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT translate(lower(public.unaccent('public.unaccent'::regdictionary, $1)),
                               '{ARABIC_ALEFS}{ARABIC_MARKS}', '\u0627\u0627\u0627') $$""",
    # Contacts by any part of the name, pseudonym, email or name variants (substring, ranked by
    # trigram similarity): search_contact_trgm serves "parley_fold(<blob>) LIKE '%q%'".
    """CREATE INDEX IF NOT EXISTS search_contact_trgm ON outreach_contact USING gin (
        parley_fold(full_name || ' ' || pseudonym || ' ' || email || ' ' || name_variants::text) gin_trgm_ops)""",
    """CREATE INDEX IF NOT EXISTS search_organisation_trgm ON outreach_organisation
        USING gin (parley_fold(name) gin_trgm_ops)""",
    "CREATE INDEX IF NOT EXISTS search_outlet_trgm ON media_tracker_outlet USING gin (parley_fold(name) gin_trgm_ops)",
    # Interactions and articles by words (full text, 'simple' configuration, prefix queries).
    """CREATE INDEX IF NOT EXISTS search_interaction_fts ON outreach_interaction USING gin (
        to_tsvector('simple'::regconfig, parley_fold(summary || ' ' || next_step)))""",
    """CREATE INDEX IF NOT EXISTS search_article_fts ON media_tracker_article USING gin (
        to_tsvector('simple'::regconfig, parley_fold(title || ' ' || author)))""",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_article_fts",
    "DROP INDEX IF EXISTS search_interaction_fts",
    "DROP INDEX IF EXISTS search_outlet_trgm",
    "DROP INDEX IF EXISTS search_organisation_trgm",
    "DROP INDEX IF EXISTS search_contact_trgm",
    "DROP FUNCTION IF EXISTS parley_fold(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0006_merge_trust_with_results_media_email"),
        ("outreach", "0010_merge_trust_with_results_media_email"),
        ("media_tracker", "0007_exclusivity_breach_keeps_its_article"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
