"""The column mapping of an import (导入映射): guessed from the header, shown, corrected, remembered.

Every sheet of a workbook gets a :class:`SheetMap`: its header row, and for each column the header words,
three sample values and the **role** the column plays (:data:`ROLES`: 名称 levels, 内容, 依据, 时限, 主体,
渠道, 对象, 方式, each tier, 五公开, 备注, ignored…). :func:`guess_sheet` guesses the roles from the header
words; the office corrects them on the admin's mapping page or with ``--map`` / ``--layout`` on the command
line (:func:`apply_overrides`), and a confirmed mapping is kept as a named layout
(:class:`catalog.models.ImportLayout`, keyed by :func:`signature` of the header words) proposed for the next
workbook with the same headers. :func:`build_layout` turns a sheet's mapping into the
:class:`~catalog.importer.layout.Layout` the row reader uses.

What the guess assumes is said (``ColumnMap.note``) and, unless the office confirmed the mapping, listed for
review:

* Name levels by meaning, not position: a category column (事项类别, 类别, 公开类别, 主题) is the first level of
  the tree, then 一级 / 公开事项 / 事项名称, then 二级, then 三级 — "事项类别 | 事项名称" keeps both levels.
* Tier columns by meaning (:func:`~catalog.importer.layout.tier_of`); when there are more tier columns than
  tiers (县级 | 镇级 | 乡、村级, or 县 | 乡镇 | 村 | 组) a column naming several tiers keeps the tiers no other
  column names (乡、村级 next to 镇级 → 社区级), and two columns of one tier both count (a tick in either).
* An unknown header, or a column with data but no header, is ignored until someone gives it a role.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import column_index_from_string, get_column_letter

from .. import excel
from .layout import (
    CITY,
    COMMUNITY,
    DISTRICT,
    GROUP_KEYS,
    NAME_KEYS,
    REQUIRED_COLUMNS,
    STREET,
    SUB_KEYS,
    TIER_NAMES,
    Col,
    Layout,
    find_header,
    is_two_rows,
    label_key,
    tier_of,
)
from .results import Assumption, RowError

#: Sample values shown per column, and how long each may be.
SAMPLES, SAMPLE_CHARS = 3, 60
#: Data rows searched for samples (and for columns with data but no header).
SAMPLE_ROWS = 200

IGNORE, NOTE = "ignore", "note"
TIER_PREFIX = "tier:"
#: Every role a column can play, in the order the mapping page offers them, with its label.
ROLES: dict[str, object] = {
    IGNORE: gettext_lazy("忽略（不导入）"),
    "seq": gettext_lazy("序号"),
    "domain": gettext_lazy("领域"),
    "l1": gettext_lazy("名称：第一级（一级事项 / 类别）"),
    "l2": gettext_lazy("名称：第二级（二级事项）"),
    "l3": gettext_lazy("名称：第三级（三级事项）"),
    "content": gettext_lazy("公开内容（要素）"),
    "basis": gettext_lazy("公开依据"),
    "time_limit": gettext_lazy("公开时限"),
    "subject": gettext_lazy("公开主体"),
    "responsible_office": gettext_lazy("责任科室"),
    "channels": gettext_lazy("公开渠道和载体"),
    "audience_public": gettext_lazy("公开对象：全社会（勾选）"),
    "audience_specific": gettext_lazy("公开对象：特定群体（勾选）"),
    "audience_text": gettext_lazy("公开对象（文字）"),
    "mode_proactive": gettext_lazy("公开方式：主动（勾选）"),
    "mode_on_request": gettext_lazy("公开方式：依申请（勾选）"),
    "mode_text": gettext_lazy("公开方式（文字）"),
    "tier:district": gettext_lazy("公开层级：区级（县级）"),
    "tier:street": gettext_lazy("公开层级：街道级（乡镇）"),
    "tier:community": gettext_lazy("公开层级：社区级（村）"),
    "tier:street+community": gettext_lazy("公开层级：街道级和社区级（乡、村级）"),
    "tiers_text": gettext_lazy("公开层级（文字）"),
    "five_public": gettext_lazy("五公开"),
    "form": gettext_lazy("公开形式"),
    "duration": gettext_lazy("公开时长"),
    "is_negative": gettext_lazy("负面清单（勾选）"),
    "negative_ground": gettext_lazy("不予公开依据"),
    NOTE: gettext_lazy("备注（记在事项的导入说明里）"),
}
#: Short words for a role on the command line (``--map 公开要求=时限``), besides the keys and labels.
ROLE_WORDS = {
    "忽略": IGNORE,
    "不导入": IGNORE,
    "序号": "seq",
    "领域": "domain",
    "一级": "l1",
    "一级事项": "l1",
    "类别": "l1",
    "二级": "l2",
    "二级事项": "l2",
    "三级": "l3",
    "三级事项": "l3",
    "内容": "content",
    "公开内容": "content",
    "依据": "basis",
    "公开依据": "basis",
    "时限": "time_limit",
    "公开时限": "time_limit",
    "主体": "subject",
    "公开主体": "subject",
    "责任科室": "responsible_office",
    "渠道": "channels",
    "公开渠道": "channels",
    "公开渠道和载体": "channels",
    "全社会": "audience_public",
    "特定群体": "audience_specific",
    "公开对象": "audience_text",
    "对象": "audience_text",
    "主动": "mode_proactive",
    "依申请": "mode_on_request",
    "公开方式": "mode_text",
    "方式": "mode_text",
    "公开层级": "tiers_text",
    "层级": "tiers_text",
    "五公开": "five_public",
    "公开形式": "form",
    "公开时长": "duration",
    "负面清单": "is_negative",
    "不予公开依据": "negative_ground",
    "备注": NOTE,
}
#: How sure a column's role is: what the file says plainly, what the guess inferred, what someone set.
GUESSED, INFERRED, CONFIRMED = "guess", "inferred", "office"
_LETTER_RE = re.compile(r"^[A-Za-z]{1,3}$")


def tier_role(tiers) -> str:
    """The role of a tier column: ``tier:street+community``."""
    ordered = [t for t in (DISTRICT, STREET, COMMUNITY) if t in tiers]
    return TIER_PREFIX + "+".join(ordered)


def tiers_of_role(role: str) -> tuple[str, ...]:
    if not role.startswith(TIER_PREFIX):
        return ()
    return tuple(t for t in role[len(TIER_PREFIX) :].split("+") if t in TIER_NAMES)


def role_label(role: str) -> str:
    if role in ROLES:
        return str(ROLES[role])
    tiers = tiers_of_role(role)
    if tiers:
        return _("公开层级：%(t)s") % {"t": "、".join(TIER_NAMES[t] for t in tiers)}
    return role


def is_role(role: str) -> bool:
    return role in ROLES or bool(tiers_of_role(role))


def role_of_words(words: str) -> str | None:
    """The role a word names on the command line: a key (``time_limit``), a label, a short word (时限, 主体,
    备注, 忽略…) or a tier (县级, 乡镇, 社区…); None when it names none."""
    text = (words or "").strip()
    if not text:
        return None
    if is_role(text):
        return text
    norm = excel.norm_label(text)
    for key, label in ROLES.items():
        if excel.norm_label(str(label)) == norm:
            return key
    if norm in ROLE_WORDS:
        return ROLE_WORDS[norm]
    found = label_key(text)
    if found is not None and found in ROLES:
        return found
    tiers = tier_of(text)
    if tiers and CITY not in tiers:
        return tier_role(tiers)
    if tiers == (CITY,):
        return tier_role((DISTRICT,))
    return None


@dataclass
class ColumnMap:
    """One column of a sheet: its header words, sample values and role."""

    index: int  # 1-based
    header: str  # as the file says it, "公开对象/特定群体"
    role: str
    samples: list[str] = field(default_factory=list)
    source: str = GUESSED  # guess | inferred | office
    note: str = ""  # what the guess assumed
    label_row: int = 0  # the row its (lowest) header label is in

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def flagged(self) -> bool:
        """Is the role an assumption to show (inferred, or ignored with data)?"""
        return self.source == INFERRED

    def to_dict(self) -> dict:
        return {"column": self.letter, "header": self.header, "role": self.role, "samples": self.samples}


@dataclass
class SheetMap:
    """How one sheet is read: the header row and each column's role, and what the office set for it."""

    sheet: str
    header_row: int  # 1-based, the first header row
    data_row: int  # 1-based, the first row after the header
    title: str
    columns: list[ColumnMap]
    field_code: str = ""  # a field code the office gave this sheet
    tier: str = (
        ""  # the tier of rows that do not say (a catalog without tier columns, or rows without a tick)
    )
    layout: str = ""  # the name of the saved layout applied, if any
    layout_by: str = ""  # who confirmed it, and when (shown on the mapping page)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def signature(self) -> str:
        return signature([c.header for c in self.columns])

    @property
    def confirmed(self) -> bool:
        """Was the mapping set by someone (a saved layout, the mapping page, --map/--layout)?"""
        return bool(self.layout) or any(c.source == CONFIRMED for c in self.columns)

    def column(self, ref: str) -> ColumnMap | None:
        """A column by its letter ("F") or its header words ("责任科室", "公开对象/特定群体")."""
        ref = (ref or "").strip()
        if _LETTER_RE.match(ref):
            index = column_index_from_string(ref.upper())
            return next((c for c in self.columns if c.index == index), None)
        norm = excel.norm_label(ref)
        exact = [c for c in self.columns if excel.norm_label(c.header) == norm]
        if exact:
            return exact[0]
        ends = [c for c in self.columns if excel.norm_label(c.header).split("/")[-1] == norm]
        return ends[0] if len(ends) == 1 else None

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "signature": self.signature,
            "field": self.field_code,
            "tier": self.tier,
            "layout": self.layout,
            "columns": [c.to_dict() for c in self.columns],
        }


