"""What importing a plan would change, row by row: 新增 / 有变更 (which cells, old → new) / 无变更.

One comparison for the preview, the import job's result and the write: an existing item (found by
:func:`catalog.importer.write.existing_index`, field + 一级 + 二级 (+ 三级) name) is *changed* when applying the
row through :func:`catalog.services.apply_item_data` changes one of
:data:`catalog.services.ITEM_FIELDS`, or when its content elements, bases or channels differ from the row's —
the same test the bulk write makes before it leaves an unchanged item alone.

:func:`compare_plan` marks every :class:`~catalog.importer.results.PlannedRow` of a plan (``status``,
``changes``, ``item_id``, ``is_leaf``, ``needs_rule``) and returns the number of groups to be created.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.chunks import chunked
from organizations.models import UnitKind

from ..models import (
    Channel,
    ContentElement,
    DisclosureItem,
    FivePublic,
    ItemBasis,
    ItemChannel,
    ItemStatus,
    RuleStatus,
)
from ..services import ITEM_FIELDS, ItemData, apply_item_data
from .results import ImportPlan, PlannedRow

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
#: Item ids read per query for the stored elements, bases and channels.
CHUNK = 500
EMPTY = gettext_noop("（空）")
RELATED = ("elements", "bases", "channels")


@dataclass(frozen=True)
class Change:
    """One changed cell of a row: the column as the catalog names it, the stored and the new value."""

    column: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.column}：{self.old} → {self.new}"


# -- the shape both sides are compared in ---------------------------------------------------------------------
def row_related(data: ItemData) -> tuple:
    """A row's elements, bases and channels, as the write stores them (cut to the column lengths)."""
    channels = []
    for entry in data.channels:
        channel, required, *rest = entry
        channels.append((str(channel), required, (rest[0] if rest else "")[:200]))
    return (
        tuple(text[:500] for text in data.elements),
        tuple((ref.name[:200], ref.article) for ref in data.bases),
        tuple(sorted(channels)),
    )


def stored_related(item_ids: Iterable[int]) -> dict[int, tuple]:
    """The stored elements, bases and channels of items, in the shape of :func:`row_related`."""
    found: dict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    for ids in chunked(sorted(set(item_ids)), CHUNK):
        for item_id, text in (
            ContentElement.objects.filter(item_id__in=ids)
            .order_by("order", "pk")
            .values_list("item_id", "text")
        ):
            found[item_id][0].append(text)
        for item_id, name, article in (
            ItemBasis.objects.filter(item_id__in=ids)
            .order_by("order", "pk")
            .values_list("item_id", "document__name", "article")
        ):
            found[item_id][1].append((name, article))
        for item_id, channel, required, words in (
            ItemChannel.objects.filter(item_id__in=ids)
            .order_by("pk")
            .values_list("item_id", "channel", "required", "words")
        ):
            found[item_id][2].append((channel, required, words))
    return {item_id: (tuple(e), tuple(b), tuple(sorted(c))) for item_id, (e, b, c) in found.items()}


NO_RELATED = ((), (), ())


def applied(item: DisclosureItem, data: ItemData, order: int) -> DisclosureItem:
    """A copy of the stored item with the row applied as the write applies it (the item is left alone)."""
    after = copy.copy(item)
    stored = (item.time_limit_text, item.time_limit_status)
    apply_item_data(after, replace(data, order=order), stored_time_limit=stored)
    return after


def changed_keys(
    item: DisclosureItem, after: DisclosureItem, related: tuple, new_related: tuple
) -> list[str]:
    """The fields (of ITEM_FIELDS, and elements / bases / channels) in which the row differs from the item."""
    keys = [name for name in ITEM_FIELDS if getattr(item, name) != getattr(after, name)]
    keys += [name for name, old, new in zip(RELATED, related, new_related, strict=True) if old != new]
    return keys


# -- the cells, in words ----------------------------------------------------------------------------------------
def _joined(values: Iterable[str], sep: str = "、") -> str:
    return sep.join(v for v in values if v) or _(EMPTY)


def _ticks(*pairs: tuple[bool, str]) -> str:
    return _joined(label for on, label in pairs if on)


def _channels(channels: tuple) -> str:
    """In the order of the standard channels (政府网站 first), as the catalogs list them."""
    labels, rank = dict(Channel.choices), {value: i for i, value in enumerate(Channel.values)}
    return _joined(
        ("■" if required else "□") + str(labels.get(channel, channel)) + (f"（{words}）" if words else "")
        for channel, required, words in sorted(channels, key=lambda c: (rank.get(c[0], 99), c))
    )


def _rule(values: dict) -> str:
    from ..timelimits import TimeLimitRule

    status = dict(RuleStatus.choices).get(values["time_limit_status"], values["time_limit_status"])
    rule = values["time_limit_rule"]
    if not rule:
        return str(status)
    try:
        return f"{status}：{TimeLimitRule.from_dict(rule).describe()}"
    except (ValueError, TypeError, KeyError):
        return str(status)


