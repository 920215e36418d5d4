"""Searching: parse a citizen's query, match it in the index, rank, highlight, count facets, suggest.

``parse`` turns 拆迁补偿 into groups that must all match (拆迁补偿 as its words), each group a choice of
alternatives from the office's dictionary (拆迁补偿 | 征收补偿 | 房屋征收补偿), pinyin and initials mapped to
words (dibao, db → 低保), traditional characters folded. Ranking: the backend's weighted term frequency
(title > 文号 > item > body), times a recency factor. A page runs a fixed number of queries.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import DocumentKind, SearchDocument, ZeroResultQuery
from . import genres, synonyms, text
from .backends import backend

MAX_WORDS = 6
MAX_QUERY = 100
CANDIDATES = 400
PER_PAGE = 20
SNIPPET = 110
HALF_LIFE_DAYS = 365 * 2
FACETS = ("field", "unit", "tier", "year", "genre", "validity")
FACET_COLUMNS = {"kind": "kind", "field": "field_code", "unit": "unit_code", "year": "year", "genre": "genre"}
FACET_LIMIT = 12


@dataclass
class ParsedQuery:
    raw: str
    words: list[str]
    groups: list[list[list[str]]]
    expansions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def highlight_terms(self) -> list[str]:
        terms = {t for group in self.groups for alt in group for t in alt}
        terms |= {alt_word for alts in self.expansions.values() for alt_word in alts}
        return sorted(terms, key=len, reverse=True)


def _atoms(word: str) -> list[str]:
    """The tokens one alternative must all match: short words whole, long words as their parts
    (最低生活保障 → 最低 生活 保障), so a document that writes the words apart is found too."""
    if len(word) <= 3 or text.is_latin(word):
        return [word]
    parts = [t for t in text.tokens(word) if t != word]
    minimal = [t for t in dict.fromkeys(parts) if not any(o != t and o in t for o in parts)]
    return minimal or [word]


def parse(q: str) -> ParsedQuery:
    raw = (q or "").strip()[:MAX_QUERY]
    dictionary = synonyms.current()
    words: list[str] = []
    for chunk in re.split(r"\s+", text.normalize(raw)):
        for word in text.query_words(chunk):
            if word not in words:
                words.append(word)
    words = words[:MAX_WORDS]
    groups, expansions = [], {}
    for word in words:
        alternatives = dictionary.alternatives(word)
        if text.is_latin(word):
            alternatives += dictionary.from_pinyin(word)
        expansions[word] = alternatives
        groups.append([_atoms(alt) for alt in dict.fromkeys(alternatives)])
    return ParsedQuery(raw, words, groups, expansions)


@dataclass
class Filters:
    field: str = ""
    unit: str = ""
    tier: str = ""
    year: int | None = None
    genre: str = ""
    validity: str = ""
    kind: str = ""

    def apply(self, qs):
        if self.field:
            qs = qs.filter(field_code=self.field)
        if self.unit:
            qs = qs.filter(unit_code=self.unit)
        if self.tier:
            qs = qs.filter(tiers__contains=f" {self.tier} ")
        if self.year:
            qs = qs.filter(year=self.year)
        if self.genre:
            qs = qs.filter(genre=self.genre)
        if self.validity:
            qs = qs.filter(validity=self.validity)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        return qs

    @property
    def active(self) -> bool:
        return any((self.field, self.unit, self.tier, self.year, self.genre, self.validity, self.kind))


@dataclass
class Hit:
    doc: SearchDocument
    score: float
    title: SafeString
    snippet: SafeString


@dataclass
class Result:
    query: ParsedQuery
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, str, int]]]
    suggestions: dict[str, list] = field(default_factory=dict)


# -- ranking and highlighting -----------------------------------------------------------------------------
def recency(date: datetime | None, now: datetime) -> float:
    """1.0 for today, halving every HALF_LIFE_DAYS, never below 0.5; undated records (the catalog) 0.8."""
    if date is None:
        return 0.8
    age = max((now - date).days, 0)
    return 0.5 + 0.5 * math.pow(0.5, age / HALF_LIFE_DAYS)


def _pattern(terms: list[str]):
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def highlight(value: str, terms: list[str]) -> SafeString:
    """``value`` HTML-escaped first, then each hit wrapped in <mark>."""
    pattern = _pattern(terms)
    folded = text.normalize(value or "")
    if pattern is None or len(folded) != len(value or ""):
        return escape(value or "")
    out, last = [], 0
    for m in pattern.finditer(folded):
        out.append(escape(value[last : m.start()]))
        out.append(f"<mark>{escape(value[m.start() : m.end()])}</mark>")
        last = m.end()
    out.append(escape(value[last:]))
    return mark_safe("".join(out))


def snippet(value: str, terms: list[str], width: int = SNIPPET) -> SafeString:
    value = " ".join((value or "").split())
    pattern = _pattern(terms)
    m = pattern.search(text.normalize(value)) if pattern else None
    start = max(0, (m.start() if m else 0) - width // 3)
    part = value[start : start + width]
    return mark_safe(
        ("…" if start else "") + highlight(part, terms) + ("…" if start + width < len(value) else "")
    )


def _label(name: str, value, label) -> str:
    if name == "genre":
        return genres.label(value)
    if name == "kind":
        return str(DocumentKind(value).label) if value in DocumentKind.values else str(value)
    return str(label)


# -- facets ---------------------------------------------------------------------------------------------
def facet_counts(qs) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet over the matching documents: four grouped queries and one for the
    tier and validity counts, whatever the data size."""
    facets: dict[str, list] = {}
    labels = {"field": "field_name", "unit": "unit_name"}
    for name, column in FACET_COLUMNS.items():
        label_col = labels.get(name, column)
        rows = (
            qs.exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""} if name != "year" else {})
            .order_by()
            .values(column, label_col)
            .annotate(n=Count("id"))
            .order_by("-n", column)[:FACET_LIMIT]
        )
        facets[name] = [
            (
                str(r[column]),
                _label(name, r[column], r[label_col]),
                r["n"],
            )
            for r in rows
        ]
    from organizations.models import Tier

    from .. import selectors

    validity_choices = selectors.validity_choices()
    counts = qs.order_by().aggregate(
        **{f"tier_{t}": Count("id", filter=Q(tiers__contains=f" {t} ")) for t in Tier.values},
        **{f"validity_{v}": Count("id", filter=Q(validity=v)) for v, _l in validity_choices},
    )
    facets["tier"] = [
        (t, str(label), counts[f"tier_{t}"]) for t, label in Tier.choices if counts[f"tier_{t}"]
    ]
    facets["validity"] = [
        (v, str(label), counts[f"validity_{v}"]) for v, label in validity_choices if counts[f"validity_{v}"]
    ]
    if facets.get("year"):
        facets["year"].sort(key=lambda row: row[0], reverse=True)
    return facets