def signature(headers) -> str:
    """The key of a header: its words, normalised, in column order (a blank header counts as blank)."""
    words = [excel.norm_label(h) for h in headers]
    while words and not words[-1]:
        words.pop()
    return hashlib.sha256("|".join(words).encode("utf-8")).hexdigest()[:40]


# -- the guess ------------------------------------------------------------------------------------------------
#: Name columns by meaning: a category is the first level, then 一级 / 公开事项, then 二级, then 三级.
_NAME_RANK = {"category": 0, "l1": 1, "item": 1, "l2": 2, "l3": 3}


def _samples(grid: list[list], data_row: int, index: int) -> list[str]:
    found: list[str] = []
    for cells in grid[data_row - 1 : data_row - 1 + SAMPLE_ROWS]:
        if index <= len(cells):
            text = excel.cell_text(cells[index - 1])
            if text and text not in found:
                found.append(text[:SAMPLE_CHARS] + ("…" if len(text) > SAMPLE_CHARS else ""))
                if len(found) == SAMPLES:
                    break
    return found


class _Guess:
    """Assigns a role to every column of a header, saying what it assumed."""

    def __init__(self, sheet: str, r: int):
        self.sheet, self.r = sheet, r
        self.columns: dict[int, ColumnMap] = {}
        self.kinds: dict[int, str] = {}  # name columns: index → category / l1 / item / l2 / l3
        self.warnings: list[RowError] = []

    def set(
        self, index: int, header: str, role: str, note: str = "", source: str = GUESSED, row: int = 0
    ) -> None:
        self.columns[index] = ColumnMap(
            index, header, role, source=source, note=note, label_row=row or self.r
        )

    def single(self, index: int, text: str) -> None:
        """A column labelled in one row (or merged over both)."""
        key = label_key(text)
        if key is None:
            tiers = tier_of(text, under_group=False)
            if tiers:
                self.set(index, text, tier_role(tiers) if CITY not in tiers else "city")
            else:
                self.set(index, text, IGNORE, _("未识别的列，已忽略"), INFERRED)
        elif key in ("category", "item", "l1", "l2", "l3"):
            self.kinds[index] = key
            self.set(index, text, "l1")
        elif key in ("audience", "mode", "tiers"):
            self.set(index, text, f"{key}_text")
        else:
            self.set(index, text, key)

    def below(self, index: int, top_text: str, sub_text: str) -> None:
        """A sub-label under its group label (or under a blank)."""
        top_key = label_key(top_text) if top_text else None
        header = f"{top_text}/{sub_text}" if top_text else sub_text
        sub_key = label_key(sub_text)
        tiers = tier_of(sub_text, under_group=top_key == "tiers")
        if tiers and top_key in (None, "tiers"):
            self.set(index, header, tier_role(tiers) if CITY not in tiers else "city")
        elif sub_key in NAME_KEYS or sub_key == "category":
            self.kinds[index] = sub_key
            self.set(index, header, "l1")
        elif sub_key in SUB_KEYS:
            self.set(index, header, sub_key)
        elif top_key == "tiers":
            message = _("无法识别的公开层级「%(t)s」，本列已忽略") % {"t": sub_text}
            self.set(index, header, IGNORE, message, INFERRED, self.r + 1)
        elif top_key == "item":
            self.kinds[index] = "item"  # a name column under 公开事项 without a level of its own
            self.set(index, header, "l1")
        elif top_key and top_key not in GROUP_KEYS and top_key != "category":
            self.set(index, top_text, top_key)  # a note under a plain label, e.g. "公开内容" over "（要素）"
        else:
            self.set(index, header, IGNORE, _("未识别的列，已忽略"), INFERRED, self.r + 1)

    def name_levels(self) -> None:
        """Name columns ordered by meaning become levels 1, 2, 3; a category column is the first level."""
        order = sorted(self.kinds, key=lambda i: (_NAME_RANK[self.kinds[i]], i))
        has_category = any(self.kinds[i] == "category" for i in order)
        for depth, index in enumerate(order):
            column = self.columns[index]
            if depth >= len(NAME_KEYS):
                column.role, column.source = IGNORE, INFERRED
                column.note = _("名称列超过三级，本列已忽略")
                continue
            column.role = NAME_KEYS[depth]
            if has_category:
                column.source = INFERRED
                column.note = _("按含义作为第%(n)d级名称（类别列是目录树的一级，不丢弃）") % {"n": depth + 1}

    def tiers(self) -> None:
        """Tier columns by meaning: a 市级 column, and more tier columns than tiers."""
        columns = [c for c in self.columns.values() if c.role.startswith(TIER_PREFIX) or c.role == "city"]
        has_district = any(DISTRICT in tiers_of_role(c.role) for c in columns)
        for column in columns:
            if column.role != "city":
                continue
            if has_district:
                column.role, column.source = IGNORE, INFERRED
                column.note = _("上级（市、州）层级的列，本平台不设该层级，已忽略")
            else:
                column.role = tier_role((DISTRICT,))
                column.source, column.note = INFERRED, _("没有县（区）级列：市级列按区级读取")
        single = {tiers_of_role(c.role)[0] for c in columns if len(tiers_of_role(c.role)) == 1}
        for column in columns:
            tiers = tiers_of_role(column.role)
            if len(tiers) > 1 and set(tiers) & single:
                rest = [t for t in tiers if t not in single] or [tiers[-1]]
                column.role, column.source = tier_role(rest), INFERRED
                column.note = _("层级列多于层级：按含义读作%(t)s（其他层级已有单独的列）") % {
                    "t": "、".join(TIER_NAMES[t] for t in rest)
                }
        seen: dict[str, ColumnMap] = {}
        for column in sorted(columns, key=lambda c: c.index):
            for tier in tiers_of_role(column.role):
                if tier in seen and seen[tier] is not column:
                    column.source = INFERRED
                    column.note = _("与%(letter)s列（%(label)s）同为%(tier)s：任一列勾选即为该层级") % {
                        "letter": seen[tier].letter,
                        "label": seen[tier].header,
                        "tier": TIER_NAMES[tier],
                    }
                seen.setdefault(tier, column)

    def word_columns(self) -> None:
        """A column of words for a group is ignored when the group's tick columns are there."""
        roles = {c.role for c in self.columns.values()}
        for text_role, ticks in (
            ("audience_text", ("audience_public", "audience_specific")),
            ("mode_text", ("mode_proactive", "mode_on_request")),
        ):
            if text_role in roles and roles & set(ticks):
                for column in self.columns.values():
                    if column.role == text_role:
                        column.role, column.note = IGNORE, _("已有勾选列，本列忽略")
        if "tiers_text" in roles and any(r.startswith(TIER_PREFIX) for r in roles):
            for column in self.columns.values():
                if column.role == "tiers_text":
                    column.role = IGNORE


