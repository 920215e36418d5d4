"""Writing service guides (办事指南): a guide with its materials and steps, each step's machine rule read from
its wording."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from organizations import permissions as perms

from ..models import DisclosureItem, GuideMaterial, GuideStep, ServiceGuide
from ..timelimits import Kind, parse_time_limit
from .durations import guide_total_days

AREA = "catalog"

# -- writing ------------------------------------------------------------------------------------------


@dataclass
class MaterialData:
    name: str
    copies: str = ""
    note: str = ""


@dataclass
class StepData:
    name: str
    actor: str = ""
    description: str = ""
    time_limit_text: str = ""


@dataclass
class GuideData:
    """Everything a service guide says, as the demo loader (and later an import) reads it."""

    code: str
    title: str
    applicants: str = ""
    conditions: str = ""
    basis: str = ""
    fee: str = "不收费"
    total_time_limit: str = ""
    place: str = ""
    contact: str = ""
    supervision: str = ""
    materials: list[MaterialData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


GUIDE_FIELDS = ("title", "applicants", "conditions", "basis", "fee", "place", "contact", "supervision")


def step_rule(text: str) -> dict:
    """The machine rule of a step's time limit: a relative deadline as a rule dict, else ``{}``."""
    result = parse_time_limit(text or "")
    if result.understood and result.rule.kind is Kind.DEADLINE:
        return result.rule.to_dict()
    return {}


def _materials_changed(guide: ServiceGuide, materials: list[MaterialData]) -> bool:
    stored = [(m.name, m.copies, m.note) for m in guide.materials.order_by("order", "id")]
    return stored != [(m.name[:300], m.copies[:100], m.note[:300]) for m in materials]


def _steps_changed(guide: ServiceGuide, steps: list[StepData]) -> bool:
    stored = [
        (s.name, s.actor, s.description, s.time_limit_text) for s in guide.steps.order_by("order", "id")
    ]
    return stored != [(s.name[:100], s.actor[:100], s.description, s.time_limit_text[:200]) for s in steps]


def write_guide(
    *, item: DisclosureItem, data: GuideData, guide: ServiceGuide | None = None, active: bool = True
) -> ServiceGuide:
    """Create or update the guide with ``data.code`` under ``item`` (or ``guide``, the one being edited),
    replacing its materials and steps only when they changed (so a re-run leaves no history behind); each
    step's machine rule is read from its wording. Callers check permission and hold the transaction, as with
    :func:`catalog.services.write_item`."""
    if guide is None:
        guide = ServiceGuide.objects.filter(code=data.code).first() or ServiceGuide(code=data.code)
    values = {name: getattr(data, name) for name in GUIDE_FIELDS}
    values["item_id"] = item.pk
    values["is_active"] = active
    values["code"] = data.code
    if guide.pk is None or any(getattr(guide, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(guide, k, v)
        guide.save()
    if _materials_changed(guide, data.materials):
        guide.materials.all().delete()
        GuideMaterial.objects.bulk_create(
            [
                GuideMaterial(
                    guide=guide, name=m.name[:300], copies=m.copies[:100], note=m.note[:300], order=i
                )
                for i, m in enumerate(data.materials, start=1)
            ]
        )
    if _steps_changed(guide, data.steps):
        guide.steps.all().delete()
        GuideStep.objects.bulk_create(
            [
                GuideStep(
                    guide=guide,
                    order=i,
                    name=s.name[:100],
                    actor=s.actor[:100],
                    description=s.description,
                    time_limit_text=s.time_limit_text[:200],
                    time_limit_rule=step_rule(s.time_limit_text),
                )
                for i, s in enumerate(data.steps, start=1)
            ]
        )
    total = data.total_time_limit or guide_total_days(guide).text
    if guide.total_time_limit != total[:200]:
        guide.total_time_limit = total[:200]
        guide.save(update_fields=["total_time_limit"])
    return guide


@transaction.atomic
def save_guide(
    *, user, item: DisclosureItem, data: GuideData, guide: ServiceGuide | None = None, active: bool = True
) -> ServiceGuide:
    """:func:`write_guide` for a user (the admin form with its materials and steps): permission checked (ADD
    for a new guide, CHANGE otherwise), atomic."""
    perms.require(user, perms.CHANGE if guide is not None and guide.pk else perms.ADD, AREA)
    return write_guide(item=item, data=data, guide=guide, active=active)


@transaction.atomic
def save_step(
    *,
    user,
    guide: ServiceGuide,
    name: str,
    actor: str = "",
    description: str = "",
    time_limit_text: str = "",
    order: int | None = None,
    step: GuideStep | None = None,
) -> GuideStep:
    """Create or change one step; its machine rule is read from the wording on every save."""
    perms.require(user, perms.CHANGE, AREA)
    if step is None:
        step = GuideStep(guide=guide)
        if order is None:
            last = guide.steps.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
    step.guide = guide
    if order is not None:
        step.order = order
    step.name, step.actor, step.description = name[:100], actor[:100], description
    step.time_limit_text = time_limit_text[:200]
    step.time_limit_rule = step_rule(time_limit_text)
    step.save()
    return step
