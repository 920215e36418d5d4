"""sitemap.xml: an index of sections (static pages, fields, items of the edition in force, units, publications),
each section paged at ``PAGE_SIZE`` URLs (the protocol allows 50,000 per file), all cached until the next
publication (core.pagecache).

The XML is written as strings, not through the template engine or ``reverse()`` per URL: a section page of
10,000 records is one bounded query (two columns, in id order so pages stay stable as records are added) and a
join of strings. The index carries no ``lastmod`` (optional in the protocol; a maximum over every record
would scan the table on each change).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.db.models import CharField
from django.db.models.functions import Cast, TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog import selectors as catalog_selectors
from core.pagecache import cached_page
from domains.models import Domain
from organizations.models import Unit

from . import selectors

PAGE_SIZE = 10000
PROTOCOL_MAX = 50000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PLACEHOLDER = "__SITEMAP_ARG__"
# What Django's reverse() leaves unquoted in a path argument (django.urls.resolvers).
SAFE = "!$&'()*+,;=~:@"

STATIC_PAGES = (
    "home",
    "units",
    "service_points",
    "search",
    "gk",
    "gk_guide",
    "gk_rules",
    "gk_statutory",
    "gk_catalog",
    "gk_policies",
    "gk_interpretations",
    "sitemap_html",
    "contact",
    "feeds",
)


PLAIN = re.compile(r"[A-Za-z0-9._~-]*")


def path_maker(name: str) -> Callable[[str], str]:
    """A fast ``reverse(name, args=[value])`` for one-argument routes: reversed once, then formatted (a plain
    code is used as it is, anything else quoted as reverse() would)."""
    head, tail = reverse(name, args=[PLACEHOLDER]).split(PLACEHOLDER)
    plain = PLAIN.fullmatch

    def make(value) -> str:
        value = str(value)
        return f"{head}{value if plain(value) else quote(value, safe=SAFE)}{tail}"

    return make


@dataclass(frozen=True)
class Section:
    """One section: how many URLs it has, and one page of them as (path, lastmod date or None)."""

    changefreq: str
    priority: str
    count: Callable[[], int]
    rows: Callable[[int, int], list[tuple[str, object]]]


def _static_rows(offset: int, limit: int) -> list:
    return [(reverse(name), None) for name in STATIC_PAGES[offset : offset + limit]]


def _coded(qs, route: str) -> Callable[[int, int], list]:
    def rows(offset: int, limit: int) -> list:
        make = path_maker(route)
        return [(make(code), None) for code in qs().values_list("code", flat=True)[offset : offset + limit]]

    return rows


def _fields():
    return Domain.objects.active().order_by("order", "id")


def _items():
    return catalog_selectors.public_items().select_related(None).order_by("position", "id")


def _units():
    return Unit.objects.active().order_by("tree_id", "lft")


def _publications():
    qs = selectors.published_publications()
    return qs.select_related(None).order_by("id") if qs is not None else None


def _publication_count() -> int:
    """Publications are paged by id (page p holds ids ``(p-1)*PAGE_SIZE+1 … p*PAGE_SIZE``): a page is one
    range read from the primary key whatever its number, and pages never shift as records come. So the
    "count" here is the highest id (read from the index)."""
    qs = _publications()
    if qs is None:
        return 0
    return qs.model.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _publication_rows(offset: int, limit: int) -> list:
    qs = _publications()
    if qs is None:
        return []
    make = path_maker("publication")
    rows = (
        qs.filter(id__gt=offset, id__lte=offset + limit)
        .annotate(modified=Cast(TruncDate("updated_at"), CharField()))
        .values_list("index_number", "modified")
    )
    return [(make(number), modified) for number, modified in rows]


SECTIONS = {
    "static": Section("daily", "1.0", lambda: len(STATIC_PAGES), _static_rows),
    "fields": Section("weekly", "0.8", lambda: _fields().count(), _coded(_fields, "field")),
    "items": Section("monthly", "0.6", lambda: _items().count(), _coded(_items, "item")),
    "units": Section("weekly", "0.6", lambda: _units().count(), _coded(_units, "unit")),
    "publications": Section("monthly", "0.7", _publication_count, _publication_rows),
}


def _xml(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def index_xml(origin: str) -> str:
    """The sitemap index: one entry per page of each section."""
    make = path_maker("sitemap-section")
    entries = []
    for name, section in SECTIONS.items():
        pages = max(1, math.ceil(section.count() / PAGE_SIZE))
        loc = origin + make(name)
        for page in range(1, pages + 1):
            url = loc if page == 1 else f"{loc}?p={page}"
            entries.append(f"<sitemap><loc>{escape(url)}</loc></sitemap>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{XMLNS}">\n'
        + "\n".join(entries)
        + "\n</sitemapindex>\n"
    )


def section_xml(origin: str, section: Section, page: int) -> str:
    """One page of a section's URLs (at most ``PAGE_SIZE``, never more than the protocol's 50,000)."""
    size = min(PAGE_SIZE, PROTOCOL_MAX)
    tail = f"<changefreq>{section.changefreq}</changefreq><priority>{section.priority}</priority></url>"
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{XMLNS}">\n']
    prefix = escape(origin)
    for path, lastmod in section.rows((page - 1) * size, size):
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{prefix}{escape(path) if '&' in path else path}</loc>{modified}{tail}\n")
    parts.append("</urlset>\n")
    return "".join(parts)


@cached_page(tags=lambda request: ["latest"])
def sitemap_index(request):
    """sitemap.xml: the index of the sections (sitemap-<section>.xml, paged with ?p=)."""
    return _xml(index_xml(_origin(request)))


@cached_page(tags=lambda request, section: ["latest"])
def sitemap_section(request, section):
    found = SECTIONS.get(section)
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError:
        page = 0
    if found is None or page < 1 or (page > 1 and (page - 1) * PAGE_SIZE >= found.count()):
        raise Http404(_("没有这一页站点地图"))
    return _xml(section_xml(_origin(request), found, page))