#: (column label, the keys it shows, how it reads): every key of ITEM_FIELDS and RELATED belongs to one.
COLUMNS: list[tuple[str, tuple[str, ...], object]] = [
    (gettext_noop("事项名称"), ("name",), lambda v: v["name"] or _(EMPTY)),
    (gettext_noop("排序"), ("order",), lambda v: str(v["order"])),
    (
        gettext_noop("公开内容"),
        ("content", "elements"),
        lambda v: (
            _joined(("●" + e for e in v["elements"]), " ") if v["elements"] else (v["content"] or _(EMPTY))
        ),
    ),
    (
        gettext_noop("公开依据"),
        ("basis_text", "bases"),
        lambda v: v["basis_text"] or _joined(name + article for name, article in v["bases"]),
    ),
    (gettext_noop("公开时限"), ("time_limit_text",), lambda v: v["time_limit_text"] or _(EMPTY)),
    (gettext_noop("时限规则"), ("time_limit_rule", "time_limit_status"), _rule),
    (gettext_noop("时限说明"), ("time_limit_note",), lambda v: v["time_limit_note"] or _(EMPTY)),
    (gettext_noop("公开主体"), ("subject_text",), lambda v: v["subject_text"] or _(EMPTY)),
    (
        gettext_noop("主体单位类型"),
        ("subject_kinds",),
        lambda v: _joined(str(dict(UnitKind.choices).get(k, k)) for k in v["subject_kinds"] or ()),
    ),
    (
        gettext_noop("指定主体单位"),
        ("subject_unit_id",),
        lambda v: _("已指定") if v["subject_unit_id"] else _("未指定"),
    ),
    (
        gettext_noop("公开对象"),
        ("audience_public", "audience_specific"),
        lambda v: _ticks((v["audience_public"], _("全社会")), (v["audience_specific"], _("特定群体"))),
    ),
    (
        gettext_noop("公开方式"),
        ("mode_proactive", "mode_on_request"),
        lambda v: _ticks((v["mode_proactive"], _("主动")), (v["mode_on_request"], _("依申请"))),
    ),
    (
        gettext_noop("公开层级"),
        ("tier_district", "tier_street", "tier_community"),
        lambda v: _ticks(
            (v["tier_district"], _("区级")),
            (v["tier_street"], _("街道级")),
            (v["tier_community"], _("社区级")),
        ),
    ),
    (gettext_noop("公开渠道和载体"), ("channels",), lambda v: _channels(v["channels"])),
    (
        gettext_noop("五公开"),
        ("five_public",),
        lambda v: str(dict(FivePublic.choices).get(v["five_public"], v["five_public"])) or _(EMPTY),
    ),
    (gettext_noop("公开形式"), ("form",), lambda v: v["form"] or _(EMPTY)),
    (gettext_noop("公开时长"), ("duration",), lambda v: v["duration"] or _(EMPTY)),
    (gettext_noop("责任科室"), ("responsible_office",), lambda v: v["responsible_office"] or _(EMPTY)),
    (gettext_noop("负面清单"), ("is_negative",), lambda v: _("是") if v["is_negative"] else _("否")),
    (gettext_noop("不予公开依据"), ("negative_ground",), lambda v: v["negative_ground"] or _(EMPTY)),
    (gettext_noop("导入说明"), ("import_notes",), lambda v: _joined(v["import_notes"] or (), "；")),
    (
        gettext_noop("状态"),
        ("status",),
        lambda v: str(dict(ItemStatus.choices).get(v["status"], v["status"])),
    ),
]
COLUMN_OF = {key: label for label, keys, _read in COLUMNS for key in keys}


def _values(item: DisclosureItem, related: tuple) -> dict:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values.update(zip(RELATED, related, strict=True))
    return values


def describe_changes(
    item: DisclosureItem, after: DisclosureItem, related: tuple, new_related: tuple, keys: list[str]
) -> list[Change]:
    """The changed keys as cells: one :class:`Change` per column, in the catalog's column order."""
    old, new = _values(item, related), _values(after, new_related)
    changes = []
    for label, column_keys, read in COLUMNS:
        if not any(key in keys for key in column_keys):
            continue
        before, now = read(old), read(new)
        if before == now:  # a difference the words hide (spaces in the original text): show the raw values
            before = "；".join(str(old[k]) for k in column_keys if k in keys) or _(EMPTY)
            now = "；".join(str(new[k]) for k in column_keys if k in keys) or _(EMPTY)
        changes.append(Change(_(label), before, now))
    return changes


# -- the plan -----------------------------------------------------------------------------------------------
def compare_plan(plan: ImportPlan) -> int:
    """Mark every row of the plan new / changed / unchanged (with its changed cells), which rows are leaves
    and which will need their rule set by hand; returns the number of groups the write would create.
    Reads the database, writes nothing."""
    from .write import existing_index, plan_nodes

    if not plan.rows:
        return 0
    index = existing_index({row.domain.pk for row in plan.rows})
    nodes = plan_nodes(plan)
    order = {(n.domain.pk, n.path): n.order for n in nodes}
    parents = {(d, path[:-1]) for d, path in index if len(path) > 1}
    parents |= {(n.domain.pk, n.path[:-1]) for n in nodes if len(n.path) > 1}
    existing_ids = [index[(r.domain.pk, r.path)].pk for r in plan.rows if (r.domain.pk, r.path) in index]
    related = stored_related(existing_ids)
    for row in plan.rows:
        key = (row.domain.pk, row.path)
        row.is_leaf = key not in parents
        _mark(row, index.get(key), order[key], related)
    return sum(1 for n in nodes if n.row is None and (n.domain.pk, n.path) not in index)


def _mark(row: PlannedRow, item: DisclosureItem | None, order: int, related: dict) -> None:
    if item is None:
        row.status, row.action, row.changes, row.item_id = NEW, "create", [], None
        status = RuleStatus.PARSED if row.rule_understood else RuleStatus.UNPARSED
    else:
        after = applied(item, row.data, order)
        stored, new_related = related.get(item.pk, NO_RELATED), row_related(row.data)
        keys = changed_keys(item, after, stored, new_related)
        row.action, row.item_id = "update", item.pk
        row.status = CHANGED if keys else UNCHANGED
        row.changes = describe_changes(item, after, stored, new_related, keys) if keys else []
        status = after.time_limit_status
    row.needs_rule = row.is_leaf and status == RuleStatus.UNPARSED and not row.data.is_negative
