"""Demo loader: activate the district's fields and record their division of work (工作分工).

The active fields are the preset's (浙江 8 个试点领域) plus every field the demo file assigns a lead unit to —
社会救助 (低保、临时救助) among them, so the 低保 documents are filed under their own field."""

from django.db import transaction

from organizations.models import Unit

from .models import Domain, DomainPreset


@transaction.atomic
def load(data: dict) -> dict:
    preset = DomainPreset.objects.get(code=data["preset"])
    listed = [row["code"] for row in data["domains"]]
    wanted = set(preset.domains.values_list("pk", flat=True))
    wanted |= set(Domain.objects.filter(code__in=listed).values_list("pk", flat=True))
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
