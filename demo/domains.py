"""Demo loader: activate the district's fields and record their division of work (工作分工).

The active fields are the preset's (浙江 8 个试点领域) plus every field the demo file assigns a lead unit to —
社会救助 (低保、临时救助) among them, so the 低保 documents are filed under their own field. Written through
:mod:`domains.services` by the district office's demo account (``office``)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from domains import services
from domains.models import Domain, DomainPreset
from organizations.models import Unit

REASON = "演示数据"


@transaction.atomic
def load(data: dict) -> dict:
    office = get_user_model().objects.get(username="office")
    preset = DomainPreset.objects.get(code=data["preset"])
    listed = [row["code"] for row in data["domains"]]
    wanted = set(preset.domains.all()) | set(Domain.objects.filter(code__in=listed))
    services.activate_domains(user=office, domains=wanted, reason=REASON)
    units = {u.code: u for u in Unit.objects.all()}
    for row in data["domains"]:
        services.set_division_of_work(
            user=office,
            domain=Domain.objects.get(code=row["code"]),
            lead_unit=units[row["lead"]],
            cooperating_units=[units[c] for c in row["cooperating"]],
            reason=REASON,
        )
    return {"active_domains": len(wanted)}
