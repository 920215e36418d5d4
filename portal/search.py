"""Chinese full-text search over the catalog in force (PublishedItem) and published publications.

Chinese has no spaces between words, so a query is matched as substrings: "低保" finds "城乡低保对象",
and several words separated by spaces must all occur. One module, two backends chosen by
``connection.vendor``:

* **PostgreSQL** — ``icontains`` (``UPPER(col) LIKE UPPER('%词%')``), accelerated by GIN trigram indexes on
  ``UPPER(col)`` (migration ``participation.0002_search_trigram``, pg_trgm). A trigram index needs three
  characters, so a two-character word (低保, 拆迁) scans the rows instead; at district scale (thousands of
  rows) that is a few milliseconds. Candidates are pre-ordered by trigram word similarity so the cap keeps
  the best.
* **SQLite** (the embedded default) — the same ``icontains``, candidates pre-ordered by recency.

Ranking is then the same on both, in Python over a capped candidate set: a hit in a title (or item name)
weighs ten hits in the body, and more hits rank higher. Highlighting escapes the text first and then wraps
each hit in ``<mark>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from catalog import selectors as catalog_selectors
from catalog.filters import PublishedItemFilter

from . import selectors

MAX_TERMS = 5
MAX_TERM_LEN = 40
CANDIDATES = 300
TITLE_WEIGHT = 10
SNIPPET = 90


def parse_query(q: str) -> list[str]:
    """The distinct words of a query (split on spaces, full-width too), longest first, capped."""
    terms = []
    for word in re.split(r"[\s\u3000,，;；]+", (q or "").strip()):
        word = word[:MAX_TERM_LEN]
        if word and word.lower() not in {t.lower() for t in terms}:
            terms.append(word)
    return sorted(terms[:MAX_TERMS], key=len, reverse=True)


def _all_terms(fields: tuple[str, ...], terms: list[str]) -> Q:
    q = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        q &= any_field
    return q


class Backend:
    vendor = "sqlite"

    def filter(self, qs, fields, terms):
        return qs.filter(_all_terms(fields, terms))

    def preorder(self, qs, fields, terms, fallback):
        return qs.order_by(*fallback)


class PostgresBackend(Backend):
    vendor = "postgresql"

    def preorder(self, qs, fields, terms, fallback):
        long_terms = [t for t in terms if len(t) >= 3]
        if not long_terms:
            return qs.order_by(*fallback)
        from django.contrib.postgres.search import TrigramWordSimilarity

        score = TrigramWordSimilarity(long_terms[0], fields[0])
        return qs.annotate(_sim=score).order_by("-_sim", *fallback)


def backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else Backend()


def count_hits(text: str, terms: list[str]) -> int:
    if not text:
        return 0
    low = text.lower()
    return sum(low.count(t.lower()) for t in terms)


def _pattern(terms):
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, each hit wrapped in <mark>."""
    if not text:
        return mark_safe("")
    if not terms:
        return escape(text)
    out, last = [], 0
    for m in _pattern(terms).finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, terms: list[str], width: int = SNIPPET) -> SafeString:
    """A window of ``text`` around its first hit, highlighted."""
    text = re.sub(r"\s+", " ", text or "").strip()
    m = _pattern(terms).search(text) if terms else None
    start = max(0, (m.start() if m else 0) - width // 3)
    part = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(part, terms) + suffix)


@dataclass
class Hit:
    kind: str  # "item" or "publication"
    obj: object
    title: SafeString
    snippet: SafeString
    score: int
    url: str
    meta: dict = field(default_factory=dict)


@dataclass
class Filters:
    field: str = ""
    unit: str = ""
    tier: str = ""
    year: int | None = None
    validity: str = ""

    @property
    def publications_only(self) -> bool:
        return bool(self.year or self.validity)


def shared_filter(filterset_class, queryset, values: dict):
    """Filter through the same FilterSet the API uses; an unknown choice filters nothing rather than failing."""
    data = {name: value for name, value in values.items() if value not in (None, "")}
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        data = {name: value for name, value in data.items() if name not in filterset.errors}
        filterset = filterset_class(data=data, queryset=queryset)
    return filterset.qs


def search_items(terms, filters: Filters, be: Backend) -> list[Hit]:
    if filters.publications_only:
        return []
    qs = shared_filter(
        PublishedItemFilter, catalog_selectors.public_items(), {"domain": filters.field, "tier": filters.tier}
    )
    if filters.unit and selectors.has_publishing():
        from publishing.models import Obligation

        qs = qs.filter(
            item_id__in=Obligation.objects.active().filter(unit__code=filters.unit).values("item_id")
        )
    qs = be.filter(qs, ("name", "search_text"), terms)
    rows = list(be.preorder(qs, ("name", "search_text"), terms, ("position",))[:CANDIDATES])
    hits = []
    for e in rows:
        score = TITLE_WEIGHT * count_hits(e.name, terms) + count_hits(e.search_text, terms)
        hits.append(
            Hit(
                "item",
                e,
                highlight(e.name, terms),
                snippet(e.search_text, terms),
                score,
                f"/items/{e.code}/",
                {"domain": e.domain.name},
            )
        )
    return hits


def search_publications(terms, filters: Filters, be: Backend) -> list[Hit]:
    qs = selectors.published_publications()
    if qs is None:
        return []
    from publishing.filters import PublicationFilter

    qs = shared_filter(
        PublicationFilter,
        qs,
        {
            "domain": filters.field,
            "unit": filters.unit,
            "tier": filters.tier,
            "year": filters.year,
            "validity": filters.validity,
        },
    )
    qs = be.filter(qs, ("title", "body"), terms)
    rows = list(be.preorder(qs, ("title", "body"), terms, ("-published_at", "-id"))[:CANDIDATES])
    hits = []
    for p in rows:
        body = strip_tags(p.body)
        score = TITLE_WEIGHT * count_hits(p.title, terms) + count_hits(body, terms)
        hits.append(
            Hit(
                "publication",
                p,
                highlight(p.title, terms),
                snippet(body, terms),
                score,
                f"/publications/{p.index_number}/",
                {"unit": p.unit.display_name, "date": p.published_at},
            )
        )
    return hits


def search(q: str, filters: Filters | None = None) -> tuple[list[str], list[Hit]]:
    """The query's words and the ranked hits (items and publications together). Fixed number of queries."""
    terms = parse_query(q)
    if not terms:
        return [], []
    filters = filters or Filters()
    be = backend()
    hits = search_items(terms, filters, be) + search_publications(terms, filters, be)
    hits.sort(key=lambda h: (-h.score, h.kind != "publication"))
    return terms, hits
