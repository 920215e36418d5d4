"""Read API of the policy fields: /api/v1/fields/."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import ReadOnlyViewSet

from .selectors import public_domains
from .serializers import DomainSerializer


@extend_schema_view(
    list=extend_schema(summary="试点领域列表", tags=["fields"]),
    retrieve=extend_schema(summary="试点领域详情", tags=["fields"]),
)
class DomainViewSet(ReadOnlyViewSet):
    """The fields (试点领域) the district has activated."""

    serializer_class = DomainSerializer
    lookup_field = "code"
    filterset_fields = ("is_national",)
    search_fields = ("name", "former_names", "guideline_title", "description")
    ordering_fields = ("order", "code", "name")
    ordering = ("order", "id")

    def get_queryset(self):
        return public_domains()

    def csv_header(self):
        return list(DomainSerializer.Meta.fields)
