"""Indexes for the public reads at scale (issue 17), checked with EXPLAIN ANALYZE at 1,059 units and 200,000
publications:

* ``publication_public_latest`` (published_at DESC, id DESC) WHERE published — home, feeds, the sitemap, the
  big screen and the search's recency order read the newest public records from it instead of sorting the table;
* ``publication_public_unit_latest`` (unit, published_at DESC, id DESC) WHERE published — a unit's page and feed;
* ``publication_public_formed`` (formed_on DESC, id DESC) WHERE published — the API's default ordering;
* ``publication_public_id_published`` (id, published_at) WHERE published — the newest records of an item (field,
  item and publication pages) from the index alone, without reading the rows (bodies) first;
* ``fulfilment_obligation_publication`` (obligation, publication) — an item's obligations to their records
  from the index alone.

Partial indexes (``WHERE status = 'published'``) in plain SQL, the same on PostgreSQL and SQLite; they are not
declared on the models, so the model state (and ``makemigrations --check``) is unchanged.
"""

from django.db import migrations

INDEXES = [
    ("publication_public_latest", "publishing_publication", "published_at DESC, id DESC", True),
    ("publication_public_unit_latest", "publishing_publication", "unit_id, published_at DESC, id DESC", True),
    ("publication_public_formed", "publishing_publication", "formed_on DESC, id DESC", True),
    ("publication_public_id_published", "publishing_publication", "id, published_at", True),
    ("fulfilment_obligation_publication", "publishing_fulfilment", "obligation_id, publication_id", False),
]

CREATE = [
    f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"
    + (" WHERE status = 'published'" if partial else "")
    for name, table, columns, partial in INDEXES
]
DROP = [f"DROP INDEX IF EXISTS {name}" for name, _table, _columns, _partial in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_desk_notices_deadline_summary")]

    operations = [migrations.RunSQL(CREATE, DROP)]
