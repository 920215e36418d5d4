"""FilterSets over the public catalog (items of the approved edition), shared by the portal and the API.

Plain ``django_filters.FilterSet``: ``PublishedItemFilter(request.GET, queryset=public_items()).qs``.
"""

import django_filters
from django.db.models import Q

from core.filters import IntegerFilter
from organizations.models import Tier

from .models import FivePublic, PublishedItem


class PublishedItemFilter(django_filters.FilterSet):
    domain = django_filters.CharFilter(field_name="domain__code", label="领域代码")
    tier = django_filters.ChoiceFilter(choices=Tier.choices, method="filter_tier", label="公开层级")
    level = IntegerFilter(field_name="level", min_value=0, max_value=10, label="事项级别（0为一级）")
    parent = django_filters.CharFilter(field_name="parent_item__code", label="上级事项编码")
    proactive = django_filters.BooleanFilter(field_name="mode_proactive", label="主动公开")
    is_negative = django_filters.BooleanFilter(field_name="is_negative", label="负面清单")
    five_public = django_filters.ChoiceFilter(
        field_name="data__five_public", choices=FivePublic.choices, label="五公开"
    )
    q = django_filters.CharFilter(method="filter_text", label="关键词")

    class Meta:
        model = PublishedItem
        fields = ("domain", "tier", "level", "parent", "proactive", "is_negative", "five_public", "q")

    def filter_tier(self, queryset, name, value):
        return queryset.filter(**{f"tier_{value}": True})

    def filter_text(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(search_text__icontains=word) | Q(name__icontains=word) | Q(code__iexact=word)
        return queryset.filter(q)
