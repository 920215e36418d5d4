"""FilterSets over obligations and publications, shared by the portal pages and the API.

Plain ``django_filters.FilterSet`` classes; apply them to a queryset that already carries the visibility
scope (``Publication.objects.published()``, ``.visible_to(user)``): the filters never widen it.
"""

import django_filters

from core.filters import ID_RANGE, YEAR_RANGE, IntegerFilter
from organizations.models import Tier
from organizations.selectors import subtree_q

from .models import Obligation, ObligationSource, ObligationStatus, Publication, PublicationStatus, Validity
from .selectors import DEADLINE_STATES, deadline_state_q


class ObligationFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(field_name="unit__code", label="单位代码")
    within = django_filters.CharFilter(method="filter_within", label="某单位及其下属单位（单位代码）")
    tier = django_filters.ChoiceFilter(field_name="unit__tier", choices=Tier.choices, label="层级")
    item = django_filters.CharFilter(field_name="item__code", label="事项编码")
    domain = django_filters.CharFilter(field_name="item__domain__code", label="领域代码")
    status = django_filters.ChoiceFilter(choices=ObligationStatus.choices, label="义务状态")
    source = django_filters.ChoiceFilter(choices=ObligationSource.choices, label="来源")
    deadline_status = django_filters.ChoiceFilter(
        choices=DEADLINE_STATES,
        method="filter_deadline_status",
        label="公开状态（overdue 已逾期 / due_soon 即将到期 / upcoming 未到期 / pending 待公开 / done 已公开）",
    )
    due = django_filters.DateFromToRangeFilter(
        field_name="next_due", label="最近应公开日期（due_after / due_before，含当日）"
    )

    class Meta:
        model = Obligation
        fields = ("unit", "within", "tier", "item", "domain", "status", "source", "deadline_status", "due")

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))

    def filter_deadline_status(self, queryset, name, value):
        """In SQL, on the stored ``next_due`` (see ``publishing.selectors.deadline_state_q``)."""
        return queryset.filter(deadline_state_q(value))


class PublicationFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(field_name="unit__code", label="发布单位代码")
    within = django_filters.CharFilter(method="filter_within", label="某单位及其下属单位（单位代码）")
    tier = django_filters.ChoiceFilter(field_name="unit__tier", choices=Tier.choices, label="层级")
    domain = django_filters.CharFilter(
        field_name="fulfilments__obligation__item__domain__code", distinct=True, label="领域代码"
    )
    item = django_filters.CharFilter(
        field_name="fulfilments__obligation__item__code", distinct=True, label="事项编码"
    )
    obligation = IntegerFilter(
        **ID_RANGE, field_name="fulfilments__obligation", distinct=True, label="公开义务编号"
    )
    status = django_filters.ChoiceFilter(choices=PublicationStatus.choices, label="状态")
    validity = django_filters.ChoiceFilter(choices=Validity.choices, label="有效性")
    formed_on = django_filters.DateFromToRangeFilter(
        label="信息形成日期（formed_on_after / formed_on_before）"
    )
    year = IntegerFilter(field_name="formed_on__year", **YEAR_RANGE, label="信息形成年份")
    published = django_filters.DateFromToRangeFilter(
        field_name="published_at__date", label="发布日期（published_after / published_before）"
    )
    doc_number = django_filters.CharFilter(lookup_expr="icontains", label="文号")
    index_number = django_filters.CharFilter(label="索引号")
    is_interpretation = django_filters.BooleanFilter(
        field_name="interprets", lookup_expr="isnull", exclude=True, label="政策解读"
    )

    class Meta:
        model = Publication
        fields = (
            "unit",
            "within",
            "tier",
            "domain",
            "item",
            "obligation",
            "status",
            "validity",
            "formed_on",
            "year",
            "published",
            "doc_number",
            "index_number",
            "is_interpretation",
        )

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))