# -- suggestions for an empty result ----------------------------------------------------------------------
def suggestions(parsed: ParsedQuery) -> dict[str, list]:
    """Nearest dictionary words (sharing a character or a pinyin key with the query) and the fields."""
    from domains.models import Domain

    dictionary = synonyms.current()
    chars = set("".join(w for w in parsed.words if not text.is_latin(w)))
    keys = {k for w in parsed.words for k in (text.pinyin_keys(w) if not text.is_latin(w) else (w,))}
    near = []
    for group in dictionary.groups:
        close = any(len(set(w) & chars) >= min(2, len(chars)) for w in group if chars)
        if close or any(k in keys for w in group for k in text.pinyin_keys(w)):
            near.append(group[0])
    near = [w for w in dict.fromkeys(near) if w not in parsed.words][:8]
    fields = list(Domain.objects.active().order_by("order", "id").values_list("code", "name"))
    return {"words": near, "fields": fields, "separate": parsed.words if len(parsed.words) > 1 else []}


def log_zero(parsed: ParsedQuery) -> None:
    """Count a query that found nothing (normalized), for the office."""
    key = " ".join(parsed.words)[:100] or parsed.raw[:100]
    if not key:
        return
    updated = ZeroResultQuery.objects.filter(query=key).update(
        count=F("count") + 1, last_seen=timezone.now(), resolved=False
    )
    if not updated:
        ZeroResultQuery.objects.get_or_create(query=key)


# -- the search -----------------------------------------------------------------------------------------
def matching(parsed: ParsedQuery, filters: Filters | None = None):
    """The documents matching a parsed query (a QuerySet, unranked), or None for an empty query."""
    be = backend()
    expression = be.expression(parsed.groups)
    if not expression:
        return None
    return be.match((filters or Filters()).apply(SearchDocument.objects.all()), expression)


def ranked_hits(parsed: ParsedQuery, filters: Filters) -> list[Hit]:
    be = backend()
    expression = be.expression(parsed.groups)
    qs = be.ranked(filters.apply(SearchDocument.objects.all()), expression)
    now = timezone.now()
    terms = parsed.highlight_terms
    hits = [
        Hit(
            doc,
            doc.text_score * recency(doc.date, now),
            highlight(doc.title, terms),
            snippet(doc.summary, terms),
        )
        for doc in qs.defer("title_seg", "docno_seg", "item_seg", "body_seg")[:CANDIDATES]
    ]
    hits.sort(key=lambda h: (-h.score, -(h.doc.date.timestamp() if h.doc.date else 0), -h.doc.pk))
    return hits


def search(q: str, filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE) -> Result:
    filters = filters or Filters()
    parsed = parse(q)
    qs = matching(parsed, filters)
    if qs is None:
        return Result(parsed, [], 0, 1, 0, {})
    total = qs.count()
    if total == 0:
        return Result(parsed, [], 0, 1, 0, {}, suggestions(parsed))
    hits = ranked_hits(parsed, filters)
    pages = max(1, math.ceil(min(total, len(hits)) / per_page))
    page = min(max(page, 1), pages)
    return Result(
        parsed,
        hits[(page - 1) * per_page : page * per_page],
        total,
        page,
        pages,
        facet_counts(qs),
    )
