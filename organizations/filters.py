"""FilterSets over units and service points, shared by the portal pages and the API.

Plain ``django_filters.FilterSet`` classes: ``UnitFilter(request.GET, queryset=...).qs`` works in any view.
"""

import django_filters
from django.db.models import Q

from .models import ServicePoint, ServicePointKind, Tier, Unit, UnitKind


def subtree_q(code: str, prefix: str = "") -> Q:
    """A Q keeping the unit with ``code`` and every unit below it (``prefix`` like ``"unit__"``)."""
    unit = Unit.objects.filter(code=code).values("tree_id", "lft", "rght").first()
    if unit is None:
        return Q(pk__in=[])
    return Q(
        **{
            f"{prefix}tree_id": unit["tree_id"],
            f"{prefix}lft__gte": unit["lft"],
            f"{prefix}rght__lte": unit["rght"],
        }
    )


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

    class Meta:
        model = ServicePoint
        fields = ("kind", "unit", "tier", "within")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))
