"""Who owes what: the units an item's 公开主体 names, today, and why.

:func:`catalog.subjects.parse_subject` reads the words into clauses; this module matches them against the
active units: a unit named outright (its name, short name or one of its aliases), the units carrying a named
sector (``Unit.sectors``) at the district tier, every street / community / village where the words say so,
every department where they say "each", and, for words that name no one, the field's lead and cooperating
units *to confirm*. The item's ticked tiers (公开层级) bound the result; a ticked street or community tier the
words do not cover gives every unit of that tier. An item that matches no unit is **unassigned**: it waits on
the office's desk with the words that matched nothing, and is never given to every unit.

The plan is computed for a whole edition in a fixed number of queries; :func:`plan_edition` is what generation
writes (``publishing.services.obligations``), what ``manage.py plan_obligations`` prints and what the admin
shows before an edition is approved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from catalog import selectors as catalog_selectors
from catalog import subjects as S
from catalog.models import CatalogEdition, DisclosureItem, PublishedItem
from domains.models import Domain
from organizations.models import KIND_TIER, Unit, UnitKind
from organizations.sectors import sector_names

TIER_NAMES = {"district": "区级", "street": "街道级", "community": "社区级"}
TIER_KINDS = {
    "district": (UnitKind.GOVERNMENT.value, UnitKind.DEPARTMENT.value, UnitKind.INSTITUTION.value),
    "street": (UnitKind.STREET.value, UnitKind.TOWNSHIP.value),
    "community": (UnitKind.COMMUNITY.value, UnitKind.VILLAGE.value),
}


@dataclass
class ItemPlan:
    """The units one leaf item goes to, and why."""

    item_id: int
    code: str
    name: str
    subject: str
    domain_id: int
    tiers: tuple[str, ...]
    rule: dict
    #: unit id -> (why, to confirm): units named one by one (outright, by sector, the field's units).
    units: dict[int, tuple[str, bool]] = field(default_factory=dict)
    #: unit kind -> why: every active unit of the kind.
    kinds: dict[str, str] = field(default_factory=dict)
    #: the words that matched no unit, each with the reason.
    unmatched: list[str] = field(default_factory=list)
    #: every unit id it goes to (``units`` and the units of ``kinds``), filled by the plan.
    unit_ids: dict[int, tuple[str, bool]] = field(default_factory=dict)
    #: unit id -> why: units the words name whose adopted catalog leaves the item out (excluded with a reason,
    #: or not adopted yet): they owe nothing for it.
    withheld: dict[int, str] = field(default_factory=dict)

    @property
    def unassigned(self) -> bool:
        return not self.unit_ids and not self.withheld

    @property
    def to_confirm(self) -> bool:
        return any(flag for _why, flag in self.unit_ids.values())

    @property
    def why(self) -> str:
        reasons = list(dict.fromkeys(why for why, _flag in self.unit_ids.values()))
        reasons += [f"未匹配：{words}" for words in self.unmatched]
        return "；".join(reasons) or "公开主体未写明任何单位"


class UnitDirectory:
    """The active units, indexed for matching (one query), and the fields' lead and cooperating units (two)."""

    def __init__(self):
        self.units = list(
            Unit.objects.filter(is_active=True).values(
                "id", "code", "name", "short_name", "aliases", "kind", "sectors"
            )
        )
        self.by_id = {u["id"]: u for u in self.units}
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_kind: dict[str, list[int]] = defaultdict(list)
        self.by_sector: dict[str, list[int]] = defaultdict(list)
        for u in self.units:
            names = [u["name"], u["short_name"], *Unit(aliases=u["aliases"]).alias_list]
            for name in names:
                if name:
                    self.by_name[name.strip()].add(u["id"])
            self.by_kind[u["kind"]].append(u["id"])
            if KIND_TIER[u["kind"]] == "district":
                for sector in u["sectors"] or ():
                    self.by_sector[sector].append(u["id"])
        government = [u["name"] for u in self.units if u["kind"] == UnitKind.GOVERNMENT]
        #: a county-level city: 市X局 is the district's own department
        self.own_city = any(name.endswith("市人民政府") and "区" not in name for name in government)
        self.leads: dict[int, list[int]] = defaultdict(list)
        for domain_id, lead_id in Domain.objects.exclude(lead_unit=None).values_list("id", "lead_unit_id"):
            self.leads[domain_id].append(lead_id)
        through = Domain.cooperating_units.through
        for domain_id, unit_id in through.objects.values_list("domain_id", "unit_id"):
            self.leads[domain_id].append(unit_id)

    def tier(self, unit_id: int) -> str:
        return KIND_TIER[self.by_id[unit_id]["kind"]]

    def named(self, names) -> set[int]:
        for name in names:
            found = self.by_name.get(name.strip())
            if found:
                return set(found)
        return set()


