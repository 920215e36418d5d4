"""Stage 1 of an import: find a sheet's header and work out which column is which.

A header is the first row (within the first :data:`HEADER_SCAN_ROWS`) naming at least two of the standard
elements. It is one row of labels, or two rows where group labels (公开事项, 公开对象, 公开方式, 公开层级) stand
over their sub-labels. Labels are matched through :data:`COLUMN_ALIASES` (spaces, line breaks and brackets
ignored), tiers by meaning (:func:`tier_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .. import excel
from .results import RowError

#: Rows above the header searched for it (title rows, notes).
HEADER_SCAN_ROWS = 10

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "l1": ("一级事项", "一级", "一级事项名称", "一级目录"),
    "l2": ("二级事项", "二级", "二级事项名称", "二级目录"),
    "l3": ("三级事项", "三级", "三级事项名称", "三级目录"),
    "item": ("公开事项", "事项名称", "公开事项名称"),
    "content": ("公开内容(要素)", "公开内容", "公开要素", "公开内容要素", "内容", "公开内容(要素)及要求"),
    "basis": ("公开依据", "依据"),
    "time_limit": ("公开时限", "时限"),
    "subject": ("公开主体", "主体", "公开责任主体", "责任主体"),
    "channels": ("公开渠道和载体", "公开渠道及载体", "公开渠道与载体", "公开渠道", "公开载体", "渠道和载体"),
    "audience": ("公开对象",),
    "mode": ("公开方式",),
    "tiers": ("公开层级",),
    "audience_public": ("全社会", "社会", "社会公众", "不特定公众"),
    "audience_specific": ("特定群体", "特定对象", "特定群众", "申请人"),
    "mode_proactive": ("主动", "主动公开"),
    "mode_on_request": ("依申请", "依申请公开", "申请", "申请公开"),
    "five_public": ("五公开", "五公开类别", "五公开分类"),
    "form": ("公开形式",),
    "duration": ("公开时长",),
    "responsible_office": ("责任科室", "责任处室", "责任股室", "承办科室"),
    "is_negative": ("负面清单", "是否负面清单", "负面清单事项", "是否属于负面清单"),
    "negative_ground": ("不予公开依据", "不予公开的法律依据", "不予公开理由", "负面清单依据", "不公开依据"),
    "domain": ("领域", "所属领域", "试点领域", "公开领域", "相应领域", "对相应领域"),
}
LABEL_KEYS = {excel.norm_label(alias): key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}
#: Words of the audience and mode columns when one column holds words ("全社会、特定群体").
AUDIENCE_WORDS = {
    excel.norm_label(w): i
    for i, key in enumerate(("audience_public", "audience_specific"))
    for w in COLUMN_ALIASES[key]
}
MODE_WORDS = {
    excel.norm_label(w): i
    for i, key in enumerate(("mode_proactive", "mode_on_request"))
    for w in COLUMN_ALIASES[key]
}

DISTRICT, STREET, COMMUNITY, CITY = "district", "street", "community", "city"
TIER_NAMES = {DISTRICT: "区级", STREET: "街道级", COMMUNITY: "社区级"}
_COMMUNITY_WORDS = re.compile(r"社区|村|居委|嘎查")
_STREET_WORDS = re.compile(r"乡|镇|街道|街|苏木")
_DISTRICT_WORDS = re.compile(r"县|区|市|旗")
_CITY_BASES = {"市", "州", "盟", "地市", "市州", "州市", "地区"}
#: One-word tier columns seen without "级" in one-row headers.
_SHORT_TIER_LABELS = {"县", "区", "乡", "镇", "街道", "乡镇", "镇街", "镇街乡", "街镇", "村", "社区", "村居"}

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
#: The element columns a catalog cannot do without (国办发〔2019〕54号), and how they are named in messages.
REQUIRED_COLUMNS = {
    "l1": "公开事项（一级事项）",
    "content": "公开内容",
    "basis": "公开依据",
    "time_limit": "公开时限",
    "subject": "公开主体",
    "channels": "公开渠道和载体",
}


def label_key(value) -> str | None:
    if value is None or (isinstance(value, str) and len(value) > 40):
        return None  # a header label is short: a long cell is data
    return _label_key(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=8192)
def _label_key(value: str) -> str | None:
    label = excel.norm_label(value)
    if not label:
        return None
    key = LABEL_KEYS.get(label)
    if key is None:
        stripped = re.sub(r"\([^()]*\)$", "", label)  # "公开时限(工作日)" → "公开时限"
        key = LABEL_KEYS.get(stripped) if stripped != label else None
    return key


def tier_of(value, *, under_group: bool = True) -> tuple[str, ...] | None:
    """The tiers a tier label means, by its words: 县级 / 区级 / 东阳市级 / 县（市、区）级 → district; 乡级 / 镇街乡 /
    乡镇（街道） / 街道 → street; 村 / 村级 / 村（社区） / 社区 → community; 乡、村级 → street and community. A bare
    市级 (州级, 盟级) is ``city``: the district tier only when no county/district column is there. Outside a
    公开层级 group a label must end in 级 (or be a one-word tier) to count."""
    label = excel.norm_label(value)
    if not label or label_key(label) is not None:
        return None
    if not under_group and not label.endswith("级") and label not in _SHORT_TIER_LABELS:
        return None
    found: list[str] = []
    for part in re.split(r"[、,，/]", re.sub(r"\([^()]*\)", "", label)):
        base = part.removesuffix("级")
        if not base:
            continue
        tiers = _tiers_of_base(base)
        if tiers is None:
            return None
        found += [t for t in tiers if t not in found]
    return tuple(found) or None


def _tiers_of_base(base: str) -> tuple[str, ...] | None:
    if base in _CITY_BASES:
        return (CITY,)
    tiers = []
    rest = base
    if _COMMUNITY_WORDS.search(rest):
        tiers.append(COMMUNITY)
        rest = _COMMUNITY_WORDS.sub("", rest)
    if _STREET_WORDS.search(rest):
        tiers.insert(0, STREET)
        rest = _STREET_WORDS.sub("", rest)
    if _DISTRICT_WORDS.search(rest):
        tiers.insert(0, DISTRICT)
    return tuple(tiers) or None


def tier_option(value: str | None) -> str | None:
    """The tier a ``--tier`` value names: district / street / community, or a Chinese label (区级, 县级, 街道,
    乡镇级, 社区, 村…); ValueError when it names none or several."""
    if not value:
        return None
    if value in TIER_NAMES:
        return value
    tiers = tier_of(value)
    if tiers == (CITY,):
        tiers = (DISTRICT,)
    if not tiers or len(tiers) != 1:
        raise ValueError(
            _(
                "无法识别的公开层级「%(v)s」：可用 district（区级/县级）、street（街道/乡镇）、community（社区/村）"
            )
            % {"v": value}
        )
    return tiers[0]


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
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required columns allowed to be missing (keys)


def is_header_row(cells) -> bool:
    """Does the row hold two or more of the core labels (公开内容, 公开时限…)?"""
    first = None
    for value in cells:  # label_key, inlined: this runs on every row of a sheet
        if value is None:
            continue
        if isinstance(value, str):
            if len(value) > 40:
                continue
            key = _core_key(value)
        else:
            key = _core_key(str(value))
        if key is not None:
            if first is None:
                first = key
            elif key != first:
                return True
    return False


@lru_cache(maxsize=8192)
def _core_key(value: str) -> str | None:
    """The label's key when it is one of :data:`CORE_KEYS`, else None."""
    key = _label_key(value)
    return key if key in CORE_KEYS else None


