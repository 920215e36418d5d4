"""FilterSets over the results of closed assessment rounds (the API's /api/v1/assessment/…).

Plain ``django_filters.FilterSet`` classes, as the other apps' ``filters.py``: apply them to a queryset that
already carries the visibility scope (closed rounds only, see :mod:`assessment.api`); they never widen it.
"""

import django_filters

from core.filters import IntegerFilter
from organizations.models import Tier
from organizations.selectors import subtree_q

from .models import IndicatorScore, Round, RoundKind, UnitResult


def _year():
    return IntegerFilter(field_name="round__system__year", min_value=1900, max_value=9999, label="考核年度")


def _round():
    return IntegerFilter(field_name="round_id", min_value=1, max_value=2**31 - 1, label="考核轮次编号")


class RoundFilter(django_filters.FilterSet):
    year = IntegerFilter(field_name="system__year", min_value=1900, max_value=9999, label="考核年度")
    kind = django_filters.ChoiceFilter(choices=RoundKind.choices, label="轮次类型")
    unit = django_filters.CharFilter(method="filter_unit", label="参评单位代码")
    period_end = django_filters.DateFromToRangeFilter(
        label="考核期结束日期（period_end_after / period_end_before）"
    )

    class Meta:
        model = Round
        fields = ("year", "kind", "unit", "period_end")

    def filter_unit(self, queryset, name, value):
        taking_part = Round.units.through.objects.filter(unit__code=value).values("round_id")
        return queryset.filter(pk__in=taking_part)


class UnitResultFilter(django_filters.FilterSet):
    round = _round()
    year = _year()
    kind = django_filters.ChoiceFilter(field_name="round__kind", choices=RoundKind.choices, label="轮次类型")
    unit = django_filters.CharFilter(field_name="unit__code", label="单位代码")
    within = django_filters.CharFilter(method="filter_within", label="某单位及其下属单位（单位代码）")
    tier = django_filters.ChoiceFilter(field_name="unit__tier", choices=Tier.choices, label="层级")

    class Meta:
        model = UnitResult
        fields = ("round", "year", "kind", "unit", "within", "tier")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))


class IndicatorScoreFilter(UnitResultFilter):
    indicator = django_filters.CharFilter(field_name="indicator__code", label="指标编号")
    top_level = django_filters.BooleanFilter(
        field_name="indicator__parent", lookup_expr="isnull", label="仅一级指标"
    )

    class Meta:
        model = IndicatorScore
        fields = ("round", "year", "kind", "unit", "within", "tier", "indicator", "top_level")
