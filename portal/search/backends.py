"""The two index backends over the same segmented columns of ``SearchDocument``.

* PostgreSQL: ``vector``, a stored generated ``tsvector`` (config ``simple``: the text is already
  segmented) with weights A title, B 文号, C item, D body, and a GIN index; queries are ``to_tsquery`` with
  ``&`` and ``|``, ranked by ``ts_rank`` (weighted term frequency).
* SQLite: ``portal_searchfts``, an FTS5 table over the four columns (external content, kept in step by
  triggers), ranked by ``bm25`` with the same weights.

Both are created by migration ``portal.0001_search``. A query is a conjunction of groups, each group a
disjunction of alternatives, each alternative a conjunction of tokens (see ``engine.parse``).
"""

from __future__ import annotations

import unicodedata

from django.db import connection

#: Column weights: title, 文号, item, body (PostgreSQL ts_rank takes {D, C, B, A}).
WEIGHTS = (10.0, 5.0, 3.0, 1.0)
PG_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"

Groups = list[list[list[str]]]


def _clean(token: str) -> str:
    # Tibetan vowel signs and subjoined letters are combining marks (Mn/Mc): part of the syllable
    return "".join(
        ch for ch in token if ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")
    )


class SQLiteBackend:
    vendor = "sqlite"
    table = "portal_searchfts"

    def expression(self, groups: Groups) -> str:
        parts = []
        for group in groups:
            alts = []
            for alt in group:
                tokens = [f'"{_clean(t)}"' for t in alt if _clean(t)]
                if tokens:
                    alts.append("(" + " AND ".join(tokens) + ")")
            if alts:
                parts.append("(" + " OR ".join(alts) + ")")
        return " AND ".join(parts)

    def match(self, qs, expression: str):
        return qs.extra(
            where=[
                f"portal_searchdocument.id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
            ],
            params=[expression],
        )

    def scored(self, qs, expression: str):
        """The matches with ``text_score``: bm25 with the column weights (negated: higher is better)."""
        weights = ", ".join(str(w) for w in WEIGHTS)
        return qs.extra(
            tables=[self.table],
            where=[f"{self.table}.rowid = portal_searchdocument.id", f"{self.table} MATCH %s"],
            params=[expression],
            select={"text_score": f"-bm25({self.table}, {weights})"},
        )


class PostgresBackend:
    vendor = "postgresql"

    def expression(self, groups: Groups) -> str:
        parts = []
        for group in groups:
            alts = []
            for alt in group:
                tokens = [f"'{_clean(t)}'" for t in alt if _clean(t)]
                if tokens:
                    alts.append("(" + " & ".join(tokens) + ")")
            if alts:
                parts.append("(" + " | ".join(alts) + ")")
        return " & ".join(parts)

    def match(self, qs, expression: str):
        return qs.extra(
            where=["portal_searchdocument.vector @@ to_tsquery('simple', %s)"], params=[expression]
        )

    def scored(self, qs, expression: str):
        """The matches with ``text_score``: ts_rank with the weights A–D (weighted term frequency)."""
        return self.match(qs, expression).extra(
            select={
                "text_score": f"ts_rank('{PG_WEIGHTS}'::float4[], portal_searchdocument.vector, "
                "to_tsquery('simple', %s))"
            },
            select_params=[expression],
        )


RECENCY_DAYS = 730  # the weight of a record halves (towards 0.5) every two years; undated records 0.8


class _PageInPython:
    def page(self, qs, expression: str, offset: int, limit: int) -> list[tuple[int, float]]:
        """(id, score) of the ranked window: weighted term frequency × recency, computed here."""
        import heapq

        from django.utils import timezone

        from .engine import recency

        now = timezone.now()
        rows = self.scored(qs, expression).order_by().values_list("id", "date", "text_score")
        scores = [
            (float(score or 0) * recency(date, now), date.timestamp() if date else 0.0, pk)
            for pk, date, score in rows.iterator(chunk_size=5000)
        ]
        return [(pk, score) for score, _d, pk in heapq.nlargest(offset + limit, scores)[offset:]]


SQLiteBackend.page = _PageInPython.page


def _pg_page(self, qs, expression: str, offset: int, limit: int) -> list[tuple[int, float]]:
    """(id, score) of the ranked window, ranked by PostgreSQL: ts_rank × recency, top-N sorted."""
    final = (
        f"ts_rank('{PG_WEIGHTS}'::float4[], portal_searchdocument.vector, to_tsquery('simple', %s)) * "
        "(CASE WHEN portal_searchdocument.date IS NULL THEN 0.8 ELSE 0.5 + 0.5 * power(0.5, "
        "GREATEST(EXTRACT(EPOCH FROM (now() - portal_searchdocument.date)), 0) / 86400.0 "
        f"/ {RECENCY_DAYS}) END)"
    )
    rows = (
        self.match(qs, expression)
        .extra(select={"final_score": final}, select_params=[expression])
        .order_by("-final_score", "-date", "-id")
        .values_list("id", "final_score")[offset : offset + limit]
    )
    return [(pk, float(score)) for pk, score in rows]