def is_sub_label(value) -> bool:
    return label_key(value) in SUB_KEYS or tier_of(value) is not None


def _two_rows(top: list, sub: list, merged: list[tuple[int, int, int, int]], r: int) -> bool:
    """Is the header two rows (group labels over sub-labels)?"""
    vertical = any(r1 == r and r2 == r + 1 for (r1, _c1, r2, _c2) in merged)
    horizontal_groups = any(
        r1 == r2 == r and c2 > c1 and any(is_sub_label(sub[c - 1]) for c in range(c1, min(c2, len(sub)) + 1))
        for (r1, c1, r2, c2) in merged
    )
    under_blank = any(is_sub_label(sub[c]) and excel.cell_text(top[c]) == "" for c in range(len(top)))
    names_below = any(label_key(v) in NAME_KEYS for v in sub)
    return vertical or horizontal_groups or under_blank or names_below


class _HeaderReader:
    """Assigns the header's columns, collecting every problem with the sheet, row and column."""

    def __init__(self, sheet: str, r: int):
        self.sheet, self.r = sheet, r
        self.columns: dict[str, Col] = {}
        self.tier_columns: list[Col] = []
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, col: int, label: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, self.r, get_column_letter(col), label, message))

    def warn(self, col: int, label: str, message: str, row: int | None = None) -> None:
        self.warnings.append(RowError(self.sheet, row or self.r, get_column_letter(col), label, message))

    def add(self, key: str, col: int, label: str, tiers: tuple[str, ...] = ()) -> None:
        if key == "tier":
            taken = [c for c in self.tier_columns if set(c.tiers) & set(tiers)]
            if taken:
                message = _("公开层级列重复：与 %(letter)s列（%(label)s）表示同一层级") % {
                    "letter": taken[0].letter,
                    "label": taken[0].label,
                }
                self.error(col, label, message)
                return
            self.tier_columns.append(Col("tier", col, label, tiers))
            return
        if key in self.columns:
            other = self.columns[key]
            self.error(
                col,
                label,
                _("重复的列：与 %(letter)s列（%(label)s）相同")
                % {"letter": other.letter, "label": other.label},
            )
            return
        self.columns[key] = Col(key, col, label)

    def single(self, col: int, text: str) -> None:
        """A column labelled in one row (or merged over both)."""
        key = label_key(text)
        if key is None:
            tiers = tier_of(text, under_group=False)
            if tiers:
                self.add("tier", col, text, tiers)
            else:
                self.warn(col, text, _("未识别的列，已忽略"))
        elif key == "item":
            self.add("l1", col, text)
        elif key in ("audience", "mode", "tiers"):
            self.add(f"{key}_text", col, text)
        else:
            self.add(key, col, text)

    def below(self, col: int, top_text: str, sub_text: str) -> None:
        """A sub-label under its group label (or under a blank)."""
        top_key = label_key(top_text) if top_text else None
        label = f"{top_text}/{sub_text}" if top_text else sub_text
        sub_key = label_key(sub_text)
        tiers = tier_of(sub_text, under_group=top_key == "tiers")
        if tiers and top_key in (None, "tiers"):
            self.add("tier", col, label, tiers)
        elif sub_key in SUB_KEYS:
            self.add(sub_key, col, label)
        elif top_key == "tiers":
            self.warn(col, label, _("无法识别的公开层级「%(t)s」，本列已忽略") % {"t": sub_text}, self.r + 1)
        elif top_key and top_key not in GROUP_KEYS:
            self.add(top_key, col, top_text)  # a note under a plain label, e.g. "公开内容" over "（要素）"
        else:
            self.warn(col, label, _("未识别的列，已忽略"), self.r + 1)

    def resolve_city_tiers(self) -> None:
        """A bare 市级 column is the district tier of a city without counties; next to a 县级/区级 column it is
        the tier above the district, which the portal does not hold."""
        cities = [c for c in self.tier_columns if c.tiers == (CITY,)]
        if not cities:
            return
        has_district = any(DISTRICT in c.tiers for c in self.tier_columns)
        for col in cities:
            self.tier_columns.remove(col)
            if has_district:
                self.warn(col.index, col.label, _("上级（市、州）层级的列，本平台不设该层级，已忽略"))
            else:
                self.tier_columns.append(Col("tier", col.index, col.label, (DISTRICT,)))


