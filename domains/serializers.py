"""The policy fields as the API and the open-data dump show them."""

from rest_framework import serializers

from .models import Domain


class DomainSerializer(serializers.ModelSerializer):
    """A field (试点领域) the district has activated, with its guideline and lead unit."""

    lead_unit_code = serializers.CharField(source="lead_unit.code", default=None, read_only=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", default=None, read_only=True)
    cooperating_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Domain
        fields = (
            "code",
            "name",
            "former_names",
            "guideline_title",
            "guideline_issuer",
            "guideline_number",
            "description",
            "is_national",
            "order",
            "lead_unit_code",
            "lead_unit_name",
            "cooperating_units",
        )
        read_only_fields = fields
