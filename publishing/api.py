"""API of obligations and publications: /api/v1/obligations/, /api/v1/publications/.

Reads: anonymous clients see published records only; an authenticated client (a unit's token, or an
officer's session) also sees what ``Publication.objects.visible_to(user)`` allows. Writes (create and
edit a draft, submit it, upload an attachment) go through :mod:`publishing.services`, so a token is bound
to exactly the permissions and the workflow of its service account in the admin; each write is one
transaction, and a refused or invalid one leaves nothing behind.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core.api import ReadOnlyViewSet, RowListMixin, atomic_view
from core.auth import require_token_scope

from . import selectors, services
from .filters import ObligationFilter, PublicationFilter
from .models import Publication
from .serializers import (
    OBLIGATION_COLUMNS,
    PUBLICATION_COLUMNS,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ObligationSerializer,
    PublicationSerializer,
    PublicationWriteSerializer,
    SubmitSerializer,
    obligation_rows,
    publication_rows,
)

AREA = "publishing"


@contextmanager
def service_errors():
    """Turn a service's ValidationError into a 400 with its (Chinese) messages; PermissionDenied → 403."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise serializers.ValidationError(exc.message_dict) from exc
        raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc


# -- obligations ---------------------------------------------------------------------------------------------
@extend_schema_view(
    list=extend_schema(summary="公开义务（三级清单）及其状态", tags=["obligations"]),
    retrieve=extend_schema(summary="公开义务详情", tags=["obligations"]),
)
class ObligationViewSet(RowListMixin, ReadOnlyViewSet):
    """Which unit must disclose which catalog item (generated from the approved edition), with its status.

    Default order: by unit, then by item (``unit_id``, ``item_id``: the unique index of the table, so a page
    is read from the index, not sorted out of every obligation)."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    search_fields = ("unit__name", "item__name", "item__code")
    ordering_fields = ("id", "started_on", "status", "published_count", "last_published_at", "next_due")
    ordering = ("unit_id", "item_id")
    unindexed_ordering_fields = ("started_on", "published_count", "last_published_at")

    def get_queryset(self):
        """The deadline status is an SQL annotation over the stored ``next_due``: filtering and ordering by it
        (``deadline_status``, ``due_after`` / ``due_before``) runs in the database, bounded by the page."""
        if (schema := self.for_schema()) is not None:
            return schema
        return selectors.with_deadline_status(selectors.obligations_with_status())

    def csv_header(self):
        return list(ObligationSerializer.Meta.fields)

    def list_values(self, queryset):
        return queryset.values(*OBLIGATION_COLUMNS)

    def list_rows(self, rows):
        return obligation_rows(rows)


# -- publications --------------------------------------------------------------------------------------------
WRITE_RESPONSES = {
    400: OpenApiResponse(description="输入无效（中文说明），未写入任何数据"),
    401: OpenApiResponse(description="未认证、令牌无效或已撤销"),
    403: OpenApiResponse(description="无权操作该单位的数据"),
    404: OpenApiResponse(description="信息不存在或不可见"),
}


@extend_schema_view(
    list=extend_schema(summary="公开信息列表（匿名仅见已发布）", tags=["publications"]),
    retrieve=extend_schema(summary="公开信息详情", tags=["publications"]),
    create=extend_schema(
        summary="起草公开信息（令牌）",
        tags=["publications"],
        request=PublicationWriteSerializer,
        responses={201: PublicationSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="修改草稿（令牌）",
        tags=["publications"],
        request=PublicationWriteSerializer,
        responses={200: PublicationSerializer, **WRITE_RESPONSES},
    ),
)
class PublicationViewSet(RowListMixin, ReadOnlyViewSet):
    """Publications (公开信息). Anonymous clients see published records only, and never who drafted them."""

    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    search_fields = ("title", "doc_number", "index_number")
    ordering_fields = ("formed_on", "published_at", "id", "title")
    unindexed_ordering_fields = ("title",)
    ordering = ("-formed_on", "-id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.with_related(selectors.publications_for(self.request.user))

    def csv_header(self):
        return list(PublicationSerializer.Meta.fields)

    def list_values(self, queryset):
        return queryset.values(*PUBLICATION_COLUMNS)

    def list_rows(self, rows):
        return publication_rows(rows, self.request)

    # -- helpers ----------------------------------------------------------------------------------------
    def _writable(self) -> Publication:
        """The publication in the URL, among those the caller may see (else 404), in the token's scope."""
        publication = self.get_object()
        require_token_scope(self.request, publication.unit)
        return publication

    def _read(self, publication, code=status.HTTP_200_OK) -> Response:
        fresh = selectors.with_related(Publication.objects.filter(pk=publication.pk)).get()
        return Response(PublicationSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def _check_scope(self, data) -> None:
        if "unit" in data:
            require_token_scope(self.request, data["unit"])
        for obligation in data.get("obligations") or ():
            require_token_scope(self.request, obligation.unit)

    # -- writes -----------------------------------------------------------------------------------------
    @atomic_view
    def create(self, request, *args, **kwargs):
        serializer = PublicationWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        self._check_scope(data)
        with service_errors():
            publication = services.create_publication(
                user=request.user,
                unit=data["unit"],
                title=data["title"],
                body=data.get("body", ""),
                formed_on=data["formed_on"],
                doc_number=data.get("doc_number", ""),
                validity=data.get("validity"),
                interprets=data.get("interprets"),
                obligations=data.get("obligations", []),
                combined=data.get("combined", False),
            )
        return self._read(publication, status.HTTP_201_CREATED)

    @atomic_view
    def partial_update(self, request, *args, **kwargs):
        publication = self._writable()
        serializer = PublicationWriteSerializer(
            publication, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self._check_scope(data)
        data.pop("unit", None)
        obligations = data.pop("obligations", None)
        changes = {name: value for name, value in data.items() if name in services.EDITABLE}
        if not changes and obligations is None:
            raise serializers.ValidationError({"non_field_errors": [_("没有需要修改的内容。")]})
        with service_errors():
            publication = services.update_publication(
                user=request.user, publication=publication, obligations=obligations, **changes
            )
        return self._read(publication)

    @extend_schema(
        summary="提交审核（令牌）",
        tags=["publications"],
        request=SubmitSerializer,
        responses={200: PublicationSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    @atomic_view
    def submit(self, request, *args, **kwargs):
        publication = self._writable()
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            publication = services.submit(
                user=request.user, publication=publication, comment=serializer.validated_data["comment"]
            )
        return self._read(publication)

    @extend_schema(
        summary="上传附件（令牌，仅草稿）",
        tags=["publications"],
        request=AttachmentUploadSerializer,
        responses={201: AttachmentSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    @atomic_view
    def attachments(self, request, *args, **kwargs):
        publication = self._writable()
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            attachment = services.add_attachment(
                user=request.user, publication=publication, upload=serializer.validated_data["file"]
            )
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
