"""Stage 3 of an import: read and validate a whole workbook into an :class:`ImportPlan`; nothing is written."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from domains.models import Domain

from .. import excel
from .collector import collector_paused
from .layout import label_key, tier_option
from .mapping import MappingError, SheetMap, apply_layout, apply_overrides, build_layout, guess_sheet
from .results import ImportPlan, RowError
from .rows import DomainMatcher, Registry, RowCells, RowReader
from .write import existing_ids

#: Formula cells listed one by one before the rest are summed up.
MAX_LISTED_FORMULAS = 100
#: Sheet rows read between two calls of ``parse_workbook``'s ``progress``.
PROGRESS_EVERY = 250


def allowed_missing(names) -> tuple[frozenset[str], list[str]]:
    """The required columns ``--allow-missing`` names (公开依据, 公开渠道和载体…; any header spelling), and the
    names it does not know."""
    keys, unknown = set(), []
    for name in names or ():
        for part in str(name).replace("，", ",").replace("、", ",").split(","):
            part = part.strip()
            if not part:
                continue
            key = label_key(part) if label_key(part) else (part if part in ("basis", "channels") else None)
            if key in ("content", "basis", "time_limit", "subject", "channels"):
                keys.add(key)
            else:
                unknown.append(part)
    return frozenset(keys), unknown


#: How a saved layout is found for a sheet's header: signature → (name, mapping, who confirmed it), or None.
LayoutLookup = Callable[[str], "tuple[str, dict, str] | None"]


def saved_layouts(signature: str):
    """The office's saved layout for a header (:class:`catalog.models.ImportLayout`), if there is one."""
    from .memory import find_layout

    return find_layout(signature)


def parse_workbook(
    path_or_file,
    *,
    field_code: str | None = None,
    tier: str | None = None,
    allow_missing=(),
    progress: Callable[[int, int], None] | None = None,
    mapping: dict | None = None,
    layouts: LayoutLookup | None = saved_layouts,
) -> ImportPlan:
    """Read and validate a catalog workbook; nothing is written. See :mod:`catalog.importer` for the layout.

    ``tier`` (district / street / community, or 区级, 街道, 社区…) is the tier of the items that do not say
    (a catalog without a tier column, a row without a tick); ``allow_missing`` names required columns the
    catalog may lack (the gap is noted on every item without marking it 待核对). ``progress(done, total)``,
    when given, is called as the sheet rows are read (every :data:`PROGRESS_EVERY` rows, and once at the end).

    Each sheet's columns are mapped (:mod:`.mapping`): guessed from the header, then the office's saved layout
    for that header (``layouts``: None to skip), then ``mapping`` (the corrections from the mapping page,
    ``--map`` or ``--layout``: see :func:`.mapping.apply_overrides`). ``plan.mapping`` says how each sheet was
    read."""
    with collector_paused():
        return _parse_workbook(path_or_file, field_code, tier, allow_missing, progress, mapping, layouts)


def _parse_workbook(path_or_file, field_code, tier, allow_missing, progress, mapping, layouts) -> ImportPlan:
    plan = ImportPlan(field_code=field_code or None)
    if not _options(plan, tier, allow_missing):
        return plan
    try:
        data, plan.source_name = excel.read_source(path_or_file)
        book = excel.read_book(data)
    except excel.WorkbookRefused as refused:
        plan.errors.append(RowError(message=refused.message))
        return plan
    if book.formulas:
        _refuse_formulas(plan, book.formulas)
        return plan
    matcher = DomainMatcher(Domain.objects.all())
    forced = None
    if field_code:
        forced = matcher.by_code(field_code)
        if forced is None:
            codes = "、".join(f"{d.code}（{d.name}）" for d in matcher.domains if d.is_active) or _("无")
            plan.errors.append(
                RowError(
                    message=_("未知的领域代码「%(c)s」。已启用的领域：%(codes)s")
                    % {"c": field_code, "codes": codes}
                )
            )
            return plan
    parser = WorkbookReader(plan, matcher, forced)
    parser.overrides, parser.layouts = mapping or {}, layouts
    parser.progress = progress
    parser.total = sum(len(sheet.rows) for sheet in book.sheets if sheet.state == "visible")
    found = False
    for sheet in book.sheets:
        if sheet.state != "visible":
            plan.warnings.append(RowError(sheet.title, 0, "", "", _("隐藏的工作表，已跳过")))
            continue
        found = parser.sheet(sheet) or found
    parser.finish()
    if progress is not None:
        progress(parser.total, parser.total)
    _conclude(plan, found)
    return plan


