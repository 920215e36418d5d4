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

from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import DocumentKind, SearchDocument, ZeroResultQuery
from . import genres, synonyms, text
from .backends import backend, facet_rows

MAX_WORDS = 6
MAX_QUERY = 100
CANDIDATES = 400
#: The ranking and the facets read at most this many matches: the newest ones (catalog items and guides, which
#: carry no date, first). Below it every match is ranked and counted; above it the ranking runs over the pool.
POOL = 500
#: Where SQLite (no planner estimate) stops counting the matches of a word found in more than the pool.
COUNT_CAP = 10000
PER_PAGE = 20
SNIPPET = 110
HALF_LIFE_DAYS = 365 * 2
FACETS = ("field", "unit", "tier", "year", "genre", "validity")
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
            for chinese in dictionary.from_pinyin(word):
                alternatives += dictionary.alternatives(chinese)
        expansions[word] = alternatives
        groups.append([_atoms(alt) for alt in dict.fromkeys(alternatives)])
    return ParsedQuery(raw, words, groups, expansions)


def alternatives(q: str) -> list[list[str]]:
    """The words of ``q`` each with its alternatives, word first (the synonym dictionary, pinyin): what
    core.query_terms hands the apps below the portal (foi's "is it already public?" helper)."""
    return [list(alts) for alts in parse(q).expansions.values()]


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
    capped: bool = False  # ``total`` is an estimate (more matches than the pool)
    pooled: bool = False  # more matches than POOL: ranked and counted among the newest POOL

    @property
    def pool(self) -> int:
        return POOL


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


SNIPPET_SCAN = 600


def snippet(value: str, terms: list[str], width: int = SNIPPET) -> SafeString:
    """A window of ``width`` characters around the first hit, highlighted. The hit is looked for in the text
    as written first (most records are in simplified characters already), and only then in the normalized
    start of it (normalizing a whole summary costs more than the rest of a search page)."""
    value = " ".join((value or "").split())
    pattern = _pattern(terms)
    m = pattern.search(value) if pattern else None
    if pattern and m is None:
        m = pattern.search(text.normalize(value[:SNIPPET_SCAN]))
    start = max(0, (m.start() if m else 0) - width // 3)
    part = value[start : start + width]
    return mark_safe(
        ("…" if start else "") + highlight(part, terms) + ("…" if start + width < len(value) else "")
    )


# -- facets ----------------------------------------------------------------------------------------------


def _facets(counters, labels) -> dict[str, list[tuple[str, str, int]]]:
    from organizations.models import Tier

    from .. import selectors

    static = {
        "kind": dict(DocumentKind.choices),
        "tier": dict(Tier.choices),
        "validity": dict(selectors.validity_choices()),
    }
    facets = {}
    for name, counter in counters.items():
        rows = counter.most_common(FACET_LIMIT)
        if name == "year":
            rows.sort(reverse=True)
        facets[name] = [
            (
                value,
                str(
                    genres.label(value)
                    if name == "genre"
                    else static.get(name, {}).get(value) or labels.get((name, value), value)
                ),
                n,
            )
            for value, n in rows
        ]
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


#: What a citizen may type that is personal data, never kept in the zero-result log: an ID number (18 digits,
#: the last may be X; 15 digits), a mobile number (also written 138 0000 0000 or 138-0000-0000), a landline
#: (0571-88000000), any run of 11+ digits (bank cards), an e-mail address.
PERSONAL = re.compile(
    r"\d{17}[\dXx]|\d{11,}|1[3-9]\d[\s-]\d{4}[\s-]\d{4}|0\d{2,3}[\s-]\d{7,8}"
    r"|[\w.+-]+@[\w-]+(\.[\w-]+)+",
    re.ASCII,
)


def looks_personal(text: str) -> bool:
    """Whether a query looks like personal data (ID number, phone number, e-mail address)."""
    return bool(PERSONAL.search(text or ""))


def log_zero(parsed: ParsedQuery) -> None:
    """Count a query that found nothing (normalized), for the office; queries that look like personal data
    (an ID number, a phone number, an e-mail address typed into the search box) are not kept at all."""
    key = " ".join(parsed.words)[:100] or parsed.raw[:100]
    if not key or looks_personal(parsed.raw) or looks_personal(key):
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


def hits_of(parsed: ParsedQuery, scored) -> list[Hit]:
    """Highlighted hits for one page of scored documents."""
    terms = parsed.highlight_terms
    return [
        Hit(doc, score, highlight(doc.title, terms), snippet(doc.summary, terms)) for doc, score in scored
    ]


def facets_of(rows) -> tuple[int, dict[str, list[tuple[str, str, int]]]]:
    """The total and the facets from the database's (facet, value, label, count) rows."""
    from collections import Counter

    counters = {name: Counter() for name in ("kind", "field", "unit", "tier", "year", "genre", "validity")}
    labels: dict[tuple[str, str], str] = {}
    for facet, value, label, n in rows:
        counters[facet][value] += n
        if label:
            labels[(facet, value)] = label
    return sum(counters["kind"].values()), _facets(counters, labels)


def search(q: str, filters: Filters | None = None, page: int = 1, per_page: int = PER_PAGE) -> Result:
    """A page of ranked, highlighted hits, the total and the facets, in bounded work whatever the number of
    matches (three queries, four when the matches outnumber the pool):

    * the pool: the newest ``POOL`` matches (undated catalog items and guides first) with their scores, in one
      query that stops at ``POOL``; ranked here by score (ties: newer first), as the database would;
    * fewer than ``POOL``: they are every match, so the total and the facets are exact; else the total is the
      planner's estimate (shown as "about"), and the ranking and the facets are those of the pool;
    * the facets of the pool (the database's aggregate over the pool's ids), the window's documents.
    """
    parsed = parse(q)
    qs = matching(parsed, filters)
    if qs is None:
        return Result(parsed, [], 0, 1, 0, {})
    be = backend()
    pool = be.pool(qs, be.expression(parsed.groups), POOL)
    if not pool:
        return Result(parsed, [], 0, 1, 0, {}, suggestions(parsed))
    pooled = len(pool) >= POOL
    total = max(be.estimate(qs, COUNT_CAP), len(pool)) if pooled else len(pool)
    _n, facets = facets_of(facet_rows(SearchDocument.objects.filter(pk__in=[pk for pk, *_ in pool])))
    pages = max(1, math.ceil(min(len(pool), CANDIDATES) / per_page))
    page = min(max(page, 1), pages)
    ranked = sorted(pool, key=lambda row: (row[1], row[2], row[0]), reverse=True)
    window = [(pk, score) for pk, score, _date in ranked[(page - 1) * per_page : page * per_page]]
    docs = SearchDocument.objects.defer("title_seg", "docno_seg", "item_seg", "body_seg").in_bulk(
        [pk for pk, _score in window]
    )
    hits = hits_of(parsed, [(docs[pk], score) for pk, score in window])
    return Result(parsed, hits, total, page, pages, facets, capped=pooled, pooled=pooled)
