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
    #: a category column is a level of the tree (the first), never dropped
    "category": ("事项类别", "类别", "公开类别", "事项分类", "信息类别", "主题", "所属类别"),
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
    "note": ("备注", "备注说明"),
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
_COMMUNITY_WORDS = re.compile(r"社区|村|居委|嘎查|组")  # 组: 村民小组, the most local column
_STREET_WORDS = re.compile(r"乡|镇|街道|街|苏木")
_DISTRICT_WORDS = re.compile(r"县|区|市|旗")
_CITY_BASES = {"市", "州", "盟", "地市", "市州", "州市", "地区"}
#: One-word tier columns seen without "级" in one-row headers.
_SHORT_TIER_LABELS = {
    "县",
    "区",
    "乡",
    "镇",
    "街道",
    "乡镇",
    "镇街",
    "镇街乡",
    "街镇",
    "村",
    "社区",
    "村居",
    "组",
}

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
NON_DATA_KEYS = {"seq", "l1", "l2", "l3", "domain", "note"}
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
    missing: list[str] = field(default_factory=list)  # required columns the sheet lacks (keys)
    #: the missing columns not named by ``allow_missing``: every item is 待核对 for them
    reviewed_missing: list[str] = field(default_factory=list)
    note_columns: list[Col] = field(default_factory=list)  # 备注 columns: their text goes into the notes
    #: what the mapping assumed about the columns (listed for review unless the office confirmed it)
    assumptions: list[RowError] = field(default_factory=list)
    tier: str | None = None  # the tier of rows that name none (the sheet's, or ``--tier``)


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


def is_two_rows(top: list, sub: list, merged: list[tuple[int, int, int, int]], r: int) -> bool:
    """Is the header two rows (group labels over sub-labels)?"""
    vertical = any(r1 == r and r2 == r + 1 for (r1, _c1, r2, _c2) in merged)
    horizontal_groups = any(
        r1 == r2 == r and c2 > c1 and any(is_sub_label(sub[c - 1]) for c in range(c1, min(c2, len(sub)) + 1))
        for (r1, c1, r2, c2) in merged
    )
    under_blank = any(is_sub_label(sub[c]) and excel.cell_text(top[c]) == "" for c in range(len(top)))
    names_below = any(label_key(v) in NAME_KEYS for v in sub)
    return vertical or horizontal_groups or under_blank or names_below


def find_header(grid: list[list]) -> int | None:
    """The 0-based index of the header row among the first :data:`HEADER_SCAN_ROWS`, or None."""
    return next((i for i, cells in enumerate(grid[:HEADER_SCAN_ROWS]) if is_header_row(cells)), None)


def read_layout(
    sheet: str,
    grid: list[list],
    merged: list[tuple[int, int, int, int]],
    *,
    allow_missing: frozenset[str] = frozenset(),
    tier: str | None = None,
) -> Layout | None:
    """Find the header of one sheet and read it as guessed (:mod:`.mapping`); None when the sheet has no
    catalog header."""
    from .mapping import build_layout, guess_sheet

    sheet_map = guess_sheet(sheet, grid, merged)
    if sheet_map is None:
        return None
    return build_layout(sheet_map, allow_missing=allow_missing, tier=tier)
