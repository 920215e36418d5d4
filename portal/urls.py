from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

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
    path("participation/", include("participation.urls")),
    path("admin/", admin.site.urls),
    path("workspace/", include("publishing.urls")),
    path("channels/", include("publishing.public_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Routes of apps being built in parallel, added once their urls module exists.
if find_spec("portal.api_urls") is not None:  # the REST API
    urlpatterns.append(path("api/", include("portal.api_urls")))
if find_spec("assessment") is not None and find_spec("assessment.urls") is not None:
    urlpatterns.append(path("assessment/", include("assessment.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
