"""Obligations and publications as the API shows and takes them.

Read serializers never carry people: no drafter, no reviewer, no event actors. Write serializers only check
the shape of the input; every rule of the workflow and every permission is the publishing services' job.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.timelimits import TimeLimitRule
from core.api import display
from organizations import permissions as perms
from organizations.models import Unit

from . import deadlines
from .models import (
    Attachment,
    Fulfilment,
    Obligation,
    ObligationSource,
    ObligationStatus,
    Publication,
    PublicationStatus,
    Validity,
)
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
            "combined",
            "body",
            "obligations",
            "attachments",
        )
        read_only_fields = fields


# -- lists from plain rows (core.api.RowListMixin) ---------------------------------------------------------
# The list views read these columns with ``QuerySet.values()`` and build the same rows the serializers above
# give for one object (tests/publishing/test_api_lists.py compares them): no model instance, no field object
# per cell, the related rows of the whole page in one query each.
_DATETIME = serializers.DateTimeField()

OBLIGATION_COLUMNS = (
    "id",
    "unit__code",
    "unit__name",
    "unit__tier",
    "item__code",
    "item__name",
    "item__domain__code",
    "edition__number",
    "status",
    "source",
    "started_on",
    "closed_at",
    "rule",
    "published_name",
    "deadline_state",
    "next_due",
)

PUBLICATION_COLUMNS = (
    "id",
    "index_number",
    "title",
    "doc_number",
    "unit__code",
    "unit__name",
    "formed_on",
    "validity",
    "status",
    "publish_at",
    "published_at",
    "interprets_id",
    "superseded_by_id",
    "combined",
    "body",
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value) -> str | None:
    return _DATETIME.to_representation(value) if value is not None else None


def _rule_text(rule, seen: dict) -> str:
    """The time-limit rule in words, once per distinct rule of the page."""
    if not rule:
        return ""
    key = json.dumps(rule, sort_keys=True, default=str)
    if key not in seen:
        try:
            seen[key] = TimeLimitRule.from_dict(rule).describe()
        except (ValueError, TypeError):
            seen[key] = ""
    return seen[key]


def _published_of(ids: list[int]) -> dict[int, tuple[int, object]]:
    """``{obligation id: (published records, last published at)}``: one grouped query for a page (the
    ``fulfilment_obligation_publication`` index and the published records' partial index, no table read)."""
    stats = (
        Fulfilment.objects.filter(obligation_id__in=ids, publication__status=PublicationStatus.PUBLISHED)
        .order_by()
        .values("obligation_id")
        .annotate(n=Count("publication_id"), last=Max("publication__published_at"))
        .values_list("obligation_id", "n", "last")
    )
    return {obligation: (n, last) for obligation, n, last in stats}


def obligation_rows(rows: list[dict]) -> list[dict]:
    """A page of obligations (``OBLIGATION_COLUMNS`` rows, with ``selectors.with_deadline_status``) as
    :class:`ObligationSerializer` shows them: one query for the page's published counts."""
    if not rows:
        return []
    statuses, sources, rules = display(ObligationStatus.choices), display(ObligationSource.choices), {}
    published = _published_of([row["id"] for row in rows])
    out = []
    for row in rows:
        state = row["deadline_state"]
        count, last = published.get(row["id"], (0, None))
        out.append(
            {
                "id": row["id"],
                "unit_code": row["unit__code"],
                "unit_name": row["unit__name"],
                "tier": row["unit__tier"],
                "item_code": row["item__code"],
                "item_name": row["published_name"] or row["item__name"],
                "domain": row["item__domain__code"],
                "edition": row["edition__number"],
                "status": row["status"],
                "status_label": statuses.get(row["status"], row["status"]),
                "source": row["source"],
                "source_label": sources.get(row["source"], row["source"]),
                "started_on": _day(row["started_on"]),
                "closed_at": _moment(row["closed_at"]),
                "time_limit_description": _rule_text(row["rule"], rules),
                "published_count": count,
                "last_published_at": _moment(last),
                "deadline_status": state,
                "deadline_status_label": DEADLINE_LABELS[state] if state else "",
                "next_due": _day(row["next_due"]) if state in _DATED else None,
            }
        )
    return out


def _fulfilments_of(ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = defaultdict(list)
    fulfilments = (
        Fulfilment.objects.filter(publication_id__in=ids)
        .order_by("id")
        .values_list(
            "publication_id",
            "obligation_id",
            "obligation__unit__code",
            "obligation__item__code",
            "period_start",
            "period_end",
            "due_date",
            "on_time",
            "late_workdays",
        )
    )
    for publication, obligation, unit, item, start, end, due, on_time, late in fulfilments:
        found[publication].append(
            {
                "obligation": obligation,
                "unit_code": unit,
                "item_code": item,
                "period_start": _day(start),
                "period_end": _day(end),
                "due_date": _day(due),
                "on_time": on_time,
                "late_workdays": late,
            }
        )
    return found


def _attachments_of(ids: list[int], request) -> dict[int, list[dict]]:
    marker = 987654321987654321
    url = reverse("attachment", args=[marker])  # through the permission check, never /media/
    if request is not None:
        url = request.build_absolute_uri(url)
    found: dict[int, list[dict]] = defaultdict(list)
    attachments = (
        Attachment.objects.filter(publication_id__in=ids)
        .order_by("id")
        .values_list("publication_id", "id", "original_name", "file", "size", "content_type", "uploaded_at")
    )
    for publication, pk, original, file, size, content_type, uploaded in attachments:
        found[publication].append(
            {
                "id": pk,
                "name": original or (file or "").rsplit("/", 1)[-1],
                "size": size,
                "content_type": content_type,
                "url": url.replace(str(marker), str(pk)),
                "uploaded_at": _moment(uploaded),
            }
        )
    return found


def publication_rows(rows: list[dict], request=None) -> list[dict]:
    """A page of publications (``PUBLICATION_COLUMNS`` rows) as :class:`PublicationSerializer` shows them:
    two queries for the page (its fulfilments, its attachments), none when it is empty."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    fulfilments, attachments = _fulfilments_of(ids), _attachments_of(ids, request)
    statuses, validities = display(PublicationStatus.choices), display(Validity.choices)
    return [
        {
            "id": row["id"],
            "index_number": row["index_number"],
            "title": row["title"],
            "doc_number": row["doc_number"],
            "unit_code": row["unit__code"],
            "unit_name": row["unit__name"],
            "formed_on": _day(row["formed_on"]),
            "validity": row["validity"],
            "validity_label": validities.get(row["validity"], row["validity"]),
            "status": row["status"],
            "status_label": statuses.get(row["status"], row["status"]),
            "publish_at": _moment(row["publish_at"]),
            "published_at": _moment(row["published_at"]),
            "interprets": row["interprets_id"],
            "superseded_by": row["superseded_by_id"],
            "combined": row["combined"],
            "body": row["body"],
            "obligations": fulfilments.get(row["id"], []),
            "attachments": attachments.get(row["id"], []),
        }
        for row in rows
    ]


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
        queryset=Obligation.objects.all(),
        many=True,
        required=False,
        label="对应公开义务（编号列表；须为发布单位自身承担的同一事项，合并公开的可为多个事项）",
    )
    combined = serializers.BooleanField(
        required=False, label="合并公开（一份文件同时回应多个公开事项，逐一关联各事项的义务）"
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