def _find_header(grid: list[list]) -> int | None:
    return next((i for i, cells in enumerate(grid[:HEADER_SCAN_ROWS]) if is_header_row(cells)), None)


def read_layout(
    sheet: str,
    grid: list[list],
    merged: list[tuple[int, int, int, int]],
    *,
    allow_missing: frozenset[str] = frozenset(),
    tier: str | None = None,
) -> Layout | None:
    """Find and classify the header of one sheet; None when the sheet has no catalog header."""
    header = _find_header(grid)
    if header is None:
        return None
    top, sub = list(grid[header]), list(grid[header + 1]) if header + 1 < len(grid) else []
    width = max(len(top), len(sub))
    top, sub = top + [None] * (width - len(top)), sub + [None] * (width - len(sub))
    r = header + 1  # 1-based
    two_rows = _two_rows(top, sub, merged, r)
    reader = _HeaderReader(sheet, r)
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
            reader.below(i + 1, top_text, sub_text)
        elif top_text:
            reader.single(i + 1, top_text)
    reader.resolve_city_tiers()
    layout = Layout(
        header_row=r,
        data_row=r + (2 if two_rows else 1),
        columns=reader.columns,
        tier_columns=sorted(reader.tier_columns, key=lambda c: c.index),
        title=" ".join(excel.cell_text(v) for cells in grid[:header] for v in cells if excel.cell_text(v)),
        errors=reader.errors,
        warnings=reader.warnings,
    )
    _drop_word_columns(layout, sheet)
    _check_required(layout, sheet, allow_missing, tier)
    return layout


def _drop_word_columns(layout: Layout, sheet: str) -> None:
    """One column of words for a group is ignored when the group's tick columns are there."""
    columns = layout.columns
    for key, ticked in (
        ("audience_text", ("audience_public", "audience_specific")),
        ("mode_text", ("mode_proactive", "mode_on_request")),
    ):
        if key in columns and any(k in columns for k in ticked):
            layout.warnings.append(
                RowError(
                    "", layout.header_row, columns[key].letter, columns[key].label, _("已有勾选列，本列忽略")
                )
            )
            del columns[key]
    if "tiers_text" in columns and layout.tier_columns:
        del columns["tiers_text"]


def _check_required(layout: Layout, sheet: str, allow_missing: frozenset[str], tier: str | None) -> None:
    columns = layout.columns
    for key, name in REQUIRED_COLUMNS.items():
        if key in columns:
            continue
        if key in allow_missing and key != "l1":
            layout.missing.append(key)
            layout.warnings.append(
                RowError(
                    sheet,
                    layout.header_row,
                    "",
                    _("表头"),
                    _("缺少「%(name)s」列：按 --allow-missing 导入，每个事项都记下这一缺项") % {"name": name},
                )
            )
            continue
        message = _("缺少必需的列「%(name)s」") % {"name": name}
        if key != "l1":
            message += _(
                "（如目录确实没有这一列，可用 --allow-missing %(name)s 导入并在每个事项上记下缺项）"
            ) % {"name": name}
        layout.errors.append(RowError(sheet, layout.header_row, "", _("表头"), message))
    if not layout.tier_columns and "tiers_text" not in columns and not tier:
        layout.errors.append(
            RowError(
                sheet,
                layout.header_row,
                "",
                _("表头"),
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