def _resolve(entry: ItemPlan, subject_unit_id, directory: UnitDirectory) -> None:
    clauses = S.parse_subject(entry.subject, own_city=directory.own_city)
    units, kinds, unmatched = entry.units, entry.kinds, entry.unmatched

    def give(unit_id: int, why: str, confirm: bool = False) -> None:
        if unit_id not in directory.by_id:
            return
        held = units.get(unit_id)
        if held is None or (held[1] and not confirm):  # a definite reason beats "to confirm"
            units[unit_id] = (why, confirm)

    for clause in clauses:
        quoted = f"「{clause.words}」"
        # a unit named outright (never for the tier-wide words: "各街道办事处" names every street, not one)
        named = directory.named(clause.names) if not clause.kinds or clause.rule == S.GOVERNMENT else set()
        if named:
            for unit_id in named:
                give(unit_id, f"{quoted}→ 点名的单位")
            continue
        if clause.rule == S.SECTOR:
            found = directory.by_sector.get(clause.sectors[0], []) if len(clause.sectors) == 1 else []
            if not found:  # several sectors in one phrase: the units carrying all of them, else any of them
                sets = [set(directory.by_sector.get(s, [])) for s in clause.sectors]
                found = sorted(set.intersection(*sets) or set.union(*sets))
            for unit_id in found:
                give(unit_id, f"{quoted}→ {clause.label}")
            if not found:
                unmatched.append(f"{clause.words}（本区没有承担{sector_names(clause.sectors)}职能的单位）")
        elif clause.kinds:
            present = [k for k in clause.kinds if directory.by_kind.get(k)]
            for kind in present:
                kinds.setdefault(kind, f"{quoted}→ {clause.label}")
            if not present:
                unmatched.append(f"{clause.words}（本区没有此类单位）")
        elif clause.rule == S.VAGUE:
            leads = directory.leads.get(entry.domain_id, [])
            for unit_id in leads:
                give(unit_id, f"{quoted}→ {clause.label}", confirm=True)
            if not leads:
                unmatched.append(f"{clause.words}（未指明单位，领域也未设牵头单位）")
        elif clause.rule == S.HIGHER:
            unmatched.append(f"{clause.words}（上级机关，不是本区单位）")
        else:
            unmatched.append(f"{clause.words}（未能识别）")
    if subject_unit_id:
        give(subject_unit_id, "目录指定的主体单位")
    if not clauses and not subject_unit_id:
        for unit_id in directory.leads.get(entry.domain_id, [])[:1]:
            give(unit_id, "公开主体未填写 → 领域牵头单位，待公开办确认", confirm=True)

    # The words decide; a ticked tier (公开层级) they name no unit of is left to the office, never filled with
    # every unit of the tier.
    covered = {KIND_TIER[k] for k in kinds} | {directory.tier(u) for u in units}
    for tier in entry.tiers:
        if tier not in covered:
            unmatched.append(f"公开层级勾选{TIER_NAMES[tier]}，公开主体未写明该级的单位")
    for kind, why in kinds.items():
        for unit_id in directory.by_kind[kind]:
            entry.unit_ids[unit_id] = (why, False)
    for unit_id, reason in units.items():
        if directory.by_id[unit_id]["kind"] not in kinds:
            entry.unit_ids[unit_id] = reason
    for unit_id in [u for u in units if directory.by_id[u]["kind"] in kinds]:
        del units[
            unit_id
        ]  # the kind covers it: one reason per unit, and the SQL path keeps the pairs disjoint


def _rows_of_edition(edition: CatalogEdition):
    for item_id, parent_id, domain_id, d, s, c, proactive, negative, data in PublishedItem.objects.filter(
        edition=edition
    ).values_list(
        "item_id",
        "parent_item_id",
        "domain_id",
        "tier_district",
        "tier_street",
        "tier_community",
        "mode_proactive",
        "is_negative",
        "data",
    ):
        tiers = tuple(t for t, on in (("district", d), ("street", s), ("community", c)) if on)
        yield item_id, parent_id, domain_id, tiers, proactive, negative, data


def _rows_of_catalog():
    """The live catalog (a draft edition's items as they stand): the same shape as an edition's rows."""
    for item in DisclosureItem.objects.active().order_by("domain__order", "tree_id", "lft"):
        data = {
            "code": item.code,
            "name": item.name,
            "subject_text": item.subject_text,
            "subject_unit_id": item.subject_unit_id,
            "time_limit_rule": item.time_limit_rule,
        }
        yield (
            item.pk,
            item.parent_id,
            item.domain_id,
            tuple(item.tiers),
            item.mode_proactive,
            item.is_negative,
            data,
        )


def plan_rows(rows, directory: UnitDirectory | None = None) -> list[ItemPlan]:
    """The plan of every leaf item of ``rows`` that is proactively disclosed and not on the negative list."""
    rows = list(rows)
    directory = directory or UnitDirectory()
    parents = {row[1] for row in rows if row[1] is not None}
    plans = []
    for item_id, _parent, domain_id, tiers, proactive, negative, data in rows:
        if not proactive or negative or item_id in parents:
            continue
        entry = ItemPlan(
            item_id=item_id,
            code=data.get("code", ""),
            name=data.get("name", ""),
            subject=data.get("subject_text") or "",
            domain_id=domain_id,
            tiers=tiers,
            rule=data.get("time_limit_rule") or {},
        )
        _resolve(entry, data.get("subject_unit_id"), directory)
        plans.append(entry)
    return plans


