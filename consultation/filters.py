"""The filters of the 征求意见 API (/api/v1/consultations/…). Plain FilterSets over querysets that already hold
only what the public may see; they never widen them. A verdict filter only reaches comments whose feedback
report is published (before that, an answer is not public, and a filter must not reveal it either)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import ID_RANGE, YEAR_RANGE, IntegerFilter
from organizations.selectors import subtree_q

from . import periods
from .models import Channel, Comment, Consultation, Verdict
from .serializers import HAS_PARAGRAPH, STATE_LABELS


def state_q(state: str, now) -> Q:
    """The consultations in ``state`` at ``now``, in SQL (the same rule as :func:`periods.state`)."""
    if state == periods.UPCOMING:
        return Q(opens_at__gt=now)
    if state == periods.OPEN:
        return Q(opens_at__lte=now, closes_at__gt=now)
    return Q(closes_at__lte=now)


class ConsultationFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(
        field_name="kind__code", max_length=20, label="类别（major / enterprise / normative）"
    )
    state = django_filters.ChoiceFilter(
        choices=list(STATE_LABELS.items()), method="filter_state", label="状态（upcoming / open / closed）"
    )
    unit = django_filters.CharFilter(field_name="unit__code", max_length=32, label="起草单位代码")
    within = django_filters.CharFilter(
        method="filter_within", max_length=32, label="某单位及其下属单位（单位代码）"
    )
    year = IntegerFilter(field_name="opens_at__year", **YEAR_RANGE, label="开始年度")
    feedback = django_filters.BooleanFilter(
        field_name="feedback_published_at", lookup_expr="isnull", exclude=True, label="已公开采纳情况"
    )

    class Meta:
        model = Consultation
        fields = ("kind", "state", "unit", "within", "year", "feedback")

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_q(value, timezone.now()))

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q(value, "unit__"))


class CommentFilter(django_filters.FilterSet):
    consultation = IntegerFilter(field_name="consultation_id", **ID_RANGE, label="征求意见编号")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="渠道")
    verdict = django_filters.ChoiceFilter(
        choices=Verdict.choices, method="filter_verdict", label="采纳情况（仅已公开采纳情况的）"
    )
    if HAS_PARAGRAPH:
        paragraph = IntegerFilter(
            field_name="paragraph", min_value=1, max_value=32767, label="针对草案第几条/段"
        )

    class Meta:
        model = Comment
        fields = ("consultation", "channel", "verdict", *(("paragraph",) if HAS_PARAGRAPH else ()))

    def filter_verdict(self, queryset, name, value):
        return queryset.filter(verdict=value, consultation__feedback_published_at__isnull=False)
