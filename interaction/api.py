"""The 互动交流 API, registered at /api/v1/ by config/api_urls.py through :func:`register`. Read-only and public:

* ``interaction/answers/`` — answers published with the asker's consent: the question and the answer with the
  asker's own name, phone and e-mail masked and any ID number, phone number or e-mail redacted
  (:func:`interaction.selectors.scrub`, as on the portal); never the asker's data, the tracking code or who
  answered. No free-text search: a search over the stored text would tell whether a masked name is in it.
* ``interaction/stats/`` — the monthly statistics as the portal publishes them (received, answered, on time,
  average working days); ``interaction/stats/YYYY-MM/`` one month.

The 舆情 ledger (opinion/) is for officers only and has no API.
"""

from __future__ import annotations

from datetime import date

import django_filters
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import AUTHENTICATION, RENDERERS, ReadOnlyViewSet
from core.filters import YEAR_RANGE, IntegerFilter
from organizations.selectors import subtree_q

from . import selectors
from .models import Kind, Message

#: The most months one request of the statistics reads (each month is two queries).
STATS_MONTHS = 12


class AnswerSerializer(serializers.ModelSerializer):
    """A published Q&A: nothing of the asker (no name, phone, e-mail, tracking code), nor who answered."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    subject = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    on_time = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = (
            "id",
            "kind",
            "kind_label",
            "subject",
            "body",
            "answer",
            "unit_code",
            "unit_name",
            "received_on",
            "workdays",
            "due_on",
            "answered_on",
            "on_time",
            "url",
        )
        read_only_fields = fields

    def get_subject(self, obj) -> str:
        return selectors.scrub(obj.subject, obj)

    def get_body(self, obj) -> str:
        return selectors.scrub(obj.body, obj)

    def get_answer(self, obj) -> str:
        return selectors.scrub(obj.answer, obj)

    def get_on_time(self, obj) -> bool:
        return obj.answered_on is not None and obj.answered_on <= obj.due_on

    def get_url(self, obj) -> str:
        path = reverse("interaction:public_detail", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AnswerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="留言类型")
    unit = django_filters.CharFilter(field_name="unit__code", max_length=32, label="答复单位代码")
    within = django_filters.CharFilter(
        method="filter_within", max_length=32, label="某单位及其下属单位（单位代码）"
    )
    year = IntegerFilter(field_name="answered_on__year", **YEAR_RANGE, label="答复年度")
    answered_on = django_filters.DateFromToRangeFilter(
        label="答复日期（answered_on_after / answered_on_before）"
    )

    class Meta:
        model = Message
        fields = ("kind", "unit", "within", "year", "answered_on")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))


@extend_schema_view(
    list=extend_schema(summary="互动交流已公开的答复（经留言人同意，已去除个人信息）", tags=["interaction"]),
    retrieve=extend_schema(summary="一条已公开的答复", tags=["interaction"]),
)
class AnswerViewSet(ReadOnlyViewSet):
    """Answers published with the asker's consent, the latest first."""

    serializer_class = AnswerSerializer
    filterset_class = AnswerFilter
    lookup_value_regex = r"\d{1,18}"
    ordering_fields = ("id", "answered_on", "received_on")
    ordering = ("-answered_on", "-id")

    def get_queryset(self):
        return (
            selectors.published().filter(unit__isnull=False, answered_on__isnull=False).select_related("unit")
        )

    def csv_header(self):
        return list(AnswerSerializer.Meta.fields)


class MonthStatsSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    received = serializers.IntegerField(help_text="本月收到")
    answered = serializers.IntegerField(help_text="本月答复")
    on_time = serializers.IntegerField(help_text="本月按时答复")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="按时答复率（%）")
    average_workdays = serializers.FloatField(allow_null=True, help_text="平均答复用时（工作日）")


def _month_row(stats: selectors.MonthStats) -> dict:
    return {
        "month": f"{stats.year:04d}-{stats.month:02d}",
        "received": stats.received,
        "answered": stats.answered,
        "on_time": stats.on_time,
        "on_time_rate": stats.on_time_rate,
        "average_workdays": stats.average_workdays,
    }


def _months_of(year: int, today: date) -> list[tuple[int, int]]:
    last = today.month if year == today.year else 12
    return [(year, m) for m in range(last, 0, -1)] if year <= today.year else []


class StatsViewSet(viewsets.ViewSet):
    """The monthly statistics of 互动交流 (the portal's 统计 page): the latest months first."""

    authentication_classes = AUTHENTICATION
    permission_classes: list = []
    renderer_classes = RENDERERS
    serializer_class = MonthStatsSerializer
    lookup_field = "month"
    lookup_value_regex = r"\d{4}-\d{2}"

    @extend_schema(
        summary="互动交流月度统计（收到、答复、按时答复、平均用时）",
        tags=["interaction"],
        parameters=[
            OpenApiParameter("year", int, description="某一年度的各月（缺省：有留言的最近 12 个月）")
        ],
        responses={200: MonthStatsSerializer(many=True)},
    )
    def list(self, request):
        year = request.query_params.get("year", "")
        if year:
            if not (year.isdigit() and len(year) == 4):
                raise ValidationError({"year": [_("年度应为四位数字。")]})
            months = _months_of(int(year), selectors.today())
        else:
            months = selectors.months_with_messages(STATS_MONTHS)
        return Response([_month_row(selectors.month_stats(y, m)) for y, m in months[:STATS_MONTHS]])

    @extend_schema(summary="互动交流某月统计", tags=["interaction"], responses={200: MonthStatsSerializer})
    def retrieve(self, request, month=None):
        year, number = (int(part) for part in str(month).split("-"))
        if not (1 <= number <= 12 and 1900 <= year <= 9999):
            raise Http404
        return Response(_month_row(selectors.month_stats(year, number)))


def register(router) -> None:
    """Add the 互动交流 routes to the API's router (config/api_urls.py)."""
    router.register("interaction/answers", AnswerViewSet, basename="interaction-answer")
    router.register("interaction/stats", StatsViewSet, basename="interaction-stats")
