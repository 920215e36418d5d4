"""Read API of the public catalog: /api/v1/catalog/items/ (the approved edition in force only)."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import ReadOnlyViewSet, RowListMixin, SerializerRows

from .filters import PublishedItemFilter
from .selectors import public_items
from .serializers import PublishedItemSerializer


@extend_schema_view(
    list=extend_schema(summary="公开事项目录（现行已批准版本）", tags=["catalog"]),
    retrieve=extend_schema(summary="公开事项详情（按事项编码）", tags=["catalog"]),
)
class PublishedItemViewSet(RowListMixin, ReadOnlyViewSet):
    """Catalog items of the approved edition in force, with their standard elements."""

    rows = SerializerRows(PublishedItemSerializer, method_columns=("data", "level"))

    serializer_class = PublishedItemSerializer
    filterset_class = PublishedItemFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    search_fields = ("name", "code", "search_text")
    ordering_fields = ("position", "code", "name", "level")
    ordering = ("position",)

    def get_queryset(self):
        if (schema := self.for_schema()) is not None:
            return schema
        return public_items().select_related("edition")

    def csv_header(self):
        return list(PublishedItemSerializer.Meta.fields)

    def list_values(self, queryset):
        return queryset.values(*self.rows.columns)

    def list_rows(self, rows):
        return self.rows.rows(rows)
