"""Catalog items of the approved edition in force, as the API and the open-data dump show them.

Everything is read from ``PublishedItem.data`` (the frozen snapshot), never from the office's working copy.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import FivePublic, PublishedItem
from .selectors import TIER_LABELS
from .timelimits import TimeLimitRule


def _data(name, field_class=serializers.CharField, default="", **kwargs):
    return field_class(source=f"data.{name}", default=default, read_only=True, **kwargs)


class BasisSerializer(serializers.Serializer):
    name = serializers.CharField(label="依据文件")
    issuer = serializers.CharField(label="制发机关", default="")
    doc_number = serializers.CharField(label="文号", default="")
    article = serializers.CharField(label="条款", default="")


class ChannelSerializer(serializers.Serializer):
    channel = serializers.CharField(label="渠道代码")
    label = serializers.CharField(label="渠道")
    required = serializers.BooleanField(label="必选（■）或可选（□）")


class PublishedItemSerializer(serializers.ModelSerializer):
    """One 事项 with its standard elements (公开内容、依据、时限、主体、渠道、对象、方式、层级、五公开)."""

    edition = serializers.IntegerField(source="edition.number", read_only=True, label="目录版次")
    domain = serializers.CharField(source="domain.code", read_only=True, label="领域代码")
    domain_name = serializers.CharField(source="domain.name", read_only=True, label="领域")
    parent_code = _data("parent_code", label="上级事项编码")
    parent_name = _data("parent", label="上级事项")
    level_label = serializers.SerializerMethodField(label="事项级别")
    elements = _data(
        "elements",
        serializers.ListField,
        default=list,
        child=serializers.CharField(),
        label="公开内容（要素）",
    )
    content = _data("content", label="公开内容原文")
    basis_text = _data("basis_text", label="公开依据")
    bases = _data("bases", BasisSerializer, default=list, many=True, label="依据文件")
    time_limit_text = _data("time_limit_text", label="公开时限（原文）")
    time_limit_rule = _data("time_limit_rule", serializers.JSONField, default=dict, label="时限规则")
    time_limit_description = serializers.SerializerMethodField(label="时限规则（文字）")
    subject_text = _data("subject_text", label="公开主体")
    subject_kinds = _data(
        "subject_kinds",
        serializers.ListField,
        default=list,
        child=serializers.CharField(),
        label="主体单位类型",
    )
    channels = _data("channels", ChannelSerializer, default=list, many=True, label="公开渠道和载体")
    channels_text = serializers.SerializerMethodField(label="公开渠道和载体（■必选 □可选）")
    audience = _data(
        "audience", serializers.ListField, default=list, child=serializers.CharField(), label="公开对象"
    )
    mode = _data("mode", serializers.ListField, default=list, child=serializers.CharField(), label="公开方式")
    tiers = _data(
        "tiers", serializers.ListField, default=list, child=serializers.CharField(), label="公开层级"
    )
    tier_labels = serializers.SerializerMethodField(label="公开层级（文字）")
    five_public = _data("five_public", label="五公开")
    five_public_label = serializers.SerializerMethodField(label="五公开（文字）")
    form = _data("form", label="公开形式")
    duration = _data("duration", label="公开时长")
    responsible_office = _data("responsible_office", label="责任科室")
    negative_ground = _data("negative_ground", label="不予公开的法律依据")

    class Meta:
        model = PublishedItem
        fields = (
            "code",
            "name",
            "edition",
            "domain",
            "domain_name",
            "level",
            "level_label",
            "parent_code",
            "parent_name",
            "elements",
            "content",
            "basis_text",
            "bases",
            "time_limit_text",
            "time_limit_rule",
            "time_limit_description",
            "subject_text",
            "subject_kinds",
            "channels",
            "channels_text",
            "audience",
            "mode",
            "tiers",
            "tier_labels",
            "five_public",
            "five_public_label",
            "form",
            "duration",
            "responsible_office",
            "is_negative",
            "negative_ground",
        )
        read_only_fields = fields

    def get_level_label(self, obj) -> str:
        return ["一级事项", "二级事项", "三级事项"][min(obj.level or 0, 2)]

    def get_time_limit_description(self, obj) -> str:
        rule = obj.data.get("time_limit_rule") or {}
        if not rule:
            return ""
        try:
            return TimeLimitRule.from_dict(rule).describe()
        except (ValueError, TypeError):
            return ""

    def get_channels_text(self, obj) -> str:
        return " ".join(
            ("■" if c.get("required") else "□") + str(c.get("label", ""))
            for c in obj.data.get("channels") or []
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_tier_labels(self, obj):
        return [TIER_LABELS.get(t, t) for t in obj.data.get("tiers") or []]

    def get_five_public_label(self, obj) -> str:
        value = obj.data.get("five_public") or ""
        try:
            return FivePublic(value).label if value else ""
        except ValueError:
            return value
