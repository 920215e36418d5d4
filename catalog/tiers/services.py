"""Writes on the tier templates and the units' adoptions: keyword-only, atomic, permission first, history kept.

The office marks a template (``catalog`` area, the office only). A street's or community's officer changes its
own unit's catalog only (``publishing`` area: the unit's catalog decides its duties, 三级清单), and no other —
not even a community under its street. After each change ``catalog.services.adoption_changed`` is sent after
the commit, and publishing regenerates the duties.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from domains.models import Domain
from organizations import permissions as perms
from organizations.models import Membership, Unit

from ..models import CatalogEdition, DisclosureItem, ItemStatus
from ..services import ItemData, adoption_changed, write_item
from .catalogs import template_entries
from .models import Adoption, Exclusion, LocalItem, TemplateTier, TierTemplate

AREA = "publishing"  # a unit's catalog is the source of its duties


def _changed(unit: Unit | None = None) -> None:
    unit_id = unit.pk if unit is not None else None
    transaction.on_commit(lambda: adoption_changed.send(sender=Adoption, unit_id=unit_id))


def require_own_unit(user: Any, unit: Unit) -> None:
    """The office acts on every unit; an officer on the units it is a member of, and no other."""
    perms.require(user, perms.CHANGE, AREA, unit)
    if perms.is_office(user) or perms.is_superuser(user):
        return
    if not Membership.objects.filter(user=user, unit=unit).exists():
        raise PermissionDenied(_("只能修改本单位的目录。"))


@transaction.atomic
def mark_template(*, user: Any, tier: str, title: str, domains: list[Domain] | None = None) -> TierTemplate:
    """The office marks the district's catalog as the template of a tier (street / community)."""
    if not perms.is_office(user):
        raise PermissionDenied(_("只有区政务公开办可以设定目录模板。"))
    perms.require(user, perms.CHANGE, "catalog")
    if tier not in TemplateTier.values:
        raise ValidationError(_("模板只能设定为街道级或社区级。"))
    if not title.strip():
        raise ValidationError(_("请填写模板名称。"))
    template = TierTemplate.objects.select_for_update().filter(tier=tier).first()
    template = template or TierTemplate(tier=tier, marked_by=user)
    template.title, template.is_active = title.strip(), True
    template._change_reason = _("设定目录模板")  # type: ignore[attr-defined]
    template.save()
    if domains is not None:
        template.domains.set(domains)
    _changed()
    return template


def _template_for(unit: Unit) -> TierTemplate:
    template = TierTemplate.objects.filter(tier=unit.tier, is_active=True).first()
    if template is None:
        raise ValidationError(_("本层级尚无目录模板。"))
    return template


@transaction.atomic
def adopt(*, user: Any, unit: Unit, edition: CatalogEdition | None = None) -> Adoption:
    """The unit adopts its tier's template at the edition in force (one action; the history keeps the earlier
    versions it adopted). Its exclusions and local items carry over."""
    require_own_unit(user, unit)
    template = _template_for(unit)
    current = CatalogEdition.objects.current()  # type: ignore[no-untyped-call]
    edition = edition or current
    if edition is None or not edition.is_frozen:
        raise ValidationError(_("只能采用已批准的目录版本。"))
    adoption = Adoption.objects.select_for_update().filter(unit=unit).first()
    if adoption is not None and adoption.edition.number >= edition.number:
        raise ValidationError(_("本单位已采用第%(n)s版，无需重复采用。") % {"n": adoption.edition.number})
    adoption = adoption or Adoption(unit=unit)
    adoption.template, adoption.edition = template, edition
    adoption.adopted_by, adoption.adopted_at = user, timezone.now()
    adoption._change_reason = _("采用第%(n)s版目录模板") % {"n": edition.number}  # type: ignore[attr-defined]
    adoption.save()
    _changed(unit)
    return adoption


def _adoption_of(unit: Unit) -> Adoption:
    adoption = Adoption.objects.select_for_update().filter(unit=unit).first()
    if adoption is None:
        raise ValidationError(_("本单位尚未采用目录模板。"))
    return adoption


