"""Results of closed assessment rounds as the API shows them.

Public figures only: rounds, units' totals and ranks, scores per indicator. Never evidence (files, the
records a score came from, the computation details), never people (assessors, who opened or closed a round,
ballots' tellers), never the round's input snapshot.
"""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Indicator, IndicatorScore, Round, UnitResult


class TopIndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ("code", "name", "max_points")
        read_only_fields = fields


class AssessmentRoundSerializer(serializers.ModelSerializer):
    """A round (考核轮次): what was assessed, over which period, against how many points, and whether its figures
    are final (closed) or provisional (暂定) with the day they count duties up to (``as_of``)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    year = serializers.IntegerField(source="system.year", read_only=True, allow_null=True, label="考核年度")
    system_name = serializers.CharField(source="system.name", read_only=True, label="指标体系")
    max_points = serializers.DecimalField(
        max_digits=9, decimal_places=2, read_only=True, default=Decimal(0), label="满分"
    )
    participants = serializers.IntegerField(read_only=True, default=0, label="参评单位数")
    provisional = serializers.BooleanField(
        source="is_provisional", read_only=True, label="暂定（轮次未关闭，结果可能变化）"
    )
    as_of = serializers.DateField(
        source="figures_as_of",
        read_only=True,
        allow_null=True,
        label="截至日期（只计此日及以前到期的应公开事项；已关闭轮次为考核期结束日）",
    )

    class Meta:
        model = Round
        fields = (
            "id",
            "name",
            "kind",
            "kind_label",
            "year",
            "system_name",
            "period_start",
            "period_end",
            "provisional",
            "as_of",
            "closed_at",
            "max_points",
            "participants",
        )
        read_only_fields = fields


class AssessmentRoundDetailSerializer(AssessmentRoundSerializer):
    indicators = serializers.SerializerMethodField(label="一级指标")

    class Meta(AssessmentRoundSerializer.Meta):
        fields = (*AssessmentRoundSerializer.Meta.fields, "indicators")
        read_only_fields = fields

    @extend_schema_field(TopIndicatorSerializer(many=True))
    def get_indicators(self, obj):
        tops = Indicator.objects.filter(system_id=obj.system_id, parent=None).order_by("tree_id", "lft")
        return TopIndicatorSerializer(tops, many=True).data


class _RoundColumns(serializers.ModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True, label="考核轮次")
    kind = serializers.CharField(source="round.kind", read_only=True, label="轮次类型")
    year = serializers.IntegerField(
        source="round.system.year", read_only=True, allow_null=True, label="考核年度"
    )
    period_start = serializers.DateField(source="round.period_start", read_only=True)
    period_end = serializers.DateField(source="round.period_end", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)


class UnitResultSerializer(_RoundColumns):
    """A unit's total and rank in a closed round."""

    class Meta:
        model = UnitResult
        fields = (
            "id",
            "round",
            "round_name",
            "kind",
            "year",
            "period_start",
            "period_end",
            "unit_code",
            "unit_name",
            "total",
            "rank",
        )
        read_only_fields = fields


class IndicatorScoreSerializer(_RoundColumns):
    """A unit's score on one indicator of a closed round (no evidence, no computation details)."""

    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    parent_code = serializers.CharField(source="indicator.parent.code", read_only=True, default=None)
    level = serializers.IntegerField(source="indicator.level", read_only=True, label="指标层级（0为一级）")
    max_points = serializers.DecimalField(
        source="indicator.max_points", max_digits=6, decimal_places=2, read_only=True, label="分值（满分）"
    )

    class Meta:
        model = IndicatorScore
        fields = (
            "id",
            "round",
            "round_name",
            "kind",
            "year",
            "unit_code",
            "unit_name",
            "indicator_code",
            "indicator_name",
            "parent_code",
            "level",
            "max_points",
            "score",
            "value",
        )
        read_only_fields = fields
