"""Writes on the policy fields: which fields the district works on, and who leads and cooperates in each."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from organizations import permissions as perms
from organizations.models import Unit

from .models import Domain, DomainPreset

AREA = "domains"


@transaction.atomic
def activate_domains(*, user: User, domains: Iterable[Domain], reason: str) -> list[Domain]:
    """Activate exactly ``domains`` (the others are deactivated, never deleted); returns the fields changed."""
    perms.require(user, perms.CHANGE, AREA)
    wanted = {domain.pk for domain in domains}
    changed = []
    for domain in Domain.objects.select_for_update():
        active = domain.pk in wanted
        if domain.is_active != active:
            domain.is_active = active
            domain._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history's, untyped
            domain.save(update_fields=["is_active"])
            changed.append(domain)
    return changed


@transaction.atomic
def apply_preset(*, preset: DomainPreset, user: User) -> list[Domain]:
    """Activate exactly the preset's fields (the others are deactivated, never deleted)."""
    return activate_domains(user=user, domains=preset.domains.all(), reason=f"应用领域组合：{preset.name}")


@transaction.atomic
def set_division_of_work(
    *, user: User, domain: Domain, lead_unit: Unit | None, cooperating_units: Iterable[Unit], reason: str
) -> Domain:
    """Record a field's division of work (工作分工): the lead unit and the cooperating units."""
    perms.require(user, perms.CHANGE, AREA)
    domain = Domain.objects.select_for_update().get(pk=domain.pk)
    domain.lead_unit = lead_unit
    domain._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history's, untyped
    domain.save(update_fields=["lead_unit"])
    domain.cooperating_units.set(list(cooperating_units))
    return domain
