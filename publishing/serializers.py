"""Obligations and publications as the API shows and takes them.

Read serializers never carry people: no drafter, no reviewer, no event actors. Write serializers only check
the shape of the input; every rule of the workflow and every permission is the publishing services' job.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.timelimits import TimeLimitRule
from organizations import permissions as perms
from organizations.models import Unit

from . import deadlines
from .models import Attachment, Fulfilment, Obligation, Publication, Validity
from .selectors import DEADLINE_STATES  # most urgent first; an obligation shows its most urgent state

AREA = "publishing"

DEADLINE_LABELS = dict(DEADLINE_STATES)
_URGENCY = {state: i for i, (state, _label) in enumerate(DEADLINE_STATES)}
_DATED = (deadlines.OVERDUE, deadlines.DUE_SOON, deadlines.UPCOMING)


def deadline_states(obligations, today=None) -> dict[int, dict]:
    """``{obligation id: {"state", "next_due"}}`` for the active ones among ``obligations`` (objects or ids).

    One call of :func:`publishing.deadlines.obligation_status` (two queries whatever the number, plus the
    working-day calendar once per process). Done records count whenever they were published.
    Active obligations with no entry at all (only drafts under a rule with no computable due date) are pending.
    """
    ids = [getattr(o, "pk", o) for o in obligations]
    if not ids:
        return {}
    board = deadlines.obligation_status(Obligation.objects.filter(pk__in=ids), today, recent_days=365 * 100)
    out: dict[int, dict] = {}
    for state, _label in DEADLINE_STATES:
        for entry in getattr(board, state):
            pk = entry.obligation.pk
            current = out.get(pk)
            if current is None or _URGENCY[state] < _URGENCY[current["state"]]:
                out[pk] = {"state": state, "next_due": None}
            if state in (deadlines.OVERDUE, deadlines.DUE_SOON, deadlines.UPCOMING) and entry.due:
                due = out[pk]["next_due"]
                out[pk]["next_due"] = entry.due if due is None else min(due, entry.due)
    for o in obligations:
        if getattr(o, "status", None) == "active":
            out.setdefault(getattr(o, "pk", o), {"state": deadlines.PENDING, "next_due": None})
    return out


class ObligationSerializer(serializers.ModelSerializer):
    """One entry of the 三级清单 with its status and how many records fulfil it."""

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    tier = serializers.CharField(source="unit.tier", read_only=True)
    item_code = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.SerializerMethodField(label="事项名称（现行版本）")
    domain = serializers.CharField(source="item.domain.code", read_only=True)
    edition = serializers.IntegerField(source="edition.number", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    time_limit_description = serializers.SerializerMethodField(label="时限规则（文字）")
    published_count = serializers.IntegerField(read_only=True, default=0, label="已发布信息数")
    last_published_at = serializers.DateTimeField(read_only=True, default=None, label="最近发布时间")
    deadline_status = serializers.SerializerMethodField(
        label="公开状态（overdue 已逾期 / due_soon 即将到期 / upcoming 未到期 / pending 待公开 / done 已公开；"
        "非有效义务为空）"
    )
    deadline_status_label = serializers.SerializerMethodField(label="公开状态（文字）")
    next_due = serializers.SerializerMethodField(label="最近的应公开日期（未完成的）")

    class Meta:
        model = Obligation
        fields = (
            "id",
            "unit_code",
            "unit_name",
            "tier",
            "item_code",
            "item_name",
            "domain",
            "edition",
            "status",
            "status_label",
            "source",
            "source_label",
            "started_on",
            "closed_at",
            "time_limit_description",
            "published_count",
            "last_published_at",
            "deadline_status",
            "deadline_status_label",
            "next_due",
        )
        read_only_fields = fields

    def _deadline(self, obj) -> dict | None:
        """The obligation's status: from the SQL annotation (``selectors.with_deadline_status``, what the
        API's ``deadline_status`` filter uses), else from the map the view put in the context for the whole
        page (fixed query count), else computed for this one obligation."""
        if hasattr(obj, "deadline_state"):
            if obj.deadline_state is None:
                return None
            due = obj.next_due if obj.deadline_state in _DATED else None
            return {"state": obj.deadline_state, "next_due": due}
        states = self.context.get("deadline_states")
        if states is None or obj.pk not in states and obj.status == "active":
            states = deadline_states([obj])
            self.context["deadline_states"] = {**(self.context.get("deadline_states") or {}), **states}
        return states.get(obj.pk)

    @extend_schema_field(serializers.ChoiceField(choices=DEADLINE_STATES, allow_null=True))
    def get_deadline_status(self, obj) -> str | None:
        found = self._deadline(obj)
        return found["state"] if found else None

    def get_deadline_status_label(self, obj) -> str:
        found = self._deadline(obj)
        return DEADLINE_LABELS[found["state"]] if found else ""

    def get_next_due(self, obj) -> date | None:
        found = self._deadline(obj)
        return found["next_due"] if found else None

    def get_item_name(self, obj) -> str:
        return getattr(obj, "published_name", None) or obj.item.name

    def get_time_limit_description(self, obj) -> str:
        if not obj.rule:
            return ""
        try:
            return TimeLimitRule.from_dict(obj.rule).describe()
        except (ValueError, TypeError):
            return ""


class FulfilmentSerializer(serializers.ModelSerializer):
    obligation = serializers.IntegerField(source="obligation_id", read_only=True)
    unit_code = serializers.CharField(source="obligation.unit.code", read_only=True)
    item_code = serializers.CharField(source="obligation.item.code", read_only=True)

    class Meta:
        model = Fulfilment
        fields = (
            "obligation",
            "unit_code",
            "item_code",
            "period_start",
            "period_end",
            "due_date",
            "on_time",
            "late_workdays",
        )
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ("id", "name", "size", "content_type", "url", "uploaded_at")
        read_only_fields = fields

    def get_name(self, obj) -> str:
        return obj.original_name or obj.file.name.rsplit("/", 1)[-1]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        url = reverse("attachment", args=[obj.pk])  # through the permission check, never /media/
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class PublicationSerializer(serializers.ModelSerializer):
    """A publication (公开信息) with its 索引号, the obligations it fulfils and its attachments."""

    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    validity_label = serializers.CharField(source="get_validity_display", read_only=True)
    obligations = FulfilmentSerializer(source="fulfilments", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Publication
        fields = (
            "id",
            "index_number",
            "title",
            "doc_number",
            "unit_code",
            "unit_name",
            "formed_on",
            "validity",
            "validity_label",
            "status",
            "status_label",
            "publish_at",
            "published_at",
            "interprets",
            "superseded_by",
            "body",
            "obligations",
            "attachments",
        )
        read_only_fields = fields


# -- writes ------------------------------------------------------------------------------------------------
class _ScopedObligations(serializers.PrimaryKeyRelatedField):
    """Active obligations on units the caller may see (others read as "does not exist")."""

    def get_queryset(self):
        user = self.context["request"].user
        return (
            Obligation.objects.active()
            .filter(perms.unit_filter(user, perms.VIEW, AREA, "unit__"))
            .select_related("unit", "item")
        )


class _ScopedPublications(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        user = self.context["request"].user
        return Publication.objects.published() | Publication.objects.visible_to(user)


class PublicationWriteSerializer(serializers.Serializer):
    """What a unit's system sends to draft or edit a publication."""

    unit = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.active(),
        label="发布单位代码",
        error_messages={"does_not_exist": "单位代码「{value}」不存在或已停用。"},
    )
    title = serializers.CharField(
        max_length=300, label="标题", error_messages={"blank": "请填写标题。", "required": "请填写标题。"}
    )
    body = serializers.CharField(required=False, allow_blank=True, label="正文（HTML，会被清理）")
    doc_number = serializers.CharField(required=False, allow_blank=True, max_length=100, label="文号")
    formed_on = serializers.DateField(
        label="信息形成（变更）日期", error_messages={"required": "请填写信息形成（变更）日期。"}
    )
    validity = serializers.ChoiceField(choices=Validity.choices, required=False, label="有效性")
    interprets = _ScopedPublications(
        queryset=Publication.objects.all(), required=False, allow_null=True, label="解读的文件（编号）"
    )
    obligations = _ScopedObligations(
        queryset=Obligation.objects.all(), many=True, required=False, label="对应公开义务（编号列表）"
    )

    def validate_unit(self, unit):
        if self.instance is not None and unit != self.instance.unit:
            raise serializers.ValidationError(_("不能修改发布单位。"))
        return unit


class SubmitSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", label="说明")


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        label="附件（PDF、docx、xlsx、PNG、JPG）", error_messages={"required": "请上传文件（字段名 file）。"}
    )
