"""The 征求意见 API, registered at /api/v1/ by config/api_urls.py through :func:`register`. Read-only and public
(whoever asks, officers included, sees the same: what the public pages show):

* ``consultations/`` — published consultations with their kind, period, state and decision(s);
* ``consultations/comments/?consultation=N`` — the comments shown on the public page, anonymised (hidden ones,
  waiting for a moderator, and withheld ones never appear); the answer with its reason once the feedback
  report is published;
* ``consultations/feedback/`` — published feedback reports (意见采纳情况说明) with their figures.

Pages are bounded (core.api.Pagination: at most 500 rows), the anonymous and per-account rate limits apply
(REST_FRAMEWORK's throttles), filters take bounded whole numbers and codes (a bad value is a 400).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import ReadOnlyViewSet

from .filters import CommentFilter, ConsultationFilter
from .models import Comment, Consultation, Decision, Verdict, Visibility
from .serializers import (
    COMMENT_FIELDS,
    CommentSerializer,
    ConsultationDetailSerializer,
    ConsultationSerializer,
    FeedbackSerializer,
)

SHOWN = Q(comments__visibility=Visibility.SHOWN)


def public_consultations():
    return (
        Consultation.objects.public()
        .select_related("unit", "kind")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("year", "id")))
        .annotate(comments_shown=Count("comments", filter=SHOWN))
    )


def public_comments():
    """Comments shown on a published consultation's page (never hidden or withheld ones)."""
    return Comment.objects.filter(consultation__published=True, visibility=Visibility.SHOWN).select_related(
        "consultation"
    )


def published_feedback():
    return (
        Consultation.objects.public()
        .filter(feedback_published_at__isnull=False)
        .select_related("unit", "kind")
        .annotate(
            n_total=Count("comments"),
            n_adopted=Count("comments", filter=Q(comments__verdict=Verdict.ADOPTED)),
            n_partly=Count("comments", filter=Q(comments__verdict=Verdict.PARTLY)),
            n_rejected=Count("comments", filter=Q(comments__verdict=Verdict.REJECTED)),
            n_withheld=Count("comments", filter=~SHOWN),
        )
    )


@extend_schema_view(
    list=extend_schema(summary="征求意见列表（类别、期限、状态、所属决策事项）", tags=["consultations"]),
    retrieve=extend_schema(summary="征求意见详情（含草案、起草说明、依据）", tags=["consultations"]),
)
class ConsultationViewSet(ReadOnlyViewSet):
    """Published consultations (征求意见), newest first."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    lookup_value_regex = r"\d{1,18}"
    search_fields = ("title",)
    ordering_fields = ("id", "opens_at", "closes_at")
    ordering = ("-opens_at", "-id")

    def get_queryset(self):
        return public_consultations()

    def get_serializer_class(self):
        return ConsultationDetailSerializer if self.action == "retrieve" else ConsultationSerializer

    def csv_header(self):
        return list(ConsultationSerializer.Meta.fields)


@extend_schema_view(
    list=extend_schema(
        summary="征求意见收到的意见（匿名：不含姓名、联系方式；仅公开展示的意见）", tags=["consultations"]
    ),
    retrieve=extend_schema(summary="一条意见（匿名）", tags=["consultations"]),
)
class CommentViewSet(ReadOnlyViewSet):
    """Comments as the public page shows them, anonymised, in the order received."""

    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    lookup_value_regex = r"\d{1,18}"
    ordering_fields = ("id", "received_at")
    ordering = ("consultation_id", "received_at", "id")

    def get_queryset(self):
        return public_comments()

    def csv_header(self):
        return list(COMMENT_FIELDS)


@extend_schema_view(
    list=extend_schema(
        summary="已公开的意见采纳情况说明（采纳、部分采纳、不予采纳的数量）", tags=["consultations"]
    ),
    retrieve=extend_schema(summary="一份意见采纳情况说明", tags=["consultations"]),
)
class FeedbackViewSet(ReadOnlyViewSet):
    """Published feedback reports, the latest first."""

    serializer_class = FeedbackSerializer
    filterset_class = ConsultationFilter
    lookup_value_regex = r"\d{1,18}"
    ordering_fields = ("id", "feedback_published_at", "decided_on")
    ordering = ("-feedback_published_at", "-id")

    def get_queryset(self):
        return published_feedback()

    def csv_header(self):
        return list(FeedbackSerializer.Meta.fields)


def register(router) -> None:
    """Add the 征求意见 routes to the API's router (config/api_urls.py); the two sub-lists first, so that
    ``consultations/comments/`` is never read as a consultation's id."""
    router.register("consultations/comments", CommentViewSet, basename="consultation-comment")
    router.register("consultations/feedback", FeedbackViewSet, basename="consultation-feedback")
    router.register("consultations", ConsultationViewSet, basename="consultation")
