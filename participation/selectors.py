"""Reads on participation data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q

from .models import Rating, SupervisorReport


def rating_summary(target_kind: str, target_code: str) -> dict:
    """Good and bad counts for one target (one query)."""
    return Rating.objects.filter(target_kind=target_kind, target_code=target_code).aggregate(
        good=Count("id", filter=Q(value="good")), bad=Count("id", filter=Q(value="bad"))
    )


def rating_summaries(targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Good and bad counts for many (kind, code) targets in one query, however many there are; unrated targets
    get zeros. An item page uses it for the item and each of its service guides."""
    targets = list(dict.fromkeys(targets))
    result = {target: {"good": 0, "bad": 0} for target in targets}
    if not targets:
        return result
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, code in targets:
        by_kind[kind].append(code)
    condition = Q()
    for kind, codes in by_kind.items():
        condition |= Q(target_kind=kind, target_code__in=codes)
    rows = (
        Rating.objects.filter(condition)
        .order_by()
        .values("target_kind", "target_code")
        .annotate(good=Count("id", filter=Q(value="good")), bad=Count("id", filter=Q(value="bad")))
    )
    for row in rows:
        result[(row["target_kind"], row["target_code"])] = {"good": row["good"], "bad": row["bad"]}
    return result


def reports_of(user):
    """The reports a supervisor filed, with the office's answers."""
    return (
        SupervisorReport.objects.filed_by(user).select_related("unit", "answered_by").order_by("-created_at")
    )
