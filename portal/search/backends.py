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

from django.db import connection

#: Column weights: title, 文号, item, body (PostgreSQL ts_rank takes {D, C, B, A}).
WEIGHTS = (10.0, 5.0, 3.0, 1.0)
PG_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"

Groups = list[list[list[str]]]


def _clean(token: str) -> str:
    return "".join(ch for ch in token if ch.isalnum() or ch == "_")


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


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