def guess_sheet(sheet: str, grid: list[list], merged: list[tuple[int, int, int, int]]) -> SheetMap | None:
    """The sheet's header and a role for each of its columns; None when the sheet has no catalog header."""
    header = find_header(grid)
    if header is None:
        return None
    top = list(grid[header])
    sub = list(grid[header + 1]) if header + 1 < len(grid) else []
    width = max(len(top), len(sub))
    top, sub = top + [None] * (width - len(top)), sub + [None] * (width - len(sub))
    r = header + 1  # 1-based
    two_rows = is_two_rows(top, sub, merged, r)
    data_row = r + (2 if two_rows else 1)
    guess = _Guess(sheet, r)
    group_label, group_key = "", None
    for i in range(width):
        top_text = excel.cell_text(top[i])
        sub_text = excel.cell_text(sub[i]) if two_rows else ""
        if top_text:
            group_label, group_key = top_text, label_key(top_text)
        elif sub_text and group_key in GROUP_KEYS:
            top_text = group_label  # under a horizontally merged group label
        else:
            group_label, group_key = "", None
        if sub_text:
            guess.below(i + 1, top_text, sub_text)
        elif top_text:
            guess.single(i + 1, top_text)
    guess.name_levels()
    guess.tiers()
    guess.word_columns()
    _unlabelled_columns(guess, grid, data_row, width)
    columns = [guess.columns[i] for i in sorted(guess.columns)]
    for column in columns:
        column.samples = _samples(grid, data_row, column.index)
    title = " ".join(excel.cell_text(v) for cells in grid[:header] for v in cells if excel.cell_text(v))
    return SheetMap(sheet, r, data_row, title, columns, warnings=guess.warnings)


