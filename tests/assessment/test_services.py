"""assessment.services: copying a system with its own description, and the assessor groups' members."""

import pytest
from django.core.exceptions import PermissionDenied

from assessment import services
from assessment.models import AssessorGroup, IndicatorSystem

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    services.load_templates()
    return IndicatorSystem.objects.filter(template_key__gt="").order_by("template_key").first()


def test_copy_system_takes_a_description_or_names_its_source(office, template):
    described = services.copy_system(
        user=office, source=template, year=2030, name="甲", description="本区细则"
    )
    plain = services.copy_system(user=office, source=template, year=2031, name="乙")
    assert IndicatorSystem.objects.get(pk=described.pk).description == "本区细则"
    assert template.name in IndicatorSystem.objects.get(pk=plain.pk).description
    assert described.indicators.count() == template.indicators.count() > 0


def test_add_assessor_by_the_office_only(office, people, template):
    group = AssessorGroup.objects.order_by("order").first()
    services.add_assessor(user=office, group=group, account=people["auditor"])
    assert group.members.filter(pk=people["auditor"].pk).exists()
    with pytest.raises(PermissionDenied):
        services.add_assessor(user=people["s1_officer"], group=group, account=people["s1_officer"])
    assert not group.members.filter(pk=people["s1_officer"].pk).exists()
