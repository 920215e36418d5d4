"""The public site's pages (mounted at the root by config/urls.py)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("fields/<slug:code>/", views.field, name="field"),
    path("fields/<slug:code>/feed/", feeds.FieldFeed(), name="field_feed"),
    path("fields/<slug:code>/atom/", feeds.FieldAtom(), name="field_atom"),
    path("items/<str:code>/", views.item, name="item"),
    path("items/<str:code>/feed/", feeds.ItemFeed(), name="item_feed"),
    path("items/<str:code>/atom/", feeds.ItemAtom(), name="item_atom"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/feed/", feeds.UnitFeed(), name="unit_feed"),
    path("units/<str:code>/atom/", feeds.UnitAtom(), name="unit_atom"),
    path("publications/<str:index_number>/", views.publication, name="publication"),
    path("service-points/", views.service_points, name="service_points"),
    path("search/", views.search, name="search"),
    path("screen/", views.screen, name="screen"),
    path("qr.svg", views.qr_code, name="qr"),
    path("mode/<slug:mode>/", views.set_mode, name="set_mode"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
