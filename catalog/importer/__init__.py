"""Import a catalog workbook (政务公开事项标准目录) as districts publish it: guess, show, correct, remember.

A package along the import's stages — :mod:`.mapping` (each sheet's header and the role of each column:
guessed, shown, corrected, remembered; :mod:`.layout` holds the header words it knows), :mod:`.rows` (the
item rows), :mod:`.plan` (the whole workbook, validated), :mod:`.write` (one transaction),
:mod:`.services` (the review list and the saved layouts) — with one code path for ``manage.py
import_catalog`` and the admin upload:

* :func:`parse_workbook` reads and validates the whole file and returns an :class:`ImportPlan`. It writes
  nothing. ``plan.mapping`` says how each sheet was read; every problem is a :class:`RowError` naming the
  sheet, row and column, in Chinese; every assumption an :class:`Assumption`.
* :func:`import_catalog` writes a plan without errors in one transaction (``catalog`` ADD permission, and
  CHANGE when it updates items); :func:`.services.import_and_review` adds the review list in the same
  transaction. Any failure rolls the whole import back.

The mapping (issue 22)
    Each sheet's header is found (the first row of the first :data:`HEADER_SCAN_ROWS` naming two standard
    elements; one row of labels, or group labels over sub-labels) and each column gets a role
    (:data:`.mapping.ROLES`). The admin's upload opens on the mapping: every column with its header words,
    three samples and its role; the office corrects any role, the tier each tier column means, the field
    and the tier of the sheet; the command line takes ``--map COLUMN=ROLE`` and ``--layout NAME|FILE.json``
    and prints the mapping with ``--show-layout``. A confirmed mapping is kept as a named layout
    (:class:`catalog.models.ImportLayout`, keyed by the header words) and applied to the next workbook whose
    header says the same. How the guess reads (standards §1): 一级 / 二级 / 三级 (or one 公开事项 column), a
    category column (事项类别, 类别, 主题) as the first level; tiers by meaning (:func:`.layout.tier_of`):
    县级 / 区级 / 东阳市级 → district, 乡级 / 镇街 / 乡镇（街道） → street, 村 / 社区 / 组 → community, 乡、村级 →
    both, and more tier columns than tiers mapped by meaning (县级 | 镇级 | 乡、村级: the last is 社区级);
    audience 全社会 / 特定群体, mode 主动 / 依申请, as ticks or words; 责任科室, 五公开, 公开形式, 公开时长, 负面清单,
    不予公开依据, 领域, 备注. Ticks: √ ✓ ✔ ● ■ ▄ ☑ ◆ 是 (blank, □ 口 ○ ☐ 否 × mean no). 同上 is the cell above.
    A header printed again on every page is skipped.

Refuse only what cannot be read
    Refused, with nothing written: a file that is not a clean xlsx (:mod:`catalog.excel.safety`: renamed
    files, macros, zip bombs, more than :data:`catalog.excel.MAX_ROWS` rows or data past
    :data:`catalog.excel.MAX_COLUMNS` columns), formulas, a sheet with no recognisable header or no item
    name column, two columns mapped to one role, a field that cannot be told, a sheet without tier columns
    and no tier given, and rows that contradict themselves or the file (the same item twice, a 一级's own
    row after its children, 同上 with nothing above, a negative-list item without its ground or ticked
    主动, a cell too long to keep). Everything an officer settles afterwards is imported, with the item
    marked 待核对 and the reason (an :class:`Assumption`, kept as :class:`catalog.models.ImportReview`): no
    tick in 公开对象 / 公开方式 (全社会 / 主动), no tick in 公开层级 (the tier given; without one no tier, so no
    duty, until the office sets it), words in a tick column (ticked, words kept), 公开主体 missing (taken
    from 责任科室 where there is one), an empty 公开内容 / 公开时限 / 公开主体, a missing element column
    (``--allow-missing`` notes it without 待核对), a continuation row (no name and no 序号, only text: joined
    to the item above), a time limit read with a default or not read, a column mapped by guess.

Which field
    ``field_code`` (``--field``) or the sheet's field on the mapping page forces one field. Otherwise a
    领域 column decides per row (a blank cell continues the row above), else the sheet name, else the title
    row above the header, each matched against the fields' names and former names.

The item tree
    A row names its item by 一级 (+ 二级 (+ 三级)); a name that only says "—" is no name. A blank 一级
    continues the 一级 of the row above (merged cells read the same way); with a 三级 column, a blank 二级
    continues the 二级 above. A row with a 二级 makes its 一级 a group item; a row with only a 一级 is that
    一级's own row. A row holding only names is a heading. An item is identified by field + names:
    importing it again updates it (never duplicates it); the import never deletes or retires anything.

What is counted
    ``ImportPlan.count`` and the command's ``imported N items`` are the number of **item rows** written.
    一级 group items made from merged 一级 labels are reported separately (``ImportResult.groups_created``).

Time limits
    An unparsed wording is not an error: the item is imported with its rule marked 待人工设置, and the
    wording is listed to confirm (so is a wording read with a default); see :mod:`catalog.timelimits`.
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
from .results import Assumption, ImportPlan, ImportResult, PlannedRow, RowError
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
    "Assumption",
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
