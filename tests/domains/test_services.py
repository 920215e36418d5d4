"""domains.services: which fields are active, and each field's division of work, written by the office only."""

import pytest
from django.core.exceptions import PermissionDenied

from domains import services
from domains.models import Domain, DomainPreset
from organizations.models import Role
from tests.factories import district, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return district()


@pytest.fixture
def office(units):
    return member(Role.OFFICE, units["gov"], username="office")


def test_activate_domains_activates_exactly_the_given_fields(office):
    first, second, third = Domain.objects.order_by("code")[:3]
    Domain.objects.update(is_active=False)
    Domain.objects.filter(pk=third.pk).update(is_active=True)

    changed = services.activate_domains(user=office, domains=[first, second], reason="启用")

    assert set(Domain.objects.filter(is_active=True)) == {first, second}
    assert {d.pk for d in changed} == {first.pk, second.pk, third.pk}
    assert Domain.history.filter(id=first.pk).latest().history_change_reason == "启用"
    assert services.activate_domains(user=office, domains=[first, second], reason="启用") == []


def test_apply_preset_activates_the_presets_fields(office):
    preset = DomainPreset.objects.order_by("code").first()
    services.apply_preset(preset=preset, user=office)
    assert set(Domain.objects.filter(is_active=True)) == set(preset.domains.all())


def test_set_division_of_work_records_lead_and_cooperating_units(units, office):
    domain = Domain.objects.order_by("code").first()
    services.set_division_of_work(
        user=office,
        domain=domain,
        lead_unit=units["dept"],
        cooperating_units=[units["s1"], units["s2"]],
        reason="分工",
    )
    domain.refresh_from_db()
    assert domain.lead_unit == units["dept"]
    assert set(domain.cooperating_units.all()) == {units["s1"], units["s2"]}

    services.set_division_of_work(
        user=office, domain=domain, lead_unit=units["s1"], cooperating_units=[], reason="分工调整"
    )
    domain.refresh_from_db()
    assert domain.lead_unit == units["s1"] and not domain.cooperating_units.exists()


def test_only_the_office_changes_the_fields(units):
    officer = member(Role.OFFICER, units["s1"])
    domain = Domain.objects.order_by("code").first()
    with pytest.raises(PermissionDenied):
        services.activate_domains(user=officer, domains=[domain], reason="启用")
    with pytest.raises(PermissionDenied):
        services.set_division_of_work(
            user=officer, domain=domain, lead_unit=units["s1"], cooperating_units=[], reason="分工"
        )
    assert not Domain.objects.get(pk=domain.pk).lead_unit
