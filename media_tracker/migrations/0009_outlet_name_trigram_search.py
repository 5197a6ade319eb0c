from django.db import migrations


def create_trigram_index(apps, schema_editor):
    # The outlet type-ahead's "name contains" (UPPER(name::text) LIKE ...). PostgreSQL only.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "outlet_name_trgm_idx" ON "media_tracker_outlet" '
        'USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('DROP INDEX IF EXISTS "outlet_name_trgm_idx"')


class Migration(migrations.Migration):
    dependencies = [("media_tracker", "0008_mention_newest_first_indexes")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