def _options(plan: ImportPlan, tier: str | None, allow_missing) -> bool:
    try:
        plan.tier = tier_option(tier)
    except ValueError as exc:
        plan.errors.append(RowError(message=str(exc)))
        return False
    plan.allow_missing, unknown = allowed_missing(allow_missing)
    for name in unknown:
        plan.errors.append(
            RowError(
                message=_(
                    "--allow-missing 只能用于公开内容、公开依据、公开时限、公开主体、公开渠道和载体，不能用于「%(n)s」"
                )
                % {"n": name}
            )
        )
    return not unknown


def _refuse_formulas(plan: ImportPlan, formulas: list[tuple[str, int, int]]) -> None:
    message = _("含有公式：为安全起见不导入含公式的文件，请复制后“选择性粘贴为数值”再导入")
    for sheet, r, c in formulas[:MAX_LISTED_FORMULAS]:
        plan.errors.append(RowError(sheet, r, get_column_letter(c), "", message))
    if len(formulas) > MAX_LISTED_FORMULAS:
        plan.errors.append(
            RowError(message=_("另有 %(n)d 个单元格含有公式") % {"n": len(formulas) - MAX_LISTED_FORMULAS})
        )


def _conclude(plan: ImportPlan, found: bool) -> None:
    if not found and not plan.errors:
        plan.errors.append(
            RowError(
                message=_("工作簿中没有目录表格：没有找到含「公开内容」「公开时限」「公开主体」等列的表头。")
            )
        )
    elif not plan.rows and not plan.errors:
        plan.errors.append(RowError(message=_("工作簿中没有可导入的事项行。")))
    if plan.rows:
        index = existing_ids({row.domain.pk for row in plan.rows})
        for row in plan.rows:
            row.action = "update" if (row.domain.pk, row.path) in index else "create"


class WorkbookReader:
    """Reads the sheets of a workbook into the plan: each sheet's layout, field and rows."""

    def __init__(self, plan: ImportPlan, matcher: DomainMatcher, forced: Domain | None):
        self.plan, self.matcher, self.forced = plan, matcher, forced
        self.registry = Registry(seen={}, parents_with_children=set(), headings=[])
        self.overrides: dict = {}
        self.layouts: LayoutLookup | None = None
        self.progress: Callable[[int, int], None] | None = None
        self.total = self.read = 0  # sheet rows in the workbook, and read so far

    def tick(self, rows: int) -> None:
        before, self.read = self.read, self.read + rows
        if self.progress is not None and before // PROGRESS_EVERY != self.read // PROGRESS_EVERY:
            self.progress(min(self.read, self.total), self.total)

    def sheet(self, data: excel.SheetData) -> bool:
        """Read one worksheet; False when it holds no catalog header."""
        name, grid, merged = data.title, data.rows, data.merged
        rows_in_sheet = len(grid)
        while grid and all(excel.cell_text(v) == "" for v in grid[-1]):
            grid.pop()
        sheet_map = guess_sheet(name, grid, merged)
        layout = None
        if sheet_map is not None:
            layout = self._layout(sheet_map)
            if layout is None:
                self.tick(rows_in_sheet)
                return True
        if layout is None:
            if grid:
                self.plan.warnings.append(
                    RowError(
                        name, 0, "", "", _("未找到目录表头（公开内容、公开时限、公开主体等），已跳过该工作表")
                    )
                )
            self.tick(rows_in_sheet)
            return False
        assert sheet_map is not None  # a layout is read from a mapping
        self.plan.sheets.append(name)
        self.plan.warnings.extend(layout.warnings)
        if not sheet_map.confirmed:  # what the guess inferred, for review (a confirmed mapping is not)
            self.plan.assumptions.extend(layout.assumptions)
        if layout.errors:
            self.plan.errors.extend(layout.errors)
            return True
        forced = self.forced
        if sheet_map.field_code:
            forced = self.matcher.by_code(sheet_map.field_code)
            if forced is None:
                message = _("未知的领域代码「%(c)s」") % {"c": sheet_map.field_code}
                self.plan.errors.append(RowError(name, 0, "", "", message))
                return True
        sheet_domain = forced or self._sheet_domain(name, layout)
        if sheet_domain is None and "domain" not in layout.columns:
            return True
        filled = _fill_merged(grid, merged, layout.data_row)
        finder = FieldFinder(self.matcher, forced, sheet_domain, layout)
        reader = RowReader(self.plan, name, layout, self.registry, finder)
        reader.merged_cells = filled
        self.tick(layout.data_row - 1)
        for r in range(layout.data_row, len(grid) + 1):
            reader.read(r, grid[r - 1])
            self.tick(1)
        self.tick(rows_in_sheet - len(grid))
        return True

    def _layout(self, sheet_map: SheetMap):
        """The sheet's mapping (guess, saved layout, corrections) as a Layout; None when a correction is
        unreadable (the error is in the plan)."""
        name = sheet_map.sheet
        if self.layouts is not None:
            saved = self.layouts(sheet_map.signature)
            if saved is not None:
                layout_name, layout_mapping, by = saved
                apply_layout(sheet_map, layout_name, layout_mapping, by)
                message = _("按已保存的版式「%(n)s」读取（表头相同）") % {"n": layout_name}
                self.plan.warnings.append(RowError(name, sheet_map.header_row, "", "", message))
        try:
            notes = apply_overrides(sheet_map, self.overrides)
        except MappingError as exc:
            self.plan.errors.append(RowError(name, sheet_map.header_row, "", "", str(exc)))
            self.plan.mapping.append(sheet_map)
            return None
        self.plan.warnings.extend(RowError(name, sheet_map.header_row, "", "", n) for n in notes)
        self.plan.mapping.append(sheet_map)
        tier = self.plan.tier
        if sheet_map.tier:
            try:
                tier = tier_option(sheet_map.tier)
            except ValueError as exc:
                self.plan.errors.append(RowError(name, sheet_map.header_row, "", "", str(exc)))
                return None
        return build_layout(sheet_map, allow_missing=self.plan.allow_missing, tier=tier)

    def _sheet_domain(self, name: str, layout) -> Domain | None:
        by_name = self.matcher.resolve(name)
        by_title = self.matcher.find(layout.title) if layout.title else None
        title_row = _("标题行")
        if by_name and by_title and by_name.pk != by_title.pk:
            message = _(
                "工作表名称对应「%(a)s」领域，标题行对应「%(b)s」领域，请统一（或用 --field 指定）"
            ) % {
                "a": by_name.name,
                "b": by_title.name,
            }
            self.plan.errors.append(RowError(name, 1, "", title_row, message))
            return None
        domain = by_name or by_title
        if domain is None and "domain" not in layout.columns:
            message = _(
                "无法确定所属领域：工作表名称和标题行都对应不到已有的领域，请把工作表命名为领域名称"
                "（如「义务教育」）、增加「领域」列，或用 --field 指定"
            )
            self.plan.errors.append(RowError(name, 1, "", title_row, message))
        elif domain is not None and not domain.is_active:
            self.plan.warnings.append(
                RowError(name, 0, "", "", _("领域「%(d)s」尚未在本区启用") % {"d": domain.name})
            )
        return domain

    def finish(self) -> None:
        """Headings that no item row follows are items without content."""
        registry = self.registry
        for sheet, r, domain, path, col in registry.headings:
            key = (domain.pk, path)
            if key not in registry.parents_with_children and key not in registry.seen:
                message = _("事项「%(p)s」只有名称：没有公开内容等要素，下面也没有下级事项") % {
                    "p": "／".join(path)
                }
                self.plan.errors.append(RowError(sheet, r, col.letter, col.label, message))