@transaction.atomic
def exclude_item(*, user: Any, unit: Unit, item: DisclosureItem, reason: str) -> Exclusion:
    """Mark a template item as not applying to the unit, with the reason (required)."""
    require_own_unit(user, unit)
    if not reason.strip():
        raise ValidationError(_("标注不适用须说明理由。"))
    adoption = _adoption_of(unit)
    current = CatalogEdition.objects.current()  # type: ignore[no-untyped-call]
    in_template = set(template_entries(adoption.template, adoption.edition))
    if current is not None:
        in_template |= set(template_entries(adoption.template, current))
    if item.pk not in in_template:
        raise ValidationError(_("「%(item)s」不是本级目录模板的事项。") % {"item": item.name})
    exclusion = Exclusion.objects.filter(adoption=adoption, item=item).first()
    exclusion = exclusion or Exclusion(adoption=adoption, item=item, created_by=user)
    exclusion.reason, exclusion.is_active = reason.strip(), True
    exclusion._change_reason = _("标注不适用")  # type: ignore[attr-defined]
    exclusion.save()
    _changed(unit)
    return exclusion


@transaction.atomic
def withdraw_exclusion(*, user: Any, exclusion: Exclusion) -> Exclusion:
    """The item applies to the unit again (the exclusion is kept, withdrawn)."""
    exclusion = Exclusion.objects.select_for_update().select_related("adoption__unit").get(pk=exclusion.pk)
    require_own_unit(user, exclusion.adoption.unit)
    exclusion.is_active = False
    exclusion._change_reason = _("撤销不适用")  # type: ignore[attr-defined]
    exclusion.save()
    _changed(exclusion.adoption.unit)
    return exclusion


def _local_code(unit: Unit) -> str:
    """The next free code of the unit's own items: its unit code, "BJ" (本级) and a number (GS-XH-BJ01)."""
    taken = set(
        DisclosureItem.objects.filter(code__startswith=f"{unit.code}-BJ").values_list("code", flat=True)
    )
    n = 1
    while f"{unit.code}-BJ{n:02d}" in taken:
        n += 1
    return f"{unit.code}-BJ{n:02d}"


@transaction.atomic
def add_local_item(
    *,
    user: Any,
    unit: Unit,
    domain: Domain,
    name: str,
    elements: list[str],
    time_limit_text: str,
    basis_text: str = "",
) -> LocalItem:
    """Add an item of the unit's own (本级自增事项): a catalog item whose 公开主体 is the unit alone."""
    require_own_unit(user, unit)
    adoption = _adoption_of(unit)
    if not name.strip():
        raise ValidationError(_("请填写事项名称。"))
    data = ItemData(
        name=name.strip(),
        elements=[e.strip() for e in elements if e.strip()],
        basis_text=basis_text,
        time_limit_text=time_limit_text.strip(),
        subject_text=unit.name,
        subject_unit_id=unit.pk,
        channels=[("website", True), ("bulletin_board", True)],
        tier_street=unit.tier == "street",
        tier_community=unit.tier == "community",
        responsible_office=unit.short_name or unit.name,
    )
    data.code = _local_code(unit)
    item = write_item(domain=domain, parent=None, data=data)
    local = LocalItem.objects.create(adoption=adoption, item=item, created_by=user)
    _changed(unit)
    return local


@transaction.atomic
def retire_local_item(*, user: Any, local: LocalItem, reason: str) -> LocalItem:
    """The unit retires one of its own items (kept, never deleted; its duty closes at the next generation)."""
    local = LocalItem.objects.select_related("adoption__unit", "item").get(pk=local.pk)
    require_own_unit(user, local.adoption.unit)
    if not reason.strip():
        raise ValidationError(_("停用事项须说明理由。"))
    item = DisclosureItem.objects.select_for_update().get(pk=local.item_id)
    item.status = ItemStatus.RETIRED
    item._change_reason = _("停用本级自增事项：%(reason)s") % {"reason": reason.strip()}
    item.save()
    _changed(local.adoption.unit)
    return local