def _unlabelled_columns(guess: _Guess, grid: list[list], data_row: int, width: int) -> None:
    """Columns holding data under no header are listed (ignored) so the office can give them a role."""
    widest = max((len(cells) for cells in grid[data_row - 1 : data_row - 1 + SAMPLE_ROWS]), default=0)
    for index in range(1, max(width, widest) + 1):
        if index in guess.columns:
            continue
        if _samples(grid, data_row, index):
            guess.set(index, "", IGNORE, _("没有表头的列，已忽略"), INFERRED)


# -- corrections ----------------------------------------------------------------------------------------------
class MappingError(ValueError):
    """A correction that names no column or no role; the message is in Chinese."""


def apply_columns(sheet_map: SheetMap, entries, *, source: str = CONFIRMED, strict: bool = True) -> list[str]:
    """Set roles from ``[{"column": "F" | header words, "role": ...}]``; returns the columns it could not find
    (``strict`` raises :class:`MappingError` for an unknown role; a column missing from this sheet is only
    reported: ``--map`` applies to every sheet)."""
    missing = []
    for entry in entries or ():
        ref, role = str(entry.get("column", "")), str(entry.get("role", ""))
        if not is_role(role):
            found = role_of_words(role)
            if found is None:
                if strict:
                    raise MappingError(_("无法识别的列用途「%(r)s」") % {"r": role})
                continue
            role = found
        column = sheet_map.column(ref)
        if column is None:
            missing.append(ref)
            continue
        column.role, column.source, column.note = role, source, ""
    return missing


