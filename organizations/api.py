"""Read API of units and service points: /api/v1/units/, /api/v1/service-points/."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import ReadOnlyViewSet, RowListMixin, SerializerRows

from .filters import ServicePointFilter, UnitFilter
from .selectors import public_service_points, public_units
from .serializers import ServicePointSerializer, UnitSerializer


@extend_schema_view(
    list=extend_schema(summary="单位列表", tags=["units"]),
    retrieve=extend_schema(summary="单位详情", tags=["units"]),
)
class UnitViewSet(RowListMixin, ReadOnlyViewSet):
    """Active units (区政府, 区级部门, 街道, 社区/村) in tree order (read from the ``unit_tree_order`` index)."""

    rows = SerializerRows(UnitSerializer)

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    lookup_field = "code"
    search_fields = ("name", "short_name", "code", "address")
    ordering_fields = ("code", "name", "tier")
    ordering = ("tree_id", "lft")

    def get_queryset(self):
        return public_units()

    def csv_header(self):
        return list(UnitSerializer.Meta.fields)

    def list_values(self, queryset):
        return queryset.values(*self.rows.columns)

    def list_rows(self, rows):
        return self.rows.rows(rows)


@extend_schema_view(
    list=extend_schema(summary="服务点列表（查阅点、便民服务站等）", tags=["service-points"]),
    retrieve=extend_schema(summary="服务点详情", tags=["service-points"]),
)
class ServicePointViewSet(RowListMixin, ReadOnlyViewSet):
    """Active service points of active units, in the units' tree order."""

    rows = SerializerRows(ServicePointSerializer)
    serializer_class = ServicePointSerializer
    filterset_class = ServicePointFilter
    search_fields = ("name", "address", "unit__name")
    ordering_fields = ("name", "kind", "id")
    ordering = ("unit__tree_id", "unit__lft", "kind", "name")

    def get_queryset(self):
        return public_service_points()

    def csv_header(self):
        return list(ServicePointSerializer.Meta.fields)

    def list_values(self, queryset):
        return queryset.values(*self.rows.columns)

    def list_rows(self, rows):
        return self.rows.rows(rows)