class FieldFinder:
    """How a row finds its field: ``--field``, else a 领域 column (a blank cell continues the row above),
    else the sheet's (its name or title)."""

    def __init__(self, matcher: DomainMatcher, forced: Domain | None, sheet_domain: Domain | None, layout):
        self.matcher, self.forced, self.sheet_domain = matcher, forced, sheet_domain
        self.col = layout.columns.get("domain")

    def find(self, row: RowCells, current: Domain | None) -> Domain | None:
        if self.forced is not None:
            return self.forced
        if self.col is None:
            return self.sheet_domain
        value = row.text_of(self.col)
        if value:
            domain = self.matcher.resolve(value)
            if domain is None:
                row.error(self.col, _("无法识别的领域「%(v)s」") % {"v": value})
            return domain
        domain = current or self.sheet_domain
        if domain is None:
            row.error(self.col, _("不能为空（无法从工作表名称或标题行确定领域）"))
        return domain


def _fill_merged(
    grid: list[list], merged: list[tuple[int, int, int, int]], data_row: int
) -> set[tuple[int, int]]:
    """A merged cell in the item rows reads as its top-left value in every row it covers (down its first
    column: a label merged across columns belongs to the first one). Returns the (row, column) cells filled
    so, which hold no value of their own."""
    filled: set[tuple[int, int]] = set()
    for r1, c1, r2, _c2 in merged:
        if r1 >= data_row and r2 > r1 and r1 - 1 < len(grid):
            value = grid[r1 - 1][c1 - 1] if c1 - 1 < len(grid[r1 - 1]) else None
            for r in range(r1 + 1, min(r2, len(grid)) + 1):
                row = grid[r - 1]
                if len(row) < c1:
                    row.extend([None] * (c1 - len(row)))
                row[c1 - 1] = value
                filled.add((r, c1))
    return filled
