"""Demo loader: activate the district's fields and record their division of work (工作分工)."""

from django.db import transaction

from organizations.models import Unit

from .models import Domain, DomainPreset


@transaction.atomic
def load(data: dict) -> dict:
    preset = DomainPreset.objects.get(code=data["preset"])
    wanted = set(preset.domains.values_list("pk", flat=True))
    for domain in Domain.objects.all():
        if domain.is_active != (domain.pk in wanted):
            domain.is_active = domain.pk in wanted
            domain.save(update_fields=["is_active"])
    units = {u.code: u for u in Unit.objects.all()}
    for row in data["domains"]:
        domain = Domain.objects.get(code=row["code"])
        domain.lead_unit = units[row["lead"]]
        domain.save(update_fields=["lead_unit"])
        domain.cooperating_units.set([units[c] for c in row["cooperating"]])
    return {"active_domains": len(wanted)}