def apply_overrides(sheet_map: SheetMap, overrides: dict | None) -> list[str]:
    """Apply the office's corrections for this sheet: ``{"sheets": [{"sheet", "field", "tier", "columns":
    [...]}], "columns": [...]}`` (the second list applies to every sheet). Returns warnings (Chinese)."""
    if not overrides:
        return []
    notes = []
    for entry in overrides.get("sheets") or ():
        if entry.get("sheet") not in (sheet_map.sheet, "*", None, ""):
            continue
        if entry.get("signature") and entry.get("signature") != sheet_map.signature:
            notes.append(
                _("映射文件中工作表「%(s)s」的表头与本文件不同，已按列字母套用") % {"s": sheet_map.sheet}
            )
        if "field" in entry:
            sheet_map.field_code = entry.get("field") or ""
        if "tier" in entry:
            sheet_map.tier = entry.get("tier") or ""
        if entry.get("layout"):
            sheet_map.layout = str(entry["layout"])
        for ref in apply_columns(sheet_map, entry.get("columns")):
            notes.append(
                _("工作表「%(s)s」没有「%(c)s」列，该项映射未套用") % {"s": sheet_map.sheet, "c": ref}
            )
    missing = apply_columns(sheet_map, overrides.get("columns"))
    for ref in missing:
        notes.append(_("工作表「%(s)s」没有「%(c)s」列，该项映射未套用") % {"s": sheet_map.sheet, "c": ref})
    return notes


def apply_layout(sheet_map: SheetMap, name: str, mapping: dict, by: str = "") -> None:
    """Apply a saved layout (its columns by letter, its field and tier); the office confirmed it."""
    apply_columns(sheet_map, mapping.get("columns"), strict=False)
    sheet_map.field_code = mapping.get("field") or sheet_map.field_code
    sheet_map.tier = mapping.get("tier") or sheet_map.tier
    sheet_map.layout, sheet_map.layout_by = name, by