PostgresBackend.page = _pg_page


def _pool_in_python(self, qs, expression: str, size: int) -> list[tuple[int, float, float]]:
    """(id, score, date as a timestamp) of the newest ``size`` matches (undated first), scored here."""
    from django.db.models import F
    from django.utils import timezone

    from .engine import recency

    now = timezone.now()
    rows = (
        self.scored(qs, expression)
        .order_by(F("date").desc(nulls_first=True), "-id")
        .values_list("id", "date", "text_score")[:size]
    )
    return [
        (pk, float(score or 0) * recency(date, now), date.timestamp() if date else 0.0)
        for pk, date, score in rows
    ]


SQLiteBackend.pool = _pool_in_python


def _sqlite_estimate(self, qs, cap: int) -> int:
    """SQLite has no planner estimate: a count that stops at ``cap``."""
    return qs.order_by().values("pk")[:cap].count()


SQLiteBackend.estimate = _sqlite_estimate

FINAL_SCORE = (
    f"ts_rank('{PG_WEIGHTS}'::float4[], portal_searchdocument.vector, to_tsquery('simple', %s)) * "
    "(CASE WHEN portal_searchdocument.date IS NULL THEN 0.8 ELSE 0.5 + 0.5 * power(0.5, "
    "GREATEST(EXTRACT(EPOCH FROM (now() - portal_searchdocument.date)), 0) / 86400.0 "
    f"/ {RECENCY_DAYS}) END)"
)


def _pg_pool(self, qs, expression: str, size: int) -> list[tuple[int, float, float]]:
    """(id, score, date as a timestamp) of the newest ``size`` matches (undated first), scored by PostgreSQL
    in the same query: the date index is walked newest first and stops at ``size`` (a rare word is read
    from the GIN index instead), and ts_rank runs only on the rows returned."""
    from django.db.models import F

    rows = (
        self.match(qs, expression)
        .extra(
            select={"final_score": FINAL_SCORE, "stamp": "EXTRACT(EPOCH FROM portal_searchdocument.date)"},
            select_params=[expression],
        )
        .order_by(F("date").desc(nulls_first=True), "-id")
        .values_list("id", "final_score", "stamp")[:size]
    )
    return [(pk, float(score), float(stamp or 0)) for pk, score, stamp in rows]


def _pg_estimate(self, qs, cap: int) -> int:
    """The planner's estimate of the number of matches (EXPLAIN, nothing read)."""
    import json

    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


PostgresBackend.pool = _pg_pool
PostgresBackend.estimate = _pg_estimate

TIERS = ("district", "street", "community")
FACET_SQL = """WITH m AS MATERIALIZED ({inner})
SELECT 'kind', kind, '', COUNT(*) FROM m GROUP BY kind
UNION ALL SELECT 'field', field_code, MAX(field_name), COUNT(*) FROM m WHERE field_code <> '' GROUP BY field_code
UNION ALL SELECT 'unit', unit_code, MAX(unit_name), COUNT(*) FROM m WHERE unit_code <> '' GROUP BY unit_code
UNION ALL SELECT 'year', CAST(year AS TEXT), '', COUNT(*) FROM m WHERE year IS NOT NULL GROUP BY year
UNION ALL SELECT 'genre', genre, '', COUNT(*) FROM m WHERE genre <> '' GROUP BY genre
UNION ALL SELECT 'validity', validity, '', COUNT(*) FROM m WHERE validity <> '' GROUP BY validity
{tiers}"""


def facet_rows(qs) -> list[tuple[str, str, str, int]]:
    """(facet, value, label, count) over the matching documents, aggregated by the database in one query that
    reads the matches once (a materialized CTE), whatever their number."""
    from django.db import connection as conn

    inner, params = (
        qs.order_by()
        .values_list(
            "kind", "field_code", "field_name", "unit_code", "unit_name", "tiers", "year", "genre", "validity"
        )
        .query.sql_with_params()
    )
    tiers = "\n".join(
        f"UNION ALL SELECT 'tier', '{t}', '', COUNT(*) FROM m WHERE tiers LIKE '%% {t} %%'" for t in TIERS
    )
    with conn.cursor() as cursor:
        cursor.execute(FACET_SQL.format(inner=inner, tiers=tiers), params)
        return [(f, v, label, n) for f, v, label, n in cursor.fetchall() if n]


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
