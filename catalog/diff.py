"""A readable diff between two catalogs: items added, removed and changed, element by element."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

from organizations.models import UnitKind

from .snapshot import LABELS, SNAPSHOT_FIELDS
from .timelimits import TimeLimitRule


@dataclass
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    added: list[str] = field(default_factory=list)  # for list fields: the elements added …
    removed: list[str] = field(default_factory=list)  # … and removed

    @property
    def sentence(self) -> str:
        """The change in words: 公开时限由『及时公开』改为『信息形成之日起20个工作日内』."""
        if self.added or self.removed:
            parts = []
            if self.added:
                parts.append("增加『" + "』『".join(self.added) + "』")
            if self.removed:
                parts.append("删除『" + "』『".join(self.removed) + "』")
            return f"{self.label}：" + "，".join(parts)
        return f"{self.label}由『{self.before or '（空）'}』改为『{self.after or '（空）'}』"


@dataclass
class ItemChange:
    item_id: int
    code: str
    name: str
    domain: str
    changes: list[FieldChange]


@dataclass
class EditionDiff:
    added: list[dict]
    removed: list[dict]
    changed: list[ItemChange]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return f"新增 {len(self.added)} 项，删除（停用） {len(self.removed)} 项，修改 {len(self.changed)} 项"


def _as_lines(value) -> list[str]:
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict) and "channel" in v:
                out.append(("■" if v["required"] else "□") + (v.get("words") or v["label"]))
            elif isinstance(v, dict) and "name" in v:
                out.append(
                    "".join(
                        filter(
                            None,
                            [v["name"], v.get("doc_number") and f"（{v['doc_number']}）", v.get("article")],
                        )
                    )
                )
            else:
                out.append(str(v))
        return out
    return []


def _text(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(_as_lines(value))
    if isinstance(value, dict):
        if not value:
            return "（未设置）"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value or "")


def _in_words(name: str, value):
    """A snapshot value as the office reads it: the rule described, unit kinds by their Chinese names."""
    if name == "time_limit_rule" and isinstance(value, dict) and value:
        try:
            return TimeLimitRule.from_dict(value).describe()
        except (TypeError, ValueError, KeyError):
            return value
    if name == "subject_kinds" and isinstance(value, list):
        labels = dict(UnitKind.choices)
        return [str(labels.get(v, v)) for v in value]
    return value


def compare_items(before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name, label in SNAPSHOT_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        old, new = _in_words(name, old), _in_words(name, new)
        if old == new:
            continue
        change = FieldChange(field=name, label=label, before=_text(old), after=_text(new))
        if isinstance(old, list) or isinstance(new, list):
            old_lines, new_lines = _as_lines(old or []), _as_lines(new or [])
            for op in difflib.ndiff(old_lines, new_lines):
                if op.startswith("+ "):
                    change.added.append(op[2:])
                elif op.startswith("- "):
                    change.removed.append(op[2:])
        changes.append(change)
    return changes


def diff_catalogs(old: dict[int, dict], new: dict[int, dict]) -> EditionDiff:
    """``old``/``new``: {item id: item data}, as :mod:`catalog.snapshot` makes them."""
    added = [new[i] for i in new if i not in old]
    removed = [old[i] for i in old if i not in new]
    changed = []
    for item_id in new:
        if item_id in old:
            field_changes = compare_items(old[item_id], new[item_id])
            if field_changes:
                data = new[item_id]
                changed.append(ItemChange(item_id, data["code"], data["name"], data["domain"], field_changes))
    return EditionDiff(added=added, removed=removed, changed=changed)


__all__ = ["EditionDiff", "FieldChange", "ItemChange", "LABELS", "compare_items", "diff_catalogs"]
