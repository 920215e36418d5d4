"""Units and service points as the API shows them: public office data only, never people."""

from rest_framework import serializers

from .models import ServicePoint, Unit


class UnitSerializer(serializers.ModelSerializer):
    """A unit's public data: no contact person, no personal e-mail, no memberships."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)

    class Meta:
        model = Unit
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "tier",
            "tier_label",
            "parent_code",
            "level",
            "phone",
            "address",
            "office_hours",
            "latitude",
            "longitude",
        )
        read_only_fields = fields


class ServicePointSerializer(serializers.ModelSerializer):
    """A place to read disclosures or get services (查阅点, 便民服务站 …)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ServicePoint
        fields = (
            "id",
            "unit_code",
            "unit_name",
            "kind",
            "kind_label",
            "name",
            "address",
            "opening_hours",
            "phone",
            "bilingual",
            "latitude",
            "longitude",
        )
        read_only_fields = fields
