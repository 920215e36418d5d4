"""The FOI API, registered at /api/v1/foi/ by config/api_urls.py through :func:`register`.

* ``foi/requests/`` — officers only (a unit token or a session): the requests of the units the account may
  view, confined to the token's own unit subtree; every detail read is logged (``AccessLog``).
* ``foi/status/`` — POST ``{"code", "secret"}``: the public status (steps, dates, outcome; no personal data).
* ``foi/reports/`` — published annual reports; ``foi/reports/<year>/<scope>/`` their figures as JSON.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api import AUTHENTICATION, RENDERERS, Pagination
from core.auth import token_of
from core.ratelimit import limited
from core.throttling import AnonThrottle
from organizations import permissions as perms

from . import report, selectors, services
from .models import DisclosureRequest


class RequestSerializer(serializers.ModelSerializer):
    """A request; the applicant's personal data whole only for those the permission module allows on the
    handling unit (its officers and reviewers, the office), masked for the others (the auditor)."""

    unit = serializers.CharField(source="unit.code")
    outcome = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not perms.may_see_personal_data(user, instance, instance.unit):
            for name in perms.personal_fields(instance):
                if name in data:
                    data[name] = perms.masked(name, data[name])
            data["description"] = perms.redact_text(data.get("description"))
        return data

    class Meta:
        model = DisclosureRequest
        fields = [
            "id",
            "unit",
            "reference",
            "tracking_code",
            "status",
            "channel",
            "applicant_type",
            "applicant_name",
            "contact_person",
            "phone",
            "email",
            "address",
            "description",
            "received_on",
            "correction_requested_on",
            "correction_received_on",
            "extension_days",
            "due_date",
            "result",
            "result_reason",
            "outcome",
            "replied_on",
        ]


class RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests for officers (personal data included for the handling unit and the office, masked for the
    others: authenticated, scoped, logged)."""

    serializer_class = RequestSerializer
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    renderer_classes = RENDERERS
    pagination_class = Pagination

    def get_queryset(self):
        qs = DisclosureRequest.objects.visible_to(self.request.user).select_related("unit").order_by("-id")
        token = token_of(self.request)
        if token is not None:
            own = token.unit
            qs = qs.filter(Q(unit__tree_id=own.tree_id, unit__lft__gte=own.lft, unit__rght__lte=own.rght))
        status = self.request.query_params.get("status")
        if status:
            qs = qs.filter(status=status[:20])
        return qs

    def list(self, request, *args, **kwargs):
        """One page of requests; each one shown is logged like a detail read (its personal data is on it)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        if page is None:  # only without a paginator (never in this API): the page is all there is
            page = list(self.filter_queryset(self.get_queryset())[:500])
            services.log_list_access(user=request.user, requests=page, where="API列表")
            return Response(self.get_serializer(page, many=True).data)
        services.log_list_access(user=request.user, requests=page, where="API列表")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        services.log_access(user=request.user, request=instance, where="API")
        return Response(self.get_serializer(instance).data)


class StatusInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    secret = serializers.CharField(max_length=64)


class StatusStep(serializers.Serializer):
    date = serializers.DateField()
    step = serializers.CharField()


class StatusOutput(serializers.Serializer):
    tracking_code = serializers.CharField()
    unit = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_on = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    replied_on = serializers.DateField(allow_null=True)
    steps = StatusStep(many=True)


class StatusViewSet(viewsets.ViewSet):
    """The applicant's status by tracking code and secret."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonThrottle]
    serializer_class = StatusInput

    @extend_schema(
        operation_id="foi_status_lookup",
        request=StatusInput,
        responses={
            200: StatusOutput,
            404: OpenApiResponse(description="查询码或查询密码不正确"),
            429: OpenApiResponse(description="查询过于频繁"),
        },
    )
    def create(self, request):
        data = StatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        if limited(request, "foi_status_api", 20, 600):
            return Response({"detail": _("查询过于频繁，请稍后再试。")}, status=429)
        found = selectors.find_by_code(data.validated_data["code"], data.validated_data["secret"])
        if found is None:
            return Response({"detail": _("查询码或查询密码不正确。")}, status=404)
        s = selectors.public_status(found)
        return Response(
            {
                "tracking_code": s.tracking_code,
                "unit": s.unit_name,
                "status": s.status,
                "status_label": s.status_label,
                "received_on": s.received_on,
                "due_date": s.due_date,
                "outcome": s.outcome,
                "replied_on": s.replied_on,
                "steps": [{"date": on, "step": label} for on, label in s.steps],
            }
        )


ReportEntries = inline_serializer(
    name="FoiReportEntry",
    many=True,
    fields={
        "year": serializers.IntegerField(),
        "unit": serializers.CharField(),
        "district": serializers.BooleanField(),
        "title": serializers.CharField(),
        "url": serializers.URLField(),
        "json": serializers.URLField(),
    },
)


class ReportViewSet(viewsets.ViewSet):
    """Published annual reports and their figures."""

    authentication_classes = AUTHENTICATION
    permission_classes = []

    @extend_schema(operation_id="foi_reports_list", responses={200: ReportEntries})
    def list(self, request):
        return Response(
            [
                {
                    "year": r.year,
                    "unit": r.unit.code,
                    "district": r.district,
                    "title": str(r),
                    "url": request.build_absolute_uri(selectors.report_url(r)),
                    "json": request.build_absolute_uri(selectors.report_url(r, "json")),
                }
                for r in selectors.published_reports()[:500]
            ]
        )

    @extend_schema(
        operation_id="foi_report_figures",
        responses={
            200: OpenApiResponse(description="年度报告各表数据（JSON，结构同年度报告模板）"),
            404: OpenApiResponse(description="该年度报告未发布"),
        },
    )
    @action(detail=False, url_path=r"(?P<year>\d{4})/(?P<scope>[A-Za-z0-9-]+)")
    def figures(self, request, year=None, scope=None):
        from organizations.models import Unit, UnitKind

        district = scope == "district"
        unit = (
            Unit.objects.filter(kind=UnitKind.GOVERNMENT, parent__isnull=True).first()
            if district
            else Unit.objects.filter(code=scope).first()
        )
        if (
            unit is None
            or not selectors.published_reports(int(year)).filter(unit=unit, district=district).exists()
        ):
            raise Http404
        return Response(report.build(unit=unit, year=int(year), district=district).as_json())


def register(router) -> None:
    router.register("foi/requests", RequestViewSet, basename="foi-request")
    router.register("foi/status", StatusViewSet, basename="foi-status")
    router.register("foi/reports", ReportViewSet, basename="foi-report")
