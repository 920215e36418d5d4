"""Reads on participation data."""
from django.db.models import Count, Q

from .models import Rating, SupervisorReport


def rating_summary(target_kind: str, target_code: str) -> dict:
    """Good and bad counts for one target (one query)."""
    return Rating.objects.filter(target_kind=target_kind, target_code=target_code).aggregate(
        good=Count("id", filter=Q(value="good")), bad=Count("id", filter=Q(value="bad"))
    )


def reports_of(user):
    """The reports a supervisor filed, with the office's answers."""
    return SupervisorReport.objects.filed_by(user).select_related("unit", "answered_by").order_by("-created_at")
