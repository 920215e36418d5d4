"""Writes on the policy fields."""

from django.contrib.auth.models import User
from django.db import transaction

from organizations import permissions as perms

from .models import Domain, DomainPreset


@transaction.atomic
def apply_preset(*, preset: DomainPreset, user: User) -> list[Domain]:
    """Activate exactly the preset's fields (the others are deactivated, never deleted)."""
    perms.require(user, perms.CHANGE, "domains")
    wanted = set(preset.domains.values_list("pk", flat=True))
    changed = []
    for domain in Domain.objects.select_for_update():
        active = domain.pk in wanted
        if domain.is_active != active:
            domain.is_active = active
            domain._change_reason = f"应用领域组合：{preset.name}"  # type: ignore[attr-defined]  # django-simple-history's, untyped

            domain.save(update_fields=["is_active"])
            changed.append(domain)
    return changed
