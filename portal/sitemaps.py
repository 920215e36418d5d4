"""sitemap.xml: the public pages (home, fields, items of the edition in force, units, publications)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog import selectors as catalog_selectors
from domains.models import Domain
from organizations.models import Unit

from . import selectors


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["home", "units", "service_points", "search"]

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
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        qs = selectors.published_publications()
        return list(qs.order_by("-published_at")[: self.limit]) if qs is not None else []

    def location(self, obj):
        return reverse("publication", args=[obj.index_number])

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "fields": FieldSitemap,
    "items": ItemSitemap,
    "units": UnitSitemap,
    "publications": PublicationSitemap,
}
