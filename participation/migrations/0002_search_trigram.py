"""Formerly: pg_trgm GIN indexes on catalog and publishing columns for the portal's old substring search.

Those indexes belonged to neither this app nor that search: the portal's own search index (a segmented
tsvector with a GIN index, portal.0002_search_index) replaced them. This migration is kept, empty, so
databases that applied it keep a consistent history; 0003 drops the indexes it made there.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("catalog", "0001_initial"),
        ("publishing", "0001_initial"),
    ]

    operations = []
