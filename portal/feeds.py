"""RSS and Atom feeds for every field, unit and item: the latest publications, or (while none are
published) the catalog items themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from catalog import selectors as catalog_selectors
from domains.models import Domain
from organizations.models import Unit

from . import selectors

LIMIT = 30


@dataclass
class Entry:
    title: str
    description: str
    link: str
    date: datetime | None
    author: str = ""


def _from_publications(pubs) -> list[Entry]:
    return [
        Entry(
            p.title,
            Truncator(strip_tags(p.body)).chars(200),
            f"/publications/{p.index_number}/",
            p.published_at,
            p.unit.name,
        )
        for p in pubs
    ]


def _from_items(items) -> list[Entry]:
    return [
        Entry(
            e.name,
            e.data.get("content") or "、".join(e.data.get("elements", [])),
            f"/items/{e.code}/",
            None,
            e.data.get("subject_text", ""),
        )
        for e in items
    ]


class BaseFeed(Feed):
    def items(self, obj):
        return obj["entries"]

    def title(self, obj):
        return obj["title"]

    def link(self, obj):
        return obj["link"]

    def description(self, obj):
        return obj["description"]

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.date

    def item_author_name(self, entry):
        return entry.author or None


def _publications_for(**filters):
    qs = selectors.published_publications()
    if qs is None:
        return []
    # Conditions on the fulfilments become a semi-join (no DISTINCT over whole rows, bodies included), so the
    # newest records are read from the published_at index until LIMIT match.
    through = {
        k.removeprefix("fulfilments__"): v for k, v in filters.items() if k.startswith("fulfilments__")
    }
    direct = {k: v for k, v in filters.items() if not k.startswith("fulfilments__")}
    if through:
        fulfilled = selectors.publishing_models.Fulfilment.objects.filter(**through).values("publication_id")
        direct["pk__in"] = fulfilled
    return list(qs.filter(**direct).order_by("-published_at", "-id")[:LIMIT])


class FieldFeed(BaseFeed):
    def get_object(self, request, code):
        domain = Domain.objects.active().filter(code=code).first()
        if domain is None:
            raise Http404
        entries = _from_publications(_publications_for(fulfilments__obligation__item__domain=domain))
        if not entries:
            entries = _from_items(
                catalog_selectors.public_items().filter(domain=domain).order_by("position")[:LIMIT]
            )
        return {
            "title": f"{domain.name} · 最新公开信息",
            "link": f"/fields/{code}/",
            "description": f"{domain.name}领域的最新公开信息",
            "entries": entries,
        }


class UnitFeed(BaseFeed):
    def get_object(self, request, code):
        unit = Unit.objects.active().filter(code=code).first()
        if unit is None:
            raise Http404
        entries = _from_publications(_publications_for(unit=unit))
        if not entries:
            entries = _from_items(selectors.unit_items(unit)[:LIMIT])
        return {
            "title": f"{unit.name} · 最新公开信息",
            "link": f"/units/{code}/",
            "description": f"{unit.name}的最新公开信息",
            "entries": entries,
        }


class ItemFeed(BaseFeed):
    def get_object(self, request, code):
        entry = catalog_selectors.public_items().filter(code=code).first()
        if entry is None:
            raise Http404
        entries = _from_publications(_publications_for(fulfilments__obligation__item_id=entry.item_id))
        if not entries:
            entries = _from_items([entry])
        return {
            "title": f"{entry.name} · 最新公开信息",
            "link": f"/items/{code}/",
            "description": f"公开事项「{entry.name}」的最新公开信息",
            "entries": entries,
        }


class FieldAtom(FieldFeed):
    feed_type = Atom1Feed
    subtitle = BaseFeed.description


class UnitAtom(UnitFeed):
    feed_type = Atom1Feed
    subtitle = BaseFeed.description


class ItemAtom(ItemFeed):
    feed_type = Atom1Feed
    subtitle = BaseFeed.description


class SiteFeed(BaseFeed):
    """The whole site's latest publications (linked from every page's head)."""

    def get_object(self, request):
        return {
            "title": "最新公开信息",
            "link": "/",
            "description": "全区各单位最新发布的政府信息",
            "entries": _from_publications(selectors.latest_publications(limit=LIMIT)),
        }


class SiteAtom(SiteFeed):
    feed_type = Atom1Feed
    subtitle = BaseFeed.description


class CatalogFeed(BaseFeed):
    """The 信息公开目录 as a feed, for the same selection (field, unit, genre, year) as the page."""

    def get_object(self, request):
        get = request.GET
        year = get.get("year", "")
        docs = selectors.catalog_documents(
            field=get.get("field", "")[:40],
            unit=get.get("unit", "")[:32],
            genre=get.get("genre", "")[:20],
            year=int(year) if year.isdigit() and len(year) == 4 else None,
        )[:LIMIT]
        return {
            "title": "信息公开目录",
            "link": "/gk/catalog/",
            "description": "信息公开目录的最新条目",
            "entries": [Entry(d.title, d.items, d.url, d.date, d.unit_name) for d in docs],
        }
