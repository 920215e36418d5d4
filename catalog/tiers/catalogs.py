"""A unit's catalog under its tier's template, what changed since it adopted, and what duties it changes.

A unit's catalog = the template's items at the edition it adopted + its own local items − the items it excludes
with a reason. The template's items at an edition are the edition's leaf items whose 公开层级 ticks the tier,
within the template's fields, less any unit's local items (they are that unit's own, not the district's).
Every function here reads in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from ..diff import EditionDiff, diff_catalogs
from ..models import CatalogEdition, DisclosureItem, ItemStatus, PublishedItem
from .models import Adoption, Exclusion, LocalItem, TierTemplate

TIER_FLAG = {"street": "tier_street", "community": "tier_community"}


def local_item_ids() -> set[int]:
    return set(LocalItem.objects.values_list("item_id", flat=True))


def template_entries(template: TierTemplate, edition: CatalogEdition, local: set[int] | None = None) -> dict:
    """{item id: the item's frozen data} of the template at ``edition`` (two queries)."""
    rows = PublishedItem.objects.filter(edition=edition, **{TIER_FLAG[template.tier]: True})
    domain_ids = list(template.domains.values_list("pk", flat=True))
    if domain_ids:
        rows = rows.filter(domain_id__in=domain_ids)
    parents = set(
        PublishedItem.objects.filter(edition=edition)
        .exclude(parent_item=None)
        .values_list("parent_item_id", flat=True)
    )
    local = local_item_ids() if local is None else local
    return {
        item_id: data
        for item_id, data in rows.order_by("position").values_list("item_id", "data")
        if item_id not in parents and item_id not in local
    }


@dataclass
class UnitCatalog:
    """One adoption, read whole: what its catalog holds and how it stands against the edition in force."""

    adoption: Adoption
    adopted: dict  # item id -> data: the template's items at the adopted edition
    current: dict  # item id -> data: the template's items at the edition in force
    excluded: dict[int, str] = field(default_factory=dict)  # item id -> reason ("" when none was given)
    local: list[DisclosureItem] = field(default_factory=list)
    #: approved editions after the adopted one, up to the one in force (0: in step)
    lag: int = 0

    @property
    def excluded_with_reason(self) -> set[int]:
        return {i for i, reason in self.excluded.items() if reason.strip()}

    @property
    def item_ids(self) -> set[int]:
        """The items of the unit's catalog: adopted template items − reasoned exclusions + its local items."""
        return (set(self.adopted) - self.excluded_with_reason) | {i.pk for i in self.local}

    @property
    def lacking(self) -> list[int]:
        """Template items in force the unit neither adopted nor excluded."""
        return [i for i in self.current if i not in self.adopted and i not in self.excluded]


def _editions_between(adopted: CatalogEdition, current: CatalogEdition | None, numbers: list[int]) -> int:
    if current is None:
        return 0
    return sum(1 for n in numbers if adopted.number < n <= current.number)


def read_catalogs(adoptions, current: CatalogEdition | None = None) -> list[UnitCatalog]:
    """Each adoption's catalog (queries: a few per distinct (template, edition), three in all for the rest)."""
    adoptions = list(adoptions.select_related("unit", "template", "edition"))
    current = current or CatalogEdition.objects.current()
    local = local_item_ids()
    numbers = list(CatalogEdition.objects.approved().values_list("number", flat=True))
    cache: dict[tuple[int, int], dict] = {}

    def entries(template, edition):
        key = (template.pk, edition.pk)
        if key not in cache:
            cache[key] = template_entries(template, edition, local)
        return cache[key]

    ids = [a.pk for a in adoptions]
    excluded: dict[int, dict[int, str]] = {}
    for adoption_id, item_id, reason in Exclusion.objects.filter(
        adoption_id__in=ids, is_active=True
    ).values_list("adoption_id", "item_id", "reason"):
        excluded.setdefault(adoption_id, {})[item_id] = reason
    locals_of: dict[int, list] = {}
    for row in LocalItem.objects.filter(adoption_id__in=ids, item__status=ItemStatus.ACTIVE).select_related(
        "item"
    ):
        locals_of.setdefault(row.adoption_id, []).append(row.item)
    out = []
    for a in adoptions:
        catalog = UnitCatalog(
            adoption=a,
            adopted=entries(a.template, a.edition),
            current=entries(a.template, current) if current else {},
            excluded=excluded.get(a.pk, {}),
            local=locals_of.get(a.pk, []),
            lag=_editions_between(a.edition, current, numbers),
        )
        out.append(catalog)
    return out


def read_catalog(adoption: Adoption) -> UnitCatalog:
    (catalog,) = read_catalogs(Adoption.objects.filter(pk=adoption.pk))
    return catalog


def changes_since(adoption: Adoption, current: CatalogEdition | None = None) -> EditionDiff:
    """What the template changed between the edition the unit adopted and the one in force (the readable diff
    of :mod:`catalog.diff`): items added, retired (or no longer of the tier), changed."""
    current = current or CatalogEdition.objects.current()
    local = local_item_ids()
    old = template_entries(adoption.template, adoption.edition, local)
    new = template_entries(adoption.template, current, local) if current else {}
    return diff_catalogs(old, new)


@dataclass
class Adjustments:
    """How the adoptions change who owes what under an edition.

    ``withheld``: item id -> {unit id: why}: a template item the unit excluded with a reason, or one added to the
    template after the edition it adopted (not adopted yet): the unit owes no duty for it. ``local``: one dict per
    local item, owed by its unit alone (``unit_id``, ``item_id``, ``code``, ``name``, ``subject``, ``domain_id``,
    ``tiers``, ``rule``)."""

    withheld: dict[int, dict[int, str]] = field(default_factory=dict)
    local: list[dict] = field(default_factory=list)


def adjustments(edition: CatalogEdition) -> Adjustments:
    """The adoptions' effect on the duties ``edition`` gives (the units of active templates only)."""
    out = Adjustments()
    adoptions = Adoption.objects.filter(template__is_active=True, unit__is_active=True)
    for catalog in read_catalogs(adoptions, current=edition):
        unit_id = catalog.adoption.unit_id
        for item_id in catalog.current:
            if item_id in catalog.excluded_with_reason:
                why = "本单位目录标注不适用：" + catalog.excluded[item_id].strip()
            elif item_id not in catalog.adopted:
                why = f"本单位目录采用第{catalog.adoption.edition.number}版模板，尚未采用此事项"
            else:
                continue
            out.withheld.setdefault(item_id, {})[unit_id] = why[:300]
        for item in catalog.local:
            out.local.append(
                {
                    "unit_id": unit_id,
                    "item_id": item.pk,
                    "code": item.code,
                    "name": item.name,
                    "subject": item.subject_text,
                    "domain_id": item.domain_id,
                    "tiers": tuple(item.tiers),
                    "rule": item.time_limit_rule or {},
                    "why": "本单位目录的自增事项",
                }
            )
    return out


def adoptions_of_tier(tier: str | None = None):
    q = Q(template__is_active=True)
    if tier:
        q &= Q(template__tier=tier)
    return Adoption.objects.filter(q)