def layout_mapping(sheet_map: SheetMap) -> dict:
    """What a saved layout keeps of a sheet's mapping: each column's role by letter (with its header words for
    the reader), the field and the tier."""
    return {
        "columns": [{"column": c.letter, "header": c.header, "role": c.role} for c in sheet_map.columns],
        "field": sheet_map.field_code,
        "tier": sheet_map.tier,
    }


# -- the layout the rows are read with ------------------------------------------------------------------------
def build_layout(
    sheet_map: SheetMap,
    *,
    allow_missing: frozenset[str] = frozenset(),
    tier: str | None = None,
) -> Layout:
    """The :class:`Layout` of a mapped sheet: columns by role, tier columns, notes; what is missing; the
    problems that stop the sheet (two columns of one role, no name column, a 三级 without a 二级)."""
    sheet = sheet_map.sheet
    layout = Layout(
        header_row=sheet_map.header_row,
        data_row=sheet_map.data_row,
        columns={},
        tier_columns=[],
        title=sheet_map.title,
        warnings=list(sheet_map.warnings),
    )
    layout.tier = sheet_map.tier or tier or None
    for column in sheet_map.columns:
        role = column.role
        if role == IGNORE:
            if column.note and (column.header or column.samples):
                row = column.label_row or sheet_map.header_row
                layout.warnings.append(RowError(sheet, row, column.letter, column.header, column.note))
            continue
        col = Col(role, column.index, column.header or column.letter)
        if role == NOTE:
            layout.note_columns.append(col)
        elif role.startswith(TIER_PREFIX):
            layout.tier_columns.append(Col("tier", column.index, col.label, tiers_of_role(role)))
        elif role in layout.columns:
            other = layout.columns[role]
            layout.errors.append(
                RowError(
                    sheet,
                    sheet_map.header_row,
                    column.letter,
                    col.label,
                    _("两列用途相同：与 %(letter)s列（%(label)s）都是「%(role)s」，请在映射中改正其中一列")
                    % {"letter": other.letter, "label": other.label, "role": role_label(role)},
                )
            )
        else:
            layout.columns[role] = col
        if column.flagged and column.note and role != IGNORE:
            layout.assumptions.append(
                Assumption(sheet, sheet_map.header_row, column.letter, col.label, column.note, kind="column")
            )
    layout.tier_columns.sort(key=lambda c: c.index)
    _check_required(layout, sheet, allow_missing)
    return layout


def _check_required(layout: Layout, sheet: str, allow_missing: frozenset[str]) -> None:
    """A sheet without item names cannot be read; any other missing element column is recorded on every
    item (with ``allow_missing``: noted; without: noted and 待核对)."""
    columns = layout.columns
    where = _("表头")
    if "l1" not in columns:
        layout.errors.append(
            RowError(
                sheet,
                layout.header_row,
                "",
                where,
                _("缺少事项名称列（一级事项 / 公开事项 / 事项名称）：请在映射中指定哪一列是事项名称"),
            )
        )
    for key, name in REQUIRED_COLUMNS.items():
        if key == "l1" or key in columns:
            continue
        if key == "subject" and "responsible_office" in columns:
            layout.warnings.append(
                RowError(
                    sheet,
                    layout.header_row,
                    columns["responsible_office"].letter,
                    columns["responsible_office"].label,
                    _("没有「公开主体」列：公开主体取自责任科室列，每个事项标为待核对"),
                )
            )
            continue
        layout.missing.append(key)
        if key in allow_missing:
            message = _("缺少「%(name)s」列：按 --allow-missing 导入，每个事项都记下这一缺项") % {
                "name": name
            }
        else:
            layout.reviewed_missing.append(key)
            message = _("缺少「%(name)s」列：已导入，每个事项都记下这一缺项并标为待核对") % {"name": name}
        layout.warnings.append(RowError(sheet, layout.header_row, "", where, message))
    if not layout.tier_columns and "tiers_text" not in columns and not layout.tier:
        layout.errors.append(
            RowError(
                sheet,
                layout.header_row,
                "",
                where,
                _(
                    "缺少必需的列「公开层级」：没有层级列的目录请指定层级（命令行 --tier district|street|community，或在上传页面选择）"
                ),
            )
        )
    if "l3" in columns and "l2" not in columns:
        layout.errors.append(
            RowError(
                sheet,
                layout.header_row,
                columns["l3"].letter,
                columns["l3"].label,
                _("有「三级事项」列却没有「二级事项」列"),
            )
        )
