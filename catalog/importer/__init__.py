"""Import a catalog workbook (政务公开事项标准目录) as districts publish it.

A package along the import's stages — :mod:`.layout` (the header), :mod:`.rows` (the item rows),
:mod:`.plan` (the whole workbook, validated), :mod:`.write` (one transaction) — with one code path for
``manage.py import_catalog`` and the admin upload:

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
    社区级. Ticks: √ ✓ ✔ ● ■ ▄ ☑ ◆ 是 (blank, □ 口 ○ ☐ 否 × mean no). 序号 is ignored.

    Columns a catalog must have (国办发〔2019〕54号: name, content, basis, time limit, subject, channel):
    一级事项 (or a single 公开事项 column), 公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体 — a missing one
    is refused, naming it, unless ``allow_missing`` (``--allow-missing 公开依据``) lets it be missing, which
    records the gap on every item — and the tiers: 公开层级 columns, or for a catalog without them (half of the
    town catalogs) the tier given with ``tier`` (``--tier street``, or asked in the admin upload).
    Optional columns and their default when absent: 二级事项, 三级事项; 公开对象 (全社会); 公开方式 (主动);
    五公开, 公开形式, 公开时长, 责任科室; 负面清单 (ticked) and 不予公开依据; 领域/所属领域/相应领域.

    Tiers are read by meaning (:func:`.layout.tier_of`): 县级 / 区级 / 东阳市级 / 县（市、区）级 are the district
    tier; 乡级 / 镇街乡 / 乡镇（街道） / 街道 the street tier; 村 / 村级 / 村（社区） / 社区 the community tier.
    Audience: 全社会 / 社会公众 / 不特定公众, 特定群体 / 特定群众 / 特定对象 / 申请人. Mode: 主动, 依申请 / 依申请公开.
    同上 in a cell is the value of the cell above, recorded on the item. A header printed again on every page
    is skipped. Cell readers: :mod:`catalog.excel.cells`.

    What a cell says that the importer cannot fully understand gives a warning naming sheet, row, column and
    what was kept; an error is left only where a required element would be lost. In every item row 公开内容, 公开时限 and 公开主体 must be filled and at least one
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

from .layout import (
    COLUMN_ALIASES,
    HEADER_SCAN_ROWS,
    Col,
    Layout,
    label_key,
    read_layout,
    tier_of,
    tier_option,
)
from .plan import MAX_LISTED_FORMULAS, WorkbookReader, allowed_missing, parse_workbook
from .results import ImportPlan, ImportResult, PlannedRow, RowError
from .rows import DomainMatcher, ItemReader, RowCells, RowReader
from .write import (
    BATCH_SIZE,
    PROGRESS_STEPS,
    TREE_FIELDS,
    ProgressCallback,
    existing_index,
    import_catalog,
    layout_tree_fields,
    plan_nodes,
)

__all__ = [
    "BATCH_SIZE",
    "COLUMN_ALIASES",
    "HEADER_SCAN_ROWS",
    "MAX_LISTED_FORMULAS",
    "TREE_FIELDS",
    "Col",
    "DomainMatcher",
    "ImportPlan",
    "ImportResult",
    "ItemReader",
    "Layout",
    "PROGRESS_STEPS",
    "PlannedRow",
    "ProgressCallback",
    "RowCells",
    "RowError",
    "RowReader",
    "WorkbookReader",
    "allowed_missing",
    "existing_index",
    "import_catalog",
    "label_key",
    "layout_tree_fields",
    "parse_workbook",
    "plan_nodes",
    "read_layout",
    "tier_of",
    "tier_option",
]
