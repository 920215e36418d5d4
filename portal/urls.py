"""The public site's pages (mounted at the root by config/urls.py)."""

from django.urls import path

from core.pagecache import cached_page

from . import column, feeds, views
from .sitemaps import sitemap_index, sitemap_section


# The feeds are cached like the pages, under the tags of what they list (portal/signals.py bumps them when a
# record of that field, item or unit, or any newest record, changes; a catalog edition clears everything).
def FIELD(request, code):  # noqa: N802 - constant-like tag functions
    return [f"field:{code}"]


def ITEM(request, code):  # noqa: N802
    return [f"item:{code}"]


def UNIT(request, code):  # noqa: N802
    return [f"unit:{code}"]


def LATEST(request):  # noqa: N802
    return ["latest"]


urlpatterns = [
    path("", views.home, name="home"),
    path("fields/<slug:code>/", views.field, name="field"),
    path("fields/<slug:code>/feed/", cached_page(feeds.FieldFeed(), tags=FIELD), name="field_feed"),
    path("fields/<slug:code>/atom/", cached_page(feeds.FieldAtom(), tags=FIELD), name="field_atom"),
    path("items/<str:code>/", views.item, name="item"),
    path("items/<str:code>/feed/", cached_page(feeds.ItemFeed(), tags=ITEM), name="item_feed"),
    path("items/<str:code>/atom/", cached_page(feeds.ItemAtom(), tags=ITEM), name="item_atom"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/feed/", cached_page(feeds.UnitFeed(), tags=UNIT), name="unit_feed"),
    path("units/<str:code>/atom/", cached_page(feeds.UnitAtom(), tags=UNIT), name="unit_atom"),
    path("publications/<str:index_number>/", views.publication, name="publication"),
    path("service-points/", views.service_points, name="service_points"),
    path("search/", views.search, name="search"),
    path("guides/<slug:code>/", views.guide, name="guide"),
    path("gk/", column.index, name="gk"),
    path("gk/guide/", column.guide, name="gk_guide"),
    path("gk/rules/", column.rules, name="gk_rules"),
    path("gk/statutory/", column.statutory, name="gk_statutory"),
    path("gk/catalog/", column.catalog, name="gk_catalog"),
    path("gk/catalog/feed/", cached_page(feeds.CatalogFeed()), name="gk_catalog_feed"),
    path("gk/policies/", column.policies, name="gk_policies"),
    path("gk/interpretations/", column.interpretations, name="gk_interpretations"),
    path("feed/", cached_page(feeds.SiteFeed(), tags=LATEST), name="site_feed"),
    path("atom/", cached_page(feeds.SiteAtom(), tags=LATEST), name="site_atom"),
    path("feeds/", column.feeds_page, name="feeds"),
    path("sitemap/", column.sitemap_page, name="sitemap_html"),
    path("contact/", column.contact, name="contact"),
    path("screen/", views.screen, name="screen"),
    path("qr.svg", views.qr_code, name="qr"),
    path("mode/<slug:mode>/", views.set_mode, name="set_mode"),
    path("language/<slug:code>/", views.set_interface_language, name="set_interface_language"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
]
