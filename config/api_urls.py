"""The API's routes, included by config/urls.py at ``api/``.

* ``/api/v1/``        the versioned REST API (read: everyone; write: a unit's token)
* ``/api/schema/``    the OpenAPI document; ``/api/docs/`` Swagger UI (vendored assets; ReDoc is left out:
  its page loads web fonts from outside)
* ``/api/opendata/latest.zip``  the nightly open-data dump

Each app's ``api.register(router)`` adds its routes to ``/api/v1/`` (assessment: results of closed rounds).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from assessment import api as assessment_api
from catalog.api import PublishedItemViewSet
from consultation import api as consultation_api
from domains.api import DomainViewSet
from foi import api as foi_api
from interaction import api as interaction_api
from opendata.views import OpenDataIndexView, OpenDataLatestView
from organizations.api import ServicePointViewSet, UnitViewSet
from publishing.api import ObligationViewSet, PublicationViewSet

router = DefaultRouter()
router.register("fields", DomainViewSet, basename="field")
router.register("catalog/items", PublishedItemViewSet, basename="catalog-item")
router.register("units", UnitViewSet, basename="unit")
router.register("service-points", ServicePointViewSet, basename="service-point")
router.register("obligations", ObligationViewSet, basename="obligation")
router.register("publications", PublicationViewSet, basename="publication")

assessment_api.register(router)
foi_api.register(router)
consultation_api.register(router)  # 征求意见: consultations, their comments (anonymised), feedback
interaction_api.register(router)  # 互动交流: published answers, monthly statistics

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("opendata/", OpenDataIndexView.as_view(), name="opendata-index"),
    path("opendata/latest.zip", OpenDataLatestView.as_view(), name="opendata-latest"),
]
