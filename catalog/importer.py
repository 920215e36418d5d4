"""Import a catalog workbook (政务公开事项标准目录) as districts publish it.

Two steps, one code path for ``manage.py import_catalog`` and the admin upload:

* :func:`parse_workbook` reads and validates the whole file and returns an :class:`ImportPlan`. It writes
  nothing. Every problem becomes a :class:`RowError` naming the sheet, row and column, in Chinese.
* :func:`import_catalog` writes a plan without errors in one transaction (``catalog`` ADD permission, and
  CHANGE when it updates items). Any failure rolls the whole import back.

What is read (standards §1)
    Each sheet: optional title rows, then the header, either the two-row merged header (公开事项 over
    一级/二级(/三级)事项, 公开对象 over 全社会/特定群体, 公开方式 over 主动/依申请, 公开层级 over its tier
    columns) or a one-row header (the lower labels side by side; 公开对象/公开方式/公开层级 may also be one
    column holding words such as "全社会、特定群体" or "区级、街道级"). Tier columns: 县级/区级 → 区级;
    乡级/镇级/镇街级/街道级 → 街道级; 村级/社区级 → 社区级; a combined 乡、村级 column ticks both 街道级 and
    社区级. Ticks: √ ● ✓ ✔ 是 (blank, 否, ×, / or - mean no). 序号 is ignored.

    Columns a catalog must have (国办发〔2019〕54号 lists name, content, basis, time limit, subject, mode,
    channel and audience; these five are what an item cannot do without — the tiers decide which units
    carry the obligation): 一级事项 (or a single 公开事项 column), 公开内容, 公开时限, 公开主体, 公开层级.
    Optional columns and their default when absent: 二级事项, 三级事项; 公开依据 (empty); 公开渠道和载体 (none);
    公开对象 (全社会); 公开方式 (主动); 五公开, 公开形式, 公开时长, 责任科室; 负面清单 (ticked) and
    不予公开依据; 领域/所属领域. In every item row 公开内容, 公开时限 and 公开主体 must be filled and at least one
    tier (and, where the columns exist, one audience and one mode) ticked — except on the negative list
    (负面清单, 不予公开), where only the name and 不予公开依据 are required and 主动 must not be ticked.

Which field
    ``field_code`` (``--field``) forces one field. Otherwise a 领域/所属领域 column decides per row (a blank
    cell continues the row above), else the sheet name, else the title row above the header, each matched
    against the fields' names and former names (“义务教育”, “拱墅区义务教育领域基层政务公开标准目录”).

The item tree
    A row names its item by 一级 (+ 二级 (+ 三级)). A blank 一级 continues the 一级 of the row above (merged
    cells read the same way); with a 三级 column, a blank 二级 continues the 二级 above. A row with a 二级
    makes its 一级 a group item (created once, with the name only, unless a row of its own comes first);
    a row with only a 一级 is that 一级's own row (a leaf 一级). A row holding only names is a heading and
    makes no item by itself. An item is identified by field + 一级 name + 二级 name (+ 三级 name):
    importing it again updates it (never duplicates it); the import never deletes or retires anything.

What is counted
    ``ImportPlan.count`` and the command's ``imported N items`` are the number of **item rows** written:
    rows that describe a 事项 (create or update). 一级 group items made from merged 一级 labels have no row
    of their own and are reported separately (``ImportResult.groups_created``).

Time limits
    An unparsed wording is not an error: the item is imported with its rule marked 待人工设置 and the plan
    and the result list those items for the office.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from openpyxl.utils import get_column_letter
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from domains.models import Domain
from organizations import permissions as perms

from . import excel
from .models import (
    BasisDocument,
    ContentElement,
    DisclosureItem,
    ItemBasis,
    ItemChannel,
    ItemStatus,
    RuleStatus,
)
from .services import AREA, SCALAR_FIELDS, BasisRef, ItemData, apply_time_limit_text, write_item
from .subjects import subject_kinds
from .timelimits import parse_time_limit

#: Rows above the header searched for it (title rows, notes).
HEADER_SCAN_ROWS = 10
#: Rows per INSERT/UPDATE statement when writing.
BATCH_SIZE = 500
#: Formula cells listed one by one before the rest are summed up.
MAX_LISTED_FORMULAS = 100

MAX_LENGTHS = {
    "name": 200,
    "element": 500,
    "time_limit_text": 300,
    "subject_text": 200,
    "form": 100,
    "duration": 100,
    "responsible_office": 100,
}


# =====================================================================================================
# Results
# =====================================================================================================


@dataclass(frozen=True)
class RowError:
    """One problem, located: ``工作表「义务教育」第5行 F列（公开时限）：不能为空``."""

    sheet: str = ""
    row: int = 0
    column: str = ""  # the column letter, "F"
    column_label: str = ""  # the header as the file says it, "公开时限" or "公开层级/区级"
    message: str = ""

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」" if self.sheet else ""
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f" {self.column}列" + (f"（{self.column_label}）" if self.column_label else "")
        elif self.column_label:
            where += f"（{self.column_label}）"
        return f"{where.strip()}：{self.message}" if where else self.message


@dataclass
class PlannedRow:
    """One item row of the file, validated: where it is, which field, its names, and its data."""

    sheet: str
    row: int
    domain: Domain
    path: tuple[str, ...]
    data: ItemData
    rule_understood: bool
    action: str = "create"  # or "update": what importing it now would do

    @property
    def label(self) -> str:
        return "／".join(self.path)

    @property
    def level_label(self) -> str:
        return ("一级事项", "二级事项", "三级事项")[len(self.path) - 1]


@dataclass
class ImportPlan:
    """What a workbook would import; nothing is written until :func:`import_catalog`."""

    source_name: str = ""
    field_code: str | None = None
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets read as catalog sheets

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def items(self) -> list[PlannedRow]:
        return self.rows

    @property
    def count(self) -> int:
        """The number of item rows (what ``imported N items`` counts)."""
        return len(self.rows)

    @property
    def unparsed(self) -> list[PlannedRow]:
        """Rows whose time-limit wording the parser did not understand (imported, flagged for the office)."""
        return [r for r in self.rows if not r.rule_understood and not r.data.is_negative]

    def per_domain(self) -> list[dict]:
        """[{domain, rows, create, update}] in the order the fields first appear."""
        summary: dict[int, dict] = {}
        for row in self.rows:
            entry = summary.setdefault(
                row.domain.pk, {"domain": row.domain, "rows": 0, "create": 0, "update": 0}
            )
            entry["rows"] += 1
            entry[row.action] += 1
        return list(summary.values())

    @property
    def to_create(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def to_update(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")


@dataclass
class ImportResult:
    count: int  # item rows written (created + updated)
    created: int
    updated: int
    groups_created: int  # 一级 (二级) group items created from merged labels, not counted in ``count``
    unparsed: list[PlannedRow]  # item rows imported with a time-limit rule to be set by hand


# =====================================================================================================
# The header
# =====================================================================================================

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "l1": ("一级事项", "一级", "一级事项名称", "一级目录"),
    "l2": ("二级事项", "二级", "二级事项名称", "二级目录"),
    "l3": ("三级事项", "三级", "三级事项名称", "三级目录"),
    "item": ("公开事项", "事项名称", "公开事项名称"),
    "content": ("公开内容(要素)", "公开内容", "公开要素", "公开内容要素", "内容"),
    "basis": ("公开依据", "依据"),
    "time_limit": ("公开时限", "时限"),
    "subject": ("公开主体", "主体", "公开责任主体", "责任主体"),
    "channels": ("公开渠道和载体", "公开渠道及载体", "公开渠道与载体", "公开渠道", "公开载体", "渠道和载体"),
    "audience": ("公开对象",),
    "mode": ("公开方式",),
    "tiers": ("公开层级",),
    "audience_public": ("全社会",),
    "audience_specific": ("特定群体", "特定对象"),
    "mode_proactive": ("主动", "主动公开"),
    "mode_on_request": ("依申请", "依申请公开"),
    "five_public": ("五公开", "五公开类别", "五公开分类"),
    "form": ("公开形式",),
    "duration": ("公开时长",),
    "responsible_office": ("责任科室", "责任处室", "责任股室", "承办科室"),
    "is_negative": ("负面清单", "是否负面清单", "负面清单事项", "是否属于负面清单"),
    "negative_ground": ("不予公开依据", "不予公开的法律依据", "不予公开理由", "负面清单依据", "不公开依据"),
    "domain": ("领域", "所属领域", "试点领域", "公开领域"),
}
LABEL_KEYS = {excel.norm_label(alias): key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}

DISTRICT, STREET, COMMUNITY = "district", "street", "community"
TIER_LABELS: dict[str, tuple[str, ...]] = {}
for _labels, _tiers in (
    (
        (
            "县级",
            "区级",
            "县(区)级",
            "区(县)级",
            "县区级",
            "区县级",
            "县(市、区)级",
            "县(市区)级",
            "县",
            "区",
        ),
        (DISTRICT,),
    ),
    (
        (
            "乡级",
            "镇级",
            "乡镇级",
            "街道级",
            "镇街级",
            "街镇级",
            "乡(镇)级",
            "乡镇(街道)级",
            "镇(街道)级",
            "街道(乡镇)级",
            "乡",
            "镇",
            "街道",
            "乡镇",
            "镇街",
        ),
        (STREET,),
    ),
    (("村级", "社区级", "村(社区)级", "社区(村)级", "村居级", "村", "社区"), (COMMUNITY,)),
    (
        (
            "乡、村级",
            "镇、村级",
            "乡村级",
            "镇村级",
            "乡镇、村级",
            "乡(镇)、村级",
            "街道、社区级",
            "镇街、村社区级",
            "乡镇(街道)、村(社区)级",
        ),
        (STREET, COMMUNITY),
    ),
):
    for _label in _labels:
        TIER_LABELS[excel.norm_label(_label)] = _tiers
TIER_NAMES = {DISTRICT: "区级", STREET: "街道级", COMMUNITY: "社区级"}

GROUP_KEYS = {"item", "audience", "mode", "tiers"}
SUB_KEYS = {"l1", "l2", "l3", "audience_public", "audience_specific", "mode_proactive", "mode_on_request"}
CORE_KEYS = {
    "l1",
    "item",
    "content",
    "time_limit",
    "subject",
    "basis",
    "channels",
    "audience",
    "mode",
    "tiers",
}
NAME_KEYS = ("l1", "l2", "l3")
#: Columns that carry no item data: a row with values only here is a heading (or a note) row.
NON_DATA_KEYS = {"seq", "l1", "l2", "l3", "domain"}
REQUIRED_COLUMNS = (
    ("l1", "一级事项（公开事项）"),
    ("content", "公开内容"),
    ("time_limit", "公开时限"),
    ("subject", "公开主体"),
    ("tiers", "公开层级"),
)
TICK_HELP = "勾选请填 √ 或 ●（也可用 ✓、是），不勾选请留空"


def label_key(value) -> str | None:
    label = excel.norm_label(value)
    if not label:
        return None
    key = LABEL_KEYS.get(label)
    if key is None:
        stripped = re.sub(r"\([^()]*\)$", "", label)  # "公开时限(工作日)" → "公开时限"
        key = LABEL_KEYS.get(stripped) if stripped != label else None
    return key


def tier_of(value) -> tuple[str, ...] | None:
    return TIER_LABELS.get(excel.norm_label(value))


@dataclass
class Col:
    key: str  # a COLUMN_ALIASES key, "tier", or "audience_text"/"mode_text"/"tiers_text" for word columns
    index: int  # 1-based
    label: str
    tiers: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)


@dataclass
class Layout:
    header_row: int  # 1-based, the first header row
    data_row: int  # 1-based, the first row after the header
    columns: dict[str, Col]
    tier_columns: list[Col]
    title: str
    errors: list[RowError]
    warnings: list[RowError]


def _is_header_row(cells) -> bool:
    keys = {label_key(v) for v in cells}
    return len(keys & CORE_KEYS) >= 2


def read_layout(sheet: str, grid: list[list], merged: list[tuple[int, int, int, int]]) -> Layout | None:
    """Find and classify the header of one sheet; None when the sheet has no catalog header."""
    header = next((i for i, cells in enumerate(grid[:HEADER_SCAN_ROWS]) if _is_header_row(cells)), None)
    if header is None:
        return None
    top = grid[header]
    sub = grid[header + 1] if header + 1 < len(grid) else []
    width = max(len(top), len(sub))
    top = list(top) + [None] * (width - len(top))
    sub = list(sub) + [None] * (width - len(sub))
    r = header + 1  # 1-based

    def is_sub_label(value) -> bool:
        return label_key(value) in SUB_KEYS or tier_of(value) is not None

    vertical = any(r1 == r and r2 == r + 1 for (r1, _c1, r2, _c2) in merged)
    horizontal_groups = any(
        r1 == r2 == r and c2 > c1 and any(is_sub_label(sub[c - 1]) for c in range(c1, c2 + 1))
        for (r1, c1, r2, c2) in merged
    )
    under_blank = any(is_sub_label(sub[c]) and excel.cell_text(top[c]) == "" for c in range(width))
    names_below = any(label_key(v) in NAME_KEYS for v in sub)
    two_rows = vertical or horizontal_groups or under_blank or names_below

    errors: list[RowError] = []
    warnings: list[RowError] = []
    columns: dict[str, Col] = {}
    tier_columns: list[Col] = []

    def header_error(col: int, label: str, message: str) -> None:
        errors.append(RowError(sheet, r, get_column_letter(col), label, message))

    def add(key: str, col: int, label: str, tiers: tuple[str, ...] = ()) -> None:
        if key == "tier":
            taken = [c for c in tier_columns if set(c.tiers) & set(tiers)]
            if taken:
                header_error(
                    col, label, f"公开层级列重复：与 {taken[0].letter}列（{taken[0].label}）表示同一层级"
                )
                return
            tier_columns.append(Col("tier", col, label, tiers))
            return
        if key in columns:
            other = columns[key]
            header_error(col, label, f"重复的列：与 {other.letter}列（{other.label}）相同")
            return
        columns[key] = Col(key, col, label)

    group_label, group_key = "", None
    for i in range(width):
        col = i + 1
        top_text, sub_text = excel.cell_text(top[i]), excel.cell_text(sub[i]) if two_rows else ""
        if top_text:
            group_label, group_key = top_text, label_key(top_text)
        elif sub_text and group_key in GROUP_KEYS:
            top_text = group_label  # under a horizontally merged group label
        else:
            group_label, group_key = "", None
        top_key = label_key(top_text) if top_text else None
        if not sub_text:
            if not top_text:
                continue
            if top_key is None:
                tiers = tier_of(top_text)
                if tiers:
                    add("tier", col, top_text, tiers)
                else:
                    warnings.append(
                        RowError(sheet, r, get_column_letter(col), top_text, "未识别的列，已忽略")
                    )
            elif top_key == "item":
                add("l1", col, top_text)
            elif top_key in ("audience", "mode", "tiers"):
                add(f"{top_key}_text", col, top_text)
            else:
                add(top_key, col, top_text)
            continue
        label = f"{top_text}/{sub_text}" if top_text else sub_text
        tiers = tier_of(sub_text)
        sub_key = label_key(sub_text)
        if tiers and (top_key in (None, "tiers")):
            add("tier", col, label, tiers)
        elif sub_key in SUB_KEYS:
            add(sub_key, col, label)
        elif top_key == "tiers":
            header_error(
                col,
                label,
                f"无法识别的公开层级「{sub_text}」（可用：县级/区级、乡级/镇级/镇街级/街道级、村级/社区级、乡、村级）",
            )
        elif top_key and top_key not in GROUP_KEYS:
            add(top_key, col, top_text)  # a note under a plain label, e.g. "公开内容" over "（要素）"
        else:
            warnings.append(RowError(sheet, r + 1, get_column_letter(col), label, "未识别的列，已忽略"))

    # one column for each word group, unless the ticked columns are there
    for key, ticked in (
        ("audience_text", ("audience_public", "audience_specific")),
        ("mode_text", ("mode_proactive", "mode_on_request")),
    ):
        if key in columns and any(k in columns for k in ticked):
            warnings.append(
                RowError(sheet, r, columns[key].letter, columns[key].label, "已有勾选列，本列忽略")
            )
            del columns[key]
    if "tiers_text" in columns and tier_columns:
        del columns["tiers_text"]

    for key, name in REQUIRED_COLUMNS:
        present = (tier_columns or "tiers_text" in columns) if key == "tiers" else key in columns
        if not present:
            errors.append(RowError(sheet, r, "", "表头", f"缺少必需的列「{name}」"))
    if "l3" in columns and "l2" not in columns:
        errors.append(
            RowError(
                sheet, r, columns["l3"].letter, columns["l3"].label, "有「三级事项」列却没有「二级事项」列"
            )
        )

    title = " ".join(excel.cell_text(v) for cells in grid[:header] for v in cells if excel.cell_text(v))
    return Layout(
        header_row=r,
        data_row=r + (2 if two_rows else 1),
        columns=columns,
        tier_columns=sorted(tier_columns, key=lambda c: c.index),
        title=title,
        errors=errors,
        warnings=warnings,
    )


# =====================================================================================================
# Fields
# =====================================================================================================


class DomainMatcher:
    """Find a field by a sheet name, a title or a cell: its name or a former name (扶贫 → 乡村振兴)."""

    def __init__(self, domains: Iterable[Domain]):
        self.domains = list(domains)
        self.aliases: list[tuple[str, Domain]] = []
        for domain in self.domains:
            names = [domain.name, *re.split(r"[,，、;；/\s]+", domain.former_names or "")]
            for name in names:
                key = self._key(name)
                if len(key) >= 2:
                    self.aliases.append((key, domain))

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"[\s\u3000]+", "", excel.cell_text(text))

    def exact(self, text: str) -> Domain | None:
        key = self._key(text)
        for candidate in (key, key.removesuffix("领域")):
            for alias, domain in self.aliases:
                if alias == candidate:
                    return domain
        return None

    def find(self, text: str) -> Domain | None:
        """The field whose name is the longest one contained in ``text``; None if none, or a tie."""
        key = self._key(text)
        hits = [(len(alias), domain) for alias, domain in self.aliases if alias in key]
        if not hits:
            return None
        longest = max(n for n, _ in hits)
        found = {d.pk: d for n, d in hits if n == longest}
        return next(iter(found.values())) if len(found) == 1 else None

    def resolve(self, text: str) -> Domain | None:
        return self.exact(text) or self.find(text)

    def by_code(self, code: str) -> Domain | None:
        return next((d for d in self.domains if d.code == code), None) or self.exact(code)


# =====================================================================================================
# Parsing
# =====================================================================================================


@dataclass
class _SheetState:
    """Context carried from one row to the next: the current 一级 / 二级 and field."""

    domain: Domain | None = None
    l1: str = ""
    l2: str = ""


class _Parser:
    def __init__(self, plan: ImportPlan, matcher: DomainMatcher, forced: Domain | None):
        self.plan = plan
        self.matcher = matcher
        self.forced = forced
        self.seen: dict[tuple[int, tuple[str, ...]], tuple[str, int]] = {}  # → (sheet, row) of its first row
        self.parents_with_children: set[tuple[int, tuple[str, ...]]] = set()
        self.headings: list[tuple[str, int, Domain, tuple[str, ...], Col]] = []

    # -- sheets ---------------------------------------------------------------------------------------
    def sheet(self, data: excel.SheetData) -> bool:
        """Parse one worksheet; False when it holds no catalog header."""
        name, grid, merged = data.title, data.rows, data.merged
        while grid and all(excel.cell_text(v) == "" for v in grid[-1]):
            grid.pop()
        layout = read_layout(name, grid, merged)
        if layout is None:
            if grid:
                self.plan.warnings.append(
                    RowError(
                        name, 0, "", "", "未找到目录表头（公开内容、公开时限、公开主体等），已跳过该工作表"
                    )
                )
            return False
        self.plan.sheets.append(name)
        self.plan.warnings.extend(layout.warnings)
        if layout.errors:
            self.plan.errors.extend(layout.errors)
            return True

        sheet_domain = self.forced or self._sheet_domain(name, layout)
        if sheet_domain is None and "domain" not in layout.columns:
            return True

        # A merged cell in the item rows reads as its top-left value in every row it covers (down its
        # first column: a label merged across columns belongs to the first one).
        for r1, c1, r2, _c2 in merged:
            if r1 >= layout.data_row and r2 > r1:
                value = grid[r1 - 1][c1 - 1] if c1 - 1 < len(grid[r1 - 1]) else None
                for r in range(r1 + 1, min(r2, len(grid)) + 1):
                    row = grid[r - 1]
                    if len(row) < c1:
                        row.extend([None] * (c1 - len(row)))
                    row[c1 - 1] = value

        state = _SheetState(domain=sheet_domain)
        for r in range(layout.data_row, len(grid) + 1):
            self.row(name, r, grid[r - 1], layout, state, sheet_domain)
        return True

    def _sheet_domain(self, name: str, layout: Layout) -> Domain | None:
        by_name = self.matcher.resolve(name)
        by_title = self.matcher.find(layout.title) if layout.title else None
        if by_name and by_title and by_name.pk != by_title.pk:
            self.plan.errors.append(
                RowError(
                    name,
                    1,
                    "",
                    "标题行",
                    f"工作表名称对应「{by_name.name}」领域，标题行对应「{by_title.name}」领域，请统一（或用 --field 指定）",
                )
            )
            return None
        domain = by_name or by_title
        if domain is None and "domain" not in layout.columns:
            self.plan.errors.append(
                RowError(
                    name,
                    1,
                    "",
                    "标题行",
                    "无法确定所属领域：工作表名称和标题行都对应不到已有的领域，请把工作表命名为领域名称"
                    "（如「义务教育」）、增加「领域」列，或用 --field 指定",
                )
            )
        elif domain is not None and not domain.is_active:
            self.plan.warnings.append(RowError(name, 0, "", "", f"领域「{domain.name}」尚未在本区启用"))
        return domain

    # -- rows -----------------------------------------------------------------------------------------
    def row(
        self,
        sheet: str,
        r: int,
        values: list,
        layout: Layout,
        state: _SheetState,
        sheet_domain: Domain | None,
    ) -> None:
        cols = layout.columns
        errors: list[RowError] = []

        def text(key: str) -> str:
            col = cols.get(key)
            if col is None or col.index > len(values):
                return ""
            return excel.cell_text(values[col.index - 1])

        def raw(col: Col):
            return values[col.index - 1] if col.index <= len(values) else None

        def error(col: Col | None, message: str) -> None:
            errors.append(RowError(sheet, r, col.letter if col else "", col.label if col else "", message))

        all_cols = [*cols.values(), *layout.tier_columns]
        data_cols = [c for c in all_cols if c.key not in NON_DATA_KEYS]
        if not any(excel.cell_text(raw(c)) for c in all_cols if c.key != "seq"):
            if any(excel.cell_text(v) for v in values):
                self.plan.warnings.append(
                    RowError(sheet, r, "", "", "本行没有事项内容（只有序号或说明文字），已跳过")
                )
            return
        has_data = any(excel.cell_text(raw(c)) for c in data_cols)

        # -- the field
        domain = self.forced
        if domain is None and "domain" in cols:
            value = text("domain")
            if value:
                domain = self.matcher.resolve(value)
                if domain is None:
                    error(cols["domain"], f"无法识别的领域「{value}」")
            else:
                domain = state.domain or sheet_domain
                if domain is None:
                    error(cols["domain"], "不能为空（无法从工作表名称或标题行确定领域）")
        elif domain is None:
            domain = sheet_domain
        if domain is None:
            self.plan.errors.extend(errors)
            return
        if state.domain is not None and domain.pk != state.domain.pk:
            state.l1 = state.l2 = ""  # names never continue across fields
        state.domain = domain

        # -- the names
        l1, l2, l3 = text("l1"), text("l2"), text("l3")
        if l1:
            if l1 != state.l1:
                state.l2 = ""
            state.l1 = l1
        elif state.l1:
            l1 = state.l1
        else:
            error(cols["l1"], "不能为空：本行之前没有可沿用的一级事项")
        if "l3" in cols:
            if l3 and not l2:
                if state.l2:
                    l2 = state.l2
                else:
                    error(cols["l2"], "不能为空：三级事项缺少所属的二级事项")
            if l2:
                state.l2 = l2
        path = tuple(p for p in (l1, l2, l3) if p)
        for key, name in zip(NAME_KEYS, (l1, l2, l3), strict=True):
            if len(name) > MAX_LENGTHS["name"] and key in cols:
                error(cols[key], f"事项名称过长（{len(name)}字，上限{MAX_LENGTHS['name']}字）")
        if errors or not l1:
            self.plan.errors.extend(errors)
            return

        if not has_data:  # a heading row: only names
            deepest = cols[NAME_KEYS[len(path) - 1]]
            self.headings.append((sheet, r, domain, path, deepest))
            return

        key = (domain.pk, path)
        if key in self.parents_with_children:
            below = NAME_KEYS[len(path)]
            col = cols.get(below) or cols[NAME_KEYS[len(path) - 1]]
            error(
                col,
                f"不能为空：「{'／'.join(path)}」下面已有下级事项，本行应填写{('二级', '三级')[len(path) - 1]}事项名称"
                "（事项本身的内容行应排在其下级事项之前）",
            )
        elif key in self.seen:
            first_sheet, first_row = self.seen[key]
            col = cols[NAME_KEYS[len(path) - 1]]
            where = f"工作表「{first_sheet}」第{first_row}行" if first_sheet != sheet else f"第{first_row}行"
            error(col, f"与{where}重复：同一领域中已有事项「{'／'.join(path)}」")
        # the names count for the rows below even when this row's cells have errors: every error is listed
        self.seen.setdefault(key, (sheet, r))
        for depth in range(1, len(path)):
            self.parents_with_children.add((domain.pk, path[:depth]))

        data, understood = self.item_data(path[-1], cols, layout.tier_columns, text, raw, error)
        if errors:
            self.plan.errors.extend(errors)
            return
        self.plan.rows.append(PlannedRow(sheet, r, domain, path, data, understood))

    def item_data(self, name, cols, tier_cols, text, raw, error) -> tuple[ItemData, bool]:
        """Read and check the data cells of one row."""
        # negative list first: it relaxes what else is required
        ground = text("negative_ground")
        if "is_negative" in cols:
            negative = self.tick(cols["is_negative"], raw, error)
        else:
            negative = bool(ground)
        if negative and not ground:
            error(
                cols.get("negative_ground") or cols.get("is_negative"), "负面清单事项须写明不予公开的法律依据"
            )

        content = text("content")
        elements = excel.split_elements(content)
        if not content and not negative:
            error(cols["content"], "不能为空")
        for element in elements:
            if len(element) > MAX_LENGTHS["element"]:
                error(
                    cols["content"],
                    f"公开要素过长（{len(element)}字，上限{MAX_LENGTHS['element']}字）：{element[:20]}…",
                )

        time_limit = text("time_limit")
        if not time_limit and not negative:
            error(cols["time_limit"], "不能为空")
        subject = text("subject")
        if not subject and not negative:
            error(cols["subject"], "不能为空")
        for key, attr in (
            ("time_limit", "time_limit_text"),
            ("subject", "subject_text"),
            ("form", "form"),
            ("duration", "duration"),
            ("responsible_office", "responsible_office"),
        ):
            value = text(key)
            if len(value) > MAX_LENGTHS[attr]:
                error(cols[key], f"内容过长（{len(value)}字，上限{MAX_LENGTHS[attr]}字）")

        channels: list[tuple[str, bool]] = []
        if "channels" in cols:
            channels, unknown = excel.parse_channels(text("channels"))
            for bad in unknown:
                error(
                    cols["channels"],
                    f"无法识别的公开渠道「{bad}」（标准渠道：{'、'.join(n[0] for n in excel.CHANNEL_NAMES.values())}）",
                )

        audience_public, audience_specific = self.pair(
            cols,
            "audience_public",
            "audience_specific",
            "audience_text",
            {"全社会": 0, "特定群体": 1, "特定对象": 1},
            (True, False),
            raw,
            text,
            error,
            negative,
            "公开对象",
            "全社会或特定群体",
        )
        mode_proactive, mode_on_request = self.pair(
            cols,
            "mode_proactive",
            "mode_on_request",
            "mode_text",
            {"主动": 0, "主动公开": 0, "依申请": 1, "依申请公开": 1},
            (not negative, False),
            raw,
            text,
            error,
            negative,
            "公开方式",
            "主动或依申请",
        )
        if negative and mode_proactive:
            error(
                cols.get("mode_proactive") or cols.get("mode_text"),
                "负面清单事项不予公开，不能勾选「主动」公开",
            )

        tiers: set[str] = set()
        for col in tier_cols:
            if self.tick(col, raw, error):
                tiers.update(col.tiers)
        if "tiers_text" in cols:
            value = text("tiers_text")
            words = [value] if tier_of(value) else [w for w in re.split(r"[、，,；;/\s]+", value) if w]
            for word in words:
                found = tier_of(word)
                if found is None:
                    error(cols["tiers_text"], f"无法识别的公开层级「{word}」")
                else:
                    tiers.update(found)
        if not tiers and not negative:
            error(tier_cols[0] if tier_cols else cols["tiers_text"], "公开层级至少勾选一项")

        five_public = ""
        if "five_public" in cols:
            value = text("five_public")
            parsed = excel.parse_five_public(value)
            if parsed is None:
                error(
                    cols["five_public"],
                    f"无法识别的五公开类别「{value}」（应为 决策、执行、管理、服务、结果 之一）",
                )
            else:
                five_public = parsed

        basis = text("basis")
        understood = parse_time_limit(time_limit).understood if time_limit else False
        data = ItemData(
            name=name,
            elements=elements,
            content=content,
            basis_text=basis,
            bases=[BasisRef(name=n, doc_number=num, article=art) for n, num, art in excel.parse_bases(basis)],
            time_limit_text=time_limit,
            subject_text=subject,
            channels=channels,
            audience_public=audience_public,
            audience_specific=audience_specific,
            mode_proactive=mode_proactive,
            mode_on_request=mode_on_request,
            tier_district=DISTRICT in tiers,
            tier_street=STREET in tiers,
            tier_community=COMMUNITY in tiers,
            five_public=five_public,
            form=text("form"),
            duration=text("duration"),
            responsible_office=text("responsible_office"),
            is_negative=negative,
            negative_ground=ground,
        )
        return data, understood

    @staticmethod
    def tick(col: Col, raw, error) -> bool:
        value = excel.parse_tick(raw(col))
        if value is None:
            error(col, f"无法识别的勾选内容「{excel.cell_text(raw(col))}」：{TICK_HELP}")
            return False
        return value

    def pair(self, cols, first, second, text_key, words, default, raw, text, error, negative, group, either):
        """Two tick columns (or one column of words) of a group such as 公开对象; at least one for an item."""
        if first in cols or second in cols:
            values = [self.tick(cols[k], raw, error) if k in cols else False for k in (first, second)]
            if not any(values) and not negative:
                error(cols.get(first) or cols.get(second), f"{group}至少勾选一项（{either}）")
            return values[0], values[1]
        if text_key in cols:
            value = text(text_key)
            values = [False, False]
            for word in (w for w in re.split(r"[、，,；;/\s]+", value) if w):
                if excel.norm_label(word) in words:
                    values[words[excel.norm_label(word)]] = True
                else:
                    error(cols[text_key], f"无法识别的{group}「{word}」（应为 {either.replace('或', '、')}）")
            if not any(values) and not negative and not value:
                error(cols[text_key], "不能为空")
            return values[0], values[1]
        return default

    def finish(self) -> None:
        """Headings that no item row follows are items without content."""
        for sheet, r, domain, path, col in self.headings:
            key = (domain.pk, path)
            if key not in self.parents_with_children and key not in self.seen:
                self.plan.errors.append(
                    RowError(
                        sheet,
                        r,
                        col.letter,
                        col.label,
                        f"事项「{'／'.join(path)}」只有名称：没有公开内容等要素，下面也没有下级事项",
                    )
                )


def parse_workbook(path_or_file, *, field_code: str | None = None) -> ImportPlan:
    """Read and validate a catalog workbook; nothing is written. See the module docstring for the layout."""
    plan = ImportPlan(field_code=field_code or None)
    try:
        data, plan.source_name = excel.read_source(path_or_file)
        book = excel.read_book(data)
    except excel.WorkbookRefused as refused:
        plan.errors.append(RowError(message=refused.message))
        return plan

    if book.formulas:
        for sheet, r, c in book.formulas[:MAX_LISTED_FORMULAS]:
            plan.errors.append(
                RowError(
                    sheet,
                    r,
                    get_column_letter(c),
                    "",
                    "含有公式：为安全起见不导入含公式的文件，请复制后“选择性粘贴为数值”再导入",
                )
            )
        if len(book.formulas) > MAX_LISTED_FORMULAS:
            plan.errors.append(
                RowError(message=f"另有 {len(book.formulas) - MAX_LISTED_FORMULAS} 个单元格含有公式")
            )
        return plan

    matcher = DomainMatcher(Domain.objects.all())
    forced = None
    if field_code:
        forced = matcher.by_code(field_code)
        if forced is None:
            codes = "、".join(f"{d.code}（{d.name}）" for d in matcher.domains if d.is_active) or "无"
            plan.errors.append(RowError(message=f"未知的领域代码「{field_code}」。已启用的领域：{codes}"))
            return plan

    parser = _Parser(plan, matcher, forced)
    found = False
    for sheet in book.sheets:
        if sheet.state != "visible":
            plan.warnings.append(RowError(sheet.title, 0, "", "", "隐藏的工作表，已跳过"))
            continue
        found = parser.sheet(sheet) or found
    parser.finish()
    if not found and not plan.errors:
        plan.errors.append(
            RowError(
                message="工作簿中没有目录表格：没有找到含「公开内容」「公开时限」「公开主体」等列的表头。"
            )
        )
    elif not plan.rows and not plan.errors:
        plan.errors.append(RowError(message="工作簿中没有可导入的事项行。"))
    if plan.rows:
        index = existing_index({row.domain.pk for row in plan.rows})
        for row in plan.rows:
            row.action = "update" if (row.domain.pk, row.path) in index else "create"
    return plan


# =====================================================================================================
# Writing
# =====================================================================================================


def existing_index(domain_ids: Iterable[int]) -> dict[tuple[int, tuple[str, ...]], DisclosureItem]:
    """The items of these fields by (field id, names from the 一级 down); active ones win a name clash."""
    items = list(DisclosureItem.objects.filter(domain_id__in=list(domain_ids), level__lte=2))
    by_id = {item.pk: item for item in items}
    paths: dict[int, tuple[str, ...]] = {}

    def path_of(item: DisclosureItem) -> tuple[str, ...]:
        if item.pk not in paths:
            parent = by_id.get(item.parent_id)
            paths[item.pk] = (path_of(parent) if parent else ()) + (item.name,)
        return paths[item.pk]

    index: dict[tuple[int, tuple[str, ...]], DisclosureItem] = {}
    for item in sorted(items, key=lambda i: (i.level, i.status != ItemStatus.ACTIVE, i.pk)):
        index.setdefault((item.domain_id, path_of(item)), item)
    return index


@dataclass
class _Node:
    domain: Domain
    path: tuple[str, ...]
    order: int
    row: PlannedRow | None  # None: a group made from the names of the rows below it


def plan_nodes(plan: ImportPlan) -> list[_Node]:
    """Every item the plan touches (rows and the groups above them), parents first, in file order; the
    order among siblings is the order of first appearance."""
    nodes: dict[tuple[int, tuple[str, ...]], _Node] = {}
    siblings: dict[tuple[int, tuple[str, ...]], int] = defaultdict(int)
    for row in plan.rows:
        for depth in range(1, len(row.path) + 1):
            key = (row.domain.pk, row.path[:depth])
            if key not in nodes:
                parent = (row.domain.pk, row.path[: depth - 1])
                siblings[parent] += 1
                nodes[key] = _Node(row.domain, row.path[:depth], siblings[parent], None)
            if depth == len(row.path):
                nodes[key].row = row
    return sorted(nodes.values(), key=lambda n: len(n.path))


def import_catalog(*, user, plan: ImportPlan, bulk: bool = True) -> ImportResult:
    """Write a validated plan in one transaction: all of it or nothing.

    ``bulk`` (the default) creates items level by level with ``bulk_create_with_history`` and rebuilds the
    tree fields once; ``bulk=False`` calls :func:`catalog.services.write_item` per item (the reference path,
    much slower on large files). Both leave the same catalog and record every item in its history.
    """
    perms.require(user, perms.ADD, AREA)
    if plan.errors:
        raise ValidationError([str(e) for e in plan.errors])
    if not plan.rows:
        raise ValidationError("没有可导入的事项。")
    reason = f"Excel导入：{plan.source_name}"[:100]
    with transaction.atomic():
        _lock_items()
        index = existing_index({row.domain.pk for row in plan.rows})
        nodes = plan_nodes(plan)
        if any(n.row is not None and (n.domain.pk, n.path) in index for n in nodes):
            perms.require(user, perms.CHANGE, AREA)
        history_user = user if isinstance(user, get_user_model()) and user.pk else None
        if bulk:
            return _write_bulk(nodes, index, history_user, reason)
        return _write_each(nodes, index, reason)


def _lock_items() -> None:
    """On PostgreSQL, keep other writers off the item table until the import commits: the tree fields are
    computed from what the table holds now. (SQLite lets one writer in at a time anyway.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{DisclosureItem._meta.db_table}" IN SHARE ROW EXCLUSIVE MODE')


def _write_each(nodes: list[_Node], index, reason: str) -> ImportResult:
    written: dict[tuple[int, tuple[str, ...]], DisclosureItem] = {}
    created = updated = groups = 0
    unparsed: list[PlannedRow] = []
    for node in nodes:
        key = (node.domain.pk, node.path)
        parent = written.get((node.domain.pk, node.path[:-1])) if len(node.path) > 1 else None
        if parent is not None:
            parent.refresh_from_db()  # the tree fields moved with every insert
        existing = index.get(key)
        if node.row is None:
            if existing is None:
                existing = write_item(
                    domain=node.domain, parent=parent, data=ItemData(name=node.path[-1], order=node.order)
                )
                groups += 1
            written[key] = existing
            continue
        if existing is not None:
            existing = DisclosureItem.objects.get(pk=existing.pk)
            existing._change_reason = reason
        item = write_item(
            domain=node.domain, parent=parent, data=replace(node.row.data, order=node.order), item=existing
        )
        written[key] = item
        created += existing is None
        updated += existing is not None
        if item.time_limit_status == RuleStatus.UNPARSED and not item.is_negative:
            unparsed.append(node.row)
    return ImportResult(created + updated, created, updated, groups, unparsed)


class _Codes:
    """Item codes as :func:`catalog.services.next_code` gives them, allocated in memory."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.next: dict[str, int] = defaultdict(lambda: 1)

    def allocate(self, prefix: str) -> str:
        n = self.next[prefix]
        while f"{prefix}-{n:02d}" in self.taken:
            n += 1
        code = f"{prefix}-{n:02d}"
        self.taken.add(code)
        self.next[prefix] = n + 1
        return code


UPDATE_FIELDS = list(
    dict.fromkeys(
        [
            *SCALAR_FIELDS,
            "subject_kinds",
            "time_limit_text",
            "time_limit_rule",
            "time_limit_status",
            "time_limit_note",
            "status",
        ]
    )
)


def _apply(item: DisclosureItem, data: ItemData) -> None:
    """What :func:`catalog.services.write_item` sets on the item itself."""
    for name in SCALAR_FIELDS:
        setattr(item, name, getattr(data, name))
    item.subject_kinds = subject_kinds(data.subject_text)
    apply_time_limit_text(item, data.time_limit_text)
    item.status = ItemStatus.ACTIVE


def _chunks(values: list, size: int = BATCH_SIZE):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _write_bulk(nodes: list[_Node], index, history_user, reason: str) -> ImportResult:
    codes = _Codes(set(DisclosureItem.objects.values_list("code", flat=True)))
    written: dict[tuple[int, tuple[str, ...]], DisclosureItem] = {}
    new_items: list[DisclosureItem] = []
    updated: list[DisclosureItem] = []
    placed: list[tuple[DisclosureItem, bool]] = []  # (item, is new) for every item saved, in saving order
    rows: list[tuple[DisclosureItem, PlannedRow]] = []
    groups = 0

    for node in nodes:  # parents first
        key = (node.domain.pk, node.path)
        parent = written[(node.domain.pk, node.path[:-1])] if len(node.path) > 1 else None
        existing = index.get(key)
        if existing is not None:
            written[key] = existing
            if node.row is not None:
                _apply(existing, replace(node.row.data, order=node.order))
                updated.append(existing)
                placed.append((existing, False))
                rows.append((existing, node.row))
            continue
        item = DisclosureItem(domain=node.domain, parent=parent)
        _apply(
            item,
            replace(node.row.data, order=node.order)
            if node.row
            else ItemData(name=node.path[-1], order=node.order),
        )
        item.code = codes.allocate(parent.code if parent else node.domain.code.upper()[:12])
        new_items.append(item)
        placed.append((item, True))
        written[key] = item
        if node.row is not None:
            rows.append((item, node.row))
        else:
            groups += 1

    moved = layout_tree_fields(placed)
    history = {"batch_size": BATCH_SIZE, "default_user": history_user, "default_change_reason": reason}
    for level in (0, 1, 2):  # parents get their ids before their children are inserted
        batch = [item for item in new_items if item.level == level]
        if batch:
            bulk_create_with_history(batch, DisclosureItem, **history)
    if updated:
        bulk_update_with_history(updated, DisclosureItem, UPDATE_FIELDS, **history)
    if moved:
        DisclosureItem.objects.bulk_update(moved, TREE_FIELDS, batch_size=BATCH_SIZE)

    # Elements, bases and channels are replaced as services.write_item replaces them (the deletions are
    # recorded in their history; the new rows, like write_item's bulk_create, are not).
    replaced = [item.pk for item in updated]
    for model in (ContentElement, ItemBasis, ItemChannel):
        for ids in _chunks(replaced):
            model.objects.filter(item_id__in=ids).delete()
    documents = _basis_documents([ref for _, row in rows for ref in row.data.bases], history)
    elements, bases, channels = [], [], []
    for item, row in rows:
        elements += [
            ContentElement(item=item, text=text[:500], order=i) for i, text in enumerate(row.data.elements)
        ]
        bases += [
            ItemBasis(item=item, document=documents[ref.name[:200]], article=ref.article, order=i)
            for i, ref in enumerate(row.data.bases)
        ]
        channels += [ItemChannel(item=item, channel=c, required=r) for c, r in row.data.channels]
    ContentElement.objects.bulk_create(elements, batch_size=BATCH_SIZE)
    ItemBasis.objects.bulk_create(bases, batch_size=BATCH_SIZE)
    ItemChannel.objects.bulk_create(channels, batch_size=BATCH_SIZE)

    new_ids = {id(item) for item in new_items}
    created = sum(1 for item, _ in rows if id(item) in new_ids)
    unparsed = [
        row for item, row in rows if item.time_limit_status == RuleStatus.UNPARSED and not item.is_negative
    ]
    return ImportResult(len(rows), created, len(rows) - created, groups, unparsed)


def _basis_documents(refs: list[BasisRef], history: dict) -> dict[str, BasisDocument]:
    """The basis documents by name, created where missing (as services._basis_document does)."""
    wanted: dict[str, BasisRef] = {}
    for ref in refs:
        wanted.setdefault(ref.name[:200], ref)
    found: dict[str, BasisDocument] = {}
    for names in _chunks(list(wanted)):
        found.update({doc.name: doc for doc in BasisDocument.objects.filter(name__in=names)})
    missing = [
        BasisDocument(name=name, issuer=ref.issuer, doc_number=ref.doc_number)
        for name, ref in wanted.items()
        if name not in found
    ]
    if missing:
        for doc in bulk_create_with_history(missing, BasisDocument, **history):
            found[doc.name] = doc
    for name, ref in wanted.items():
        doc = found[name]
        if (ref.issuer and not doc.issuer) or (ref.doc_number and not doc.doc_number):
            doc.issuer = doc.issuer or ref.issuer
            doc.doc_number = doc.doc_number or ref.doc_number
            doc.save()
    return found


TREE_FIELDS = ["tree_id", "lft", "rght", "level"]


def layout_tree_fields(placed: list[tuple[DisclosureItem, bool]]) -> list[DisclosureItem]:
    """Give the items about to be saved their MPTT fields without MPTT's per-insert UPDATEs.

    ``placed`` lists, in saving order, new (unsaved) items and existing items being rewritten. It replays
    what saving them one by one through MPTT would do (``order_insertion_by = ["order", "code"]``): a new
    item goes just before the sibling with the smallest (order, code) above its own, else last; a rewritten
    item whose order changed moves the same way. Every other item keeps its place, so an order the office
    set by dragging in the admin is kept. The new items get their fields set in memory; the existing rows
    whose fields change are returned (with the new values) to be saved."""
    rows = DisclosureItem.objects.order_by("tree_id", "lft").values_list(
        "pk", "parent_id", "order", "code", "tree_id", "lft", "rght", "level"
    )
    children: dict[object, list[object]] = defaultdict(list)  # parent key (None for roots) → child keys
    sort_key: dict[object, tuple[int, str]] = {}
    parent_of: dict[object, object] = {}
    current: dict[int, tuple[int, int, int, int]] = {}
    for pk, parent_id, order, code, *tree in rows:
        children[parent_id].append(pk)
        sort_key[pk] = (order, code)
        parent_of[pk] = parent_id
        current[pk] = tuple(tree)
    new_key = {id(item): ("new", n) for n, (item, is_new) in enumerate(placed) if is_new}
    objects: dict[object, DisclosureItem] = {}

    def key_of(item: DisclosureItem | None):
        if item is None:
            return None
        return new_key.get(id(item), item.pk)

    def insert(key, parent) -> None:
        siblings = children[parent]
        above = [s for s in siblings if sort_key[s] > sort_key[key]]
        if above:
            siblings.insert(siblings.index(min(above, key=sort_key.__getitem__)), key)
        else:
            siblings.append(key)

    for item, is_new in placed:
        key = key_of(item)
        objects[key] = item
        wanted = (item.order, item.code)
        if is_new:  # its parent is the object it was built with (no query)
            sort_key[key] = wanted
            insert(key, key_of(item.parent))
        elif sort_key[key] != wanted:
            children[parent_of[key]].remove(key)
            sort_key[key] = wanted
            insert(key, parent_of[key])

    moved: list[DisclosureItem] = []
    for tree_id, root in enumerate(children[None], start=1):
        counter = 1
        stack: list[tuple[object, int, int | None]] = [(root, 0, None)]
        while stack:
            key, level, left = stack.pop()
            if left is None:
                stack.append((key, level, counter))
                counter += 1
                stack.extend((child, level + 1, None) for child in reversed(children.get(key, [])))
                continue
            values = (tree_id, left, counter, level)
            counter += 1
            if key in objects and key not in current:  # new
                item = objects[key]
                item.tree_id, item.lft, item.rght, item.level = values
            elif current[key] != values:
                moved.append(
                    DisclosureItem(pk=key, tree_id=values[0], lft=values[1], rght=values[2], level=values[3])
                )
                if key in objects:
                    item = objects[key]
                    item.tree_id, item.lft, item.rght, item.level = values
    return moved
