"""Drop the trigram indexes the old 0002 made on databases that applied it (PostgreSQL; no-op elsewhere).

The portal's search index (portal.0002_search_index) answers every query now; the pg_trgm extension
itself stays, as the deployment creates it.
"""

from django.db import migrations

INDEXES = ("portal_trgm_item_name", "portal_trgm_item_text", "portal_trgm_pub_title", "portal_trgm_pub_body")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_search_trigram")]

    operations = [migrations.RunPython(drop_indexes, migrations.RunPython.noop)]
