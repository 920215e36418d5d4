"""sitemap.xml: an index of sections (static pages, fields, items of the edition in force, units, publications),
each section paged at 10,000 URLs (at most 50,000 by the protocol), all cached until the next publication."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.urls import reverse

from catalog import selectors as catalog_selectors
from core.pagecache import cached_page
from domains.models import Domain
from organizations.models import Unit

from . import selectors


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
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
        ]

    def location(self, name):
        return reverse(name)


class FieldSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return list(Domain.objects.active().order_by("order", "id"))

    def location(self, obj):
        return reverse("field", args=[obj.code])


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(catalog_selectors.public_items().select_related(None).order_by("position").only("code"))

    def location(self, obj):
        return reverse("item", args=[obj.code])


class UnitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return list(Unit.objects.active().order_by("tree_id", "lft").only("code"))

    def location(self, obj):
        return reverse("unit", args=[obj.code])


class PublicationSitemap(Sitemap):
    """Every public record, in pages of ``limit`` URLs (the protocol allows 50,000 per file): a lazy
    queryset in id order (pages stay stable as records are added), two columns, so a page is one bounded
    query and the count one index-only scan."""

    changefreq = "monthly"
    priority = 0.7
    limit = 10000

    def items(self):
        qs = selectors.published_publications()
        if qs is None:
            return []
        return qs.select_related(None).order_by("id").only("id", "index_number", "updated_at")

    def get_latest_lastmod(self):
        """One aggregate (Django's default calls lastmod() on every record of the section)."""
        qs = selectors.published_publications()
        return qs.aggregate(latest=Max("updated_at"))["latest"] if qs is not None else None

    def location(self, obj):
        return reverse("publication", args=[obj.index_number])

    def lastmod(self, obj):
        return obj.updated_at


@cached_page
def sitemap_index(request):
    """sitemap.xml: the index of the sections (sitemap-<section>.xml, paged with ?p=), cached until the next
    publication like the pages (core.pagecache)."""
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section").render()


@cached_page
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section).render()


SITEMAPS = {
    "static": StaticSitemap,
    "fields": FieldSitemap,
    "items": ItemSitemap,
    "units": UnitSitemap,
    "publications": PublicationSitemap,
}
