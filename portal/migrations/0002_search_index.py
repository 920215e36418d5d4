"""The search index proper, on top of the SearchDocument table (0001).

PostgreSQL: ``vector``, a stored generated tsvector of the segmented columns (weights A–D) with a GIN index;
the ``simple`` configuration only splits on the spaces the segmenter put in. SQLite: an FTS5 table over the
same columns (external content), kept in step with the table by triggers. Then the seed of the office's
synonym dictionary.
"""

from django.db import migrations

PG_CREATE = [
    """ALTER TABLE portal_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title_seg, '')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(docno_seg, '')), 'B') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(item_seg, '')), 'C') ||
        setweight(to_tsvector('simple'::regconfig, coalesce(body_seg, '')), 'D')
    ) STORED""",
    "CREATE INDEX portal_searchdoc_vector ON portal_searchdocument USING gin (vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS portal_searchdoc_vector",
    "ALTER TABLE portal_searchdocument DROP COLUMN IF EXISTS vector",
]
COLS = "title_seg, docno_seg, item_seg, body_seg"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE portal_searchfts USING fts5({COLS}, content='portal_searchdocument',
        content_rowid='id', tokenize='unicode61')""",
    f"""CREATE TRIGGER portal_searchdoc_ai AFTER INSERT ON portal_searchdocument BEGIN
        INSERT INTO portal_searchfts(rowid, {COLS})
        VALUES (new.id, new.title_seg, new.docno_seg, new.item_seg, new.body_seg); END""",
    f"""CREATE TRIGGER portal_searchdoc_ad AFTER DELETE ON portal_searchdocument BEGIN
        INSERT INTO portal_searchfts(portal_searchfts, rowid, {COLS})
        VALUES ('delete', old.id, old.title_seg, old.docno_seg, old.item_seg, old.body_seg); END""",
    f"""CREATE TRIGGER portal_searchdoc_au AFTER UPDATE ON portal_searchdocument BEGIN
        INSERT INTO portal_searchfts(portal_searchfts, rowid, {COLS})
        VALUES ('delete', old.id, old.title_seg, old.docno_seg, old.item_seg, old.body_seg);
        INSERT INTO portal_searchfts(rowid, {COLS})
        VALUES (new.id, new.title_seg, new.docno_seg, new.item_seg, new.body_seg); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS portal_searchdoc_au",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ad",
    "DROP TRIGGER IF EXISTS portal_searchdoc_ai",
    "DROP TABLE IF EXISTS portal_searchfts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def seed_synonyms(apps, schema_editor):
    from portal.search.synonyms import seed_if_empty

    seed_if_empty(apps.get_model("portal", "SynonymGroup"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
        ),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
    ]