def plan_edition(edition: CatalogEdition, directory: UnitDirectory | None = None) -> list[ItemPlan]:
    """Who owes what under an approved edition, as the streets' and communities' adopted catalogs have it."""
    directory = directory or UnitDirectory()
    return follow_adoptions(plan_rows(_rows_of_edition(edition), directory), edition, directory)


def follow_adoptions(
    plans: list[ItemPlan], edition: CatalogEdition, directory: UnitDirectory
) -> list[ItemPlan]:
    """Duties follow the adopted catalogs (issue 25 part 4): a unit owes no template item it excluded with a
    reason or has not adopted yet, and owes its own local items alone."""
    adjust = catalog_selectors.adoption_adjustments(edition)
    for p in plans:
        held = {u: why for u, why in adjust.withheld.get(p.item_id, {}).items() if u in p.unit_ids}
        if not held:
            continue
        p.withheld.update(held)
        for unit_id in held:
            del p.unit_ids[unit_id]
        p.units, p.kinds = dict(p.unit_ids), {}  # named one by one: the SQL path gives exactly these
    by_item = {p.item_id: p for p in plans}
    for row in adjust.local:
        if row["unit_id"] not in directory.by_id:
            continue
        p = by_item.get(row["item_id"])
        if p is None:  # not in the edition yet: the unit's own item, owed from the day it is added
            p = ItemPlan(row["item_id"], row["code"], row["name"], row["subject"], row["domain_id"],
                         row["tiers"], row["rule"])  # fmt: skip
            by_item[p.item_id] = p
            plans.append(p)
        # the unit's own item: owed by it alone, whatever its words read as ("湖墅街道" is not "every street")
        p.unit_ids = {row["unit_id"]: (row["why"], False)}
        p.units, p.kinds, p.unmatched = dict(p.unit_ids), {}, []
    return plans


def plan_catalog(directory: UnitDirectory | None = None) -> list[ItemPlan]:
    """Who would owe what if the catalog as it stands (the draft) were approved."""
    return plan_rows(_rows_of_catalog(), directory)


def desired_pairs(plans: list[ItemPlan]) -> dict[tuple[int, int], tuple[dict, str, bool]]:
    """(unit id, item id) -> (rule, why, to confirm)."""
    return {
        (unit_id, p.item_id): (p.rule, why, confirm)
        for p in plans
        for unit_id, (why, confirm) in p.unit_ids.items()
    }


def describe(p: ItemPlan, directory: UnitDirectory) -> dict:
    """One line of ``plan_obligations --json``."""
    return {
        "item": p.code,
        "name": p.name,
        "subject": p.subject,
        "units": sorted(directory.by_id[u]["code"] for u in p.unit_ids),
        "unassigned": p.unassigned,
        "to_confirm": sorted(directory.by_id[u]["code"] for u, (_w, c) in p.unit_ids.items() if c),
        "unmatched": p.unmatched,
        "why": p.why,
    }


@dataclass
class UnitChange:
    """What a re-plan changes for one unit: its duties before and after, gained and closed, by field."""

    unit_id: int
    code: str
    name: str
    kind: str
    before: int = 0
    after: int = 0
    gained: int = 0
    closed: int = 0
    to_confirm: int = 0
    #: field id -> [before, after]
    by_field: dict[int, list[int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.gained or self.closed)


def changes(plans: list[ItemPlan], directory: UnitDirectory) -> list[UnitChange]:
    """Per active unit, the duties it holds now against those the plan gives (one query for the duties now).
    A duty the office added by hand stays (generation keeps it), so it is neither gained nor closed."""
    from .models import Obligation, ObligationSource

    out = {u["id"]: UnitChange(u["id"], u["code"], u["name"], u["kind"]) for u in directory.units}
    domain_of = {p.item_id: p.domain_id for p in plans}
    now: dict[tuple[int, int], str] = {}
    for unit_id, item_id, source, domain_id in Obligation.objects.active().values_list(
        "unit_id", "item_id", "source", "item__domain_id"
    ):
        now[(unit_id, item_id)] = source
        if unit_id in out:
            out[unit_id].before += 1
            out[unit_id].by_field.setdefault(domain_id, [0, 0])[0] += 1
            domain_of.setdefault(item_id, domain_id)
    wanted = desired_pairs(plans)
    for (unit_id, item_id), (_rule, _why, confirm) in wanted.items():
        change = out[unit_id]
        change.after += 1
        change.by_field.setdefault(domain_of[item_id], [0, 0])[1] += 1
        change.gained += (unit_id, item_id) not in now
        change.to_confirm += confirm
    for (unit_id, item_id), source in now.items():
        if unit_id not in out or (unit_id, item_id) in wanted:
            continue
        if source == ObligationSource.ADDED:  # kept by generation
            out[unit_id].after += 1
            out[unit_id].by_field.setdefault(domain_of[item_id], [0, 0])[1] += 1
        else:
            out[unit_id].closed += 1
    return list(out.values())
