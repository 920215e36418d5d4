"""Read API of assessment results: /api/v1/assessment/rounds/, …/results/, …/scores/.

Registered by portal/api_urls.py through :func:`register`. For the public a round is visible once it is closed
(and so immutable); open, scored and reviewed rounds, and every row of them, read as "does not exist". A user
who may view assessment (the office, auditors; by session or token) also reads the rounds not yet closed, each
marked ``provisional`` (暂定) with the day its figures count duties up to (``as_of``), and their results for
the units the permission module lets them see. What is shown is figures only (see
:mod:`assessment.serializers`): no evidence, no assessors.
"""

from django.db.models import Count, DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import ReadOnlyViewSet
from organizations import permissions as perms

from .filters import IndicatorScoreFilter, RoundFilter, UnitResultFilter
from .models import Indicator, IndicatorScore, Round, RoundStatus, UnitResult
from .serializers import (
    AssessmentRoundDetailSerializer,
    AssessmentRoundSerializer,
    IndicatorScoreSerializer,
    UnitResultSerializer,
)

CLOSED = RoundStatus.CLOSED


def _may_see_open(user) -> bool:
    return bool(user and user.is_authenticated) and perms.can(user, perms.VIEW, "assessment")


def closed_rounds(*, provisional_too: bool = False):
    """Closed rounds (and with ``provisional_too`` the others) with their maximum points (sum of first-level
    indicators) and number of participants."""
    maximum = (
        Indicator.objects.filter(system=OuterRef("system"), parent=None)
        .order_by()
        .values("system")
        .annotate(s=Sum("max_points"))
        .values("s")
    )
    participants = (
        Round.units.through.objects.filter(round_id=OuterRef("pk"))
        .order_by()
        .values("round_id")
        .annotate(n=Count("unit_id"))
        .values("n")
    )
    decimal = DecimalField(max_digits=9, decimal_places=2)
    rounds = Round.objects.all() if provisional_too else Round.objects.filter(status=CLOSED)
    return (
        rounds.select_related("system")
        .defer("snapshot")  # the scoring input (hundreds of KB of JSON) is never shown by the API
        .annotate(
            max_points=Coalesce(Subquery(maximum, output_field=decimal), Value(0), output_field=decimal),
            participants=Coalesce(Subquery(participants), Value(0)),
        )
    )


def closed_results(user=None):
    # never the round's snapshot: decoding it once per row made a 500-row page take seconds (issue 15)
    rows = UnitResult.objects.filter(round__status=CLOSED)
    if _may_see_open(user):
        rows = UnitResult.objects.filter(perms.unit_filter(user, perms.VIEW, "assessment", "unit__"))
    return rows.select_related("round__system", "unit").defer("round__snapshot")


def closed_scores(user=None):
    rows = IndicatorScore.objects.filter(round__status=CLOSED)
    if _may_see_open(user):
        rows = IndicatorScore.objects.filter(perms.unit_filter(user, perms.VIEW, "assessment", "unit__"))
    return rows.select_related("round__system", "unit", "indicator__parent").defer("round__snapshot")


@extend_schema_view(
    list=extend_schema(summary="考核轮次（公众仅见已关闭；考核人员另见暂定轮次）", tags=["assessment"]),
    retrieve=extend_schema(summary="考核轮次详情（仅已关闭），含一级指标", tags=["assessment"]),
)
class RoundViewSet(ReadOnlyViewSet):
    """Closed assessment rounds (考核轮次): a closed round is final and cannot change."""

    serializer_class = AssessmentRoundSerializer
    filterset_class = RoundFilter
    search_fields = ("name", "system__name")
    ordering_fields = ("id", "period_start", "period_end", "closed_at", "name")
    ordering = ("-period_end", "-id")

    def get_queryset(self):
        return closed_rounds(provisional_too=_may_see_open(self.request.user))

    def get_serializer_class(self):
        return AssessmentRoundDetailSerializer if self.action == "retrieve" else AssessmentRoundSerializer

    def csv_header(self):
        return list(self.get_serializer_class().Meta.fields)


@extend_schema_view(
    list=extend_schema(summary="单位考核得分与排名（仅已关闭轮次）", tags=["assessment"]),
    retrieve=extend_schema(summary="单位考核得分详情", tags=["assessment"]),
)
class UnitResultViewSet(ReadOnlyViewSet):
    """Each unit's total and rank in each closed round."""

    serializer_class = UnitResultSerializer
    filterset_class = UnitResultFilter
    search_fields = ("unit__name", "unit__code", "round__name")
    ordering_fields = ("id", "rank", "total", "round__period_end")
    ordering = ("-round__period_end", "-round_id", "rank", "unit__code")

    def get_queryset(self):
        return closed_results(self.request.user)

    def csv_header(self):
        return list(UnitResultSerializer.Meta.fields)


@extend_schema_view(
    list=extend_schema(summary="分指标得分（仅已关闭轮次）", tags=["assessment"]),
    retrieve=extend_schema(summary="分指标得分详情", tags=["assessment"]),
)
class IndicatorScoreViewSet(ReadOnlyViewSet):
    """Each unit's score on each indicator of each closed round (no evidence)."""

    serializer_class = IndicatorScoreSerializer
    filterset_class = IndicatorScoreFilter
    search_fields = ("unit__name", "unit__code", "indicator__name", "indicator__code")
    ordering_fields = ("id", "score", "round__period_end")
    ordering = ("-round__period_end", "-round_id", "unit__code", "indicator__tree_id", "indicator__lft")

    def get_queryset(self):
        return closed_scores(self.request.user)

    def csv_header(self):
        return list(IndicatorScoreSerializer.Meta.fields)


def register(router) -> None:
    """Add the assessment routes to the API's router (called by portal/api_urls.py)."""
    router.register("assessment/rounds", RoundViewSet, basename="assessment-round")
    router.register("assessment/results", UnitResultViewSet, basename="assessment-result")
    router.register("assessment/scores", IndicatorScoreViewSet, basename="assessment-score")
