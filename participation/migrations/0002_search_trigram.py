"""pg_trgm and GIN trigram indexes for the portal's search (PostgreSQL only; a no-op on SQLite).

Django's ``icontains`` on PostgreSQL compiles to ``UPPER(col::text) LIKE UPPER('%term%')``, so the indexes
are on ``UPPER(col)``: the planner uses them for terms of three characters or more. A two-character
Chinese word (低保, 拆迁) has no trigram and scans the table, which is fine at district scale.
"""
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("portal_trgm_item_name", "catalog_publisheditem", "name"),
    ("portal_trgm_item_text", "catalog_publisheditem", "search_text"),
    ("portal_trgm_pub_title", "publishing_publication", "title"),
    ("portal_trgm_pub_body", "publishing_publication", "body"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("catalog", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
