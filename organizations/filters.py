"""FilterSets over units and service points, shared by the portal pages and the API.

Plain ``django_filters.FilterSet`` classes: ``UnitFilter(request.GET, queryset=...).qs`` works in any view.
"""

import django_filters

from .models import BilingualService, ServicePoint, ServicePointKind, Tier, Unit, UnitKind
from .selectors import subtree_q


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label="单位类型")
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label="层级")
    parent = django_filters.CharFilter(field_name="parent__code", label="上级单位代码")
    within = django_filters.CharFilter(method="filter_within", label="某单位及其下属单位（单位代码）")

    class Meta:
        model = Unit
        fields = ("kind", "tier", "parent", "within")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value))


class ServicePointFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ServicePointKind.choices, label="类型")
    unit = django_filters.CharFilter(field_name="unit__code", label="单位代码")
    tier = django_filters.ChoiceFilter(field_name="unit__tier", choices=Tier.choices, label="层级")
    within = django_filters.CharFilter(method="filter_within", label="某单位及其下属单位（单位代码）")
    bilingual = django_filters.ChoiceFilter(
        choices=BilingualService.choices, label="双语窗口（bo 藏汉，ii 彝汉）"
    )

    class Meta:
        model = ServicePoint
        fields = ("kind", "unit", "tier", "within", "bilingual")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))
