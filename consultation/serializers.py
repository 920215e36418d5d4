"""征求意见 as the API shows it (/api/v1/consultations/…): the consultation, its comments and its feedback
report — never a commenter's name, contact, address or who typed the comment in, never how often it was
reported. A comment's text is shown with any ID number, phone number or e-mail in it masked; its answer
(采纳 / 部分采纳 / 不予采纳, with the reason) only once the feedback report is published, as on the public page.

The fields are named here, one by one (:data:`COMMENT_FIELDS`); tests/consultation/test_api.py fails when a
personal field (organizations.permissions.PERSONAL_FIELDS) or a moderation field appears among them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations import permissions as perms

from . import periods, selectors
from .models import Comment, Consultation, Verdict

STATE_LABELS = {periods.UPCOMING: _("未开始"), periods.OPEN: _("征集中"), periods.CLOSED: _("已结束")}
#: A comment's paragraph of the draft (条/段), when the model records it (per-paragraph comments).
HAS_PARAGRAPH = any(f.name == "paragraph" for f in Comment._meta.get_fields())


def _absolute(context, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class DecisionRef(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation in a list: its kind and the rule of its period, the period, where it stands now (computed
    from the set times, as the form opens and closes itself), the decision(s) it belongs to."""

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    rule = serializers.SerializerMethodField()
    first_day = serializers.SerializerMethodField()
    last_day = serializers.SerializerMethodField()
    shortened = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    comments_shown = serializers.IntegerField(read_only=True, default=0)
    feedback_published = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields: tuple[str, ...] = (
            "id",
            "title",
            "unit_code",
            "unit_name",
            "kind",
            "kind_name",
            "rule",
            "days",
            "opens_at",
            "closes_at",
            "first_day",
            "last_day",
            "shortened",
            "shortened_reason",
            "state",
            "state_label",
            "comments_shown",
            "decided_on",
            "feedback_due_on",
            "feedback_published",
            "feedback_published_at",
            "decisions",
            "url",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(help_text="期限规则及依据"))
    def get_rule(self, obj) -> str:
        return obj.kind.rule().words()

    def get_first_day(self, obj) -> str:
        return selectors.first_day(obj).isoformat()

    def get_last_day(self, obj) -> str:
        return selectors.last_day(obj).isoformat()

    def get_shortened(self, obj) -> bool:
        return obj.days < obj.kind.days

    @extend_schema_field(serializers.ChoiceField(choices=list(STATE_LABELS)))
    def get_state(self, obj) -> str:
        return obj.state(self.context.get("now") or timezone.now())

    def get_state_label(self, obj) -> str:
        return str(STATE_LABELS[self.get_state(obj)])

    def get_feedback_published(self, obj) -> bool:
        return obj.feedback_published_at is not None

    @extend_schema_field(DecisionRef(many=True))
    def get_decisions(self, obj) -> list[dict]:
        return [{"id": d.pk, "year": d.year, "title": d.title} for d in obj.decisions.all()]

    def get_url(self, obj) -> str:
        return _absolute(self.context, reverse("consultation:detail", args=[obj.pk]))


class ConsultationDetailSerializer(ConsultationSerializer):
    """One consultation with the draft, 起草说明 and 依据, and the feedback summary once published."""

    feedback_summary = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = (
            *ConsultationSerializer.Meta.fields,
            "draft",
            "explanation",
            "basis",
            "feedback_summary",
        )
        read_only_fields = fields

    def get_feedback_summary(self, obj) -> str:
        return obj.feedback_summary if obj.feedback_published_at else ""


#: What the API shows of a comment — nothing else (name, contact, entered_by, reports, visibility stay out).
COMMENT_FIELDS: tuple[str, ...] = (
    "id",
    "consultation",
    "channel",
    "channel_label",
    "received_on",
    "body",
    *(("paragraph",) if HAS_PARAGRAPH else ()),
    "group",
    "verdict",
    "verdict_label",
    "reason",
)


class CommentSerializer(serializers.ModelSerializer):
    """A comment shown on the public page (hidden and withheld ones never come here), anonymised."""

    consultation = serializers.IntegerField(source="consultation_id", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    received_on = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    verdict = serializers.SerializerMethodField()
    verdict_label = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = COMMENT_FIELDS
        read_only_fields = fields

    def get_received_on(self, obj) -> str:
        return obj.received_at.astimezone(periods.BEIJING).date().isoformat()

    def get_body(self, obj) -> str:
        return perms.redact_text(obj.body)

    def _answered(self, obj) -> bool:
        return bool(obj.verdict) and obj.consultation.feedback_published_at is not None

    @extend_schema_field(serializers.ChoiceField(choices=Verdict.values, allow_null=True))
    def get_verdict(self, obj) -> str | None:
        return obj.verdict if self._answered(obj) else None

    def get_verdict_label(self, obj) -> str:
        return str(Verdict(obj.verdict).label) if self._answered(obj) else ""

    def get_reason(self, obj) -> str:
        return perms.redact_text(obj.reason) if self._answered(obj) else ""


class Tally(serializers.Serializer):
    total = serializers.IntegerField(help_text="收到意见总数（各渠道）")
    adopted = serializers.IntegerField(help_text="采纳")
    partly = serializers.IntegerField(help_text="部分采纳")
    rejected = serializers.IntegerField(help_text="不予采纳")
    withheld = serializers.IntegerField(help_text="经审核不予展示或待审核")


class FeedbackSerializer(serializers.ModelSerializer):
    """A published feedback report (意见采纳情况说明): the decision date, when it was due and published, the
    summary and the figures; each answer with its reason is in the comments list (``comments``)."""

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = serializers.CharField(source="kind.code", read_only=True)
    on_time = serializers.SerializerMethodField()
    tally = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = (
            "id",
            "title",
            "unit_code",
            "unit_name",
            "kind",
            "decided_on",
            "feedback_due_on",
            "feedback_published_at",
            "on_time",
            "feedback_summary",
            "tally",
            "comments",
            "url",
        )
        read_only_fields = fields

    def get_on_time(self, obj) -> bool | None:
        if obj.feedback_due_on is None:
            return None
        return obj.feedback_published_at.astimezone(periods.BEIJING).date() <= obj.feedback_due_on

    @extend_schema_field(Tally)
    def get_tally(self, obj) -> dict:
        return {key: int(getattr(obj, f"n_{key}", 0) or 0) for key in Tally().fields}

    def get_comments(self, obj) -> str:
        return _absolute(self.context, reverse("v1:consultation-comment-list") + f"?consultation={obj.pk}")

    def get_url(self, obj) -> str:
        return _absolute(self.context, reverse("consultation:detail", args=[obj.pk]) + "#feedback")
