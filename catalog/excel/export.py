"""Writing the catalog as an xlsx workbook in the standard layout (standards §1).

:func:`export_catalog` writes a title row, the two-row merged header (公开事项 over 一级/二级(/三级)事项, 公开对象
over 全社会/特定群体, 公开方式 over 主动/依申请, 公开层级 over 区级/街道级/社区级), then the extra columns the
importer reads (五公开, 公开形式, 公开时长, 责任科室, 负面清单, 不予公开依据); one sheet per field. Plain openpyxl:
no macros, no formulas, wrapped text, column widths, a frozen header, so it opens cleanly in Excel and WPS.

Nothing is dropped silently: every field that holds items is exported, the fields the district has not
activated included (their sheet title says so and :class:`ExportSummary` counts them). Export → import into an
empty database → export gives the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from domains.models import Domain

from ..models import PublishedItem
from ..snapshot import item_data, items_for_snapshot
from .cells import TICK, escape_text, five_public_word, format_channels, format_elements
from .safety import WorkbookRefused


def safe_text(value) -> str:
    """Text for a cell: characters xlsx cannot hold removed, formula triggers escaped."""
    return escape_text(ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: str
    group: str = ""  # the merged label above (公开事项, 公开对象…), "" for a column merged over both rows
    width: float = 10


def export_columns(with_level3: bool) -> list[ExportColumn]:
    """The standard layout (standards §1), 区级|街道级|社区级 tiers, then the extra columns."""
    levels = [ExportColumn("l1", "一级事项", "公开事项", 14), ExportColumn("l2", "二级事项", "公开事项", 16)]
    if with_level3:
        levels.append(ExportColumn("l3", "三级事项", "公开事项", 16))
    return [
        ExportColumn("seq", "序号", "", 6),
        *levels,
        ExportColumn("content", "公开内容（要素）", "", 42),
        ExportColumn("basis", "公开依据", "", 32),
        ExportColumn("time_limit", "公开时限", "", 24),
        ExportColumn("subject", "公开主体", "", 14),
        ExportColumn("channels", "公开渠道和载体", "", 22),
        ExportColumn("audience_public", "全社会", "公开对象", 7),
        ExportColumn("audience_specific", "特定群体", "公开对象", 7),
        ExportColumn("mode_proactive", "主动", "公开方式", 6),
        ExportColumn("mode_on_request", "依申请", "公开方式", 7),
        ExportColumn("tier_district", "区级", "公开层级", 6),
        ExportColumn("tier_street", "街道级", "公开层级", 7),
        ExportColumn("tier_community", "社区级", "公开层级", 7),
        ExportColumn("five_public", "五公开", "", 8),
        ExportColumn("form", "公开形式", "", 12),
        ExportColumn("duration", "公开时长", "", 12),
        ExportColumn("responsible_office", "责任科室", "", 12),
        ExportColumn("is_negative", "负面清单", "", 8),
        ExportColumn("negative_ground", "不予公开依据", "", 24),
    ]


TICK_KEYS = {
    "audience_public",
    "audience_specific",
    "mode_proactive",
    "mode_on_request",
    "tier_district",
    "tier_street",
    "tier_community",
    "is_negative",
}


def own_row(data: dict) -> bool:
    """Does an item with sub-items carry data of its own (so it needs a row, not only a label)?"""
    return bool(
        data.get("elements")
        or data.get("content")
        or data.get("time_limit_text")
        or data.get("subject_text")
        or data.get("basis_text")
        or data.get("channels")
        or data.get("tiers")
        or data.get("is_negative")
    )


def export_row_values(data: dict, path: tuple[str, ...], seq: int) -> dict[str, object]:
    """One item's cells, keyed by column key, from :func:`catalog.snapshot.item_data`-shaped data."""
    tiers = set(data.get("tiers", []))
    elements = data.get("elements") or []
    return {
        "seq": seq,
        "l1": path[0],
        "l2": path[1] if len(path) > 1 else "",
        "l3": "/".join(path[2:]),
        "content": format_elements(elements) if elements else data.get("content", ""),
        "basis": data.get("basis_text", ""),
        "time_limit": data.get("time_limit_text", ""),
        "subject": data.get("subject_text", ""),
        "channels": format_channels(
            (c["channel"], c["required"], c.get("words", "")) for c in data.get("channels", [])
        ),
        "audience_public": "全社会" in data.get("audience", []),
        "audience_specific": "特定群体" in data.get("audience", []),
        "mode_proactive": "主动" in data.get("mode", []),
        "mode_on_request": "依申请" in data.get("mode", []),
        "tier_district": "district" in tiers,
        "tier_street": "street" in tiers,
        "tier_community": "community" in tiers,
        "five_public": five_public_word(data.get("five_public", "")),
        "form": data.get("form", ""),
        "duration": data.get("duration", ""),
        "responsible_office": data.get("responsible_office", ""),
        "is_negative": data.get("is_negative", False),
        "negative_ground": data.get("negative_ground", ""),
    }


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=16)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


@dataclass
class SheetRows:
    """What goes on one sheet: the field, its title, and its rows as (path, item data) in catalog order."""

    sheet_name: str
    title: str
    rows: list[tuple[tuple[str, ...], dict]]


FIRST_DATA_ROW = 4


def write_sheet(wb, spec: SheetRows) -> int:
    """Write one field's sheet in the standard layout; returns the number of item rows."""
    ws = wb.create_sheet(title=spec.sheet_name[:31])
    with_level3 = any(len(path) > 2 for path, _ in spec.rows)
    columns = export_columns(with_level3)
    _write_title(ws, spec.title, len(columns))
    _write_header(ws, columns)
    _write_rows(ws, columns, spec.rows)
    keys = [c.key for c in columns]
    _merge_runs(ws, spec.rows, keys.index("l1") + 1, 1)
    if with_level3:
        _merge_runs(ws, spec.rows, keys.index("l2") + 1, 2)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=keys.index("content") + 1).coordinate
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return len(spec.rows)


def _write_title(ws, title: str, ncols: int) -> None:
    ws["A1"] = safe_text(title)
    ws["A1"].font = _TITLE_FONT
    ws["A1"].alignment = _CENTER
    ws.merge_cells(f"A1:{get_column_letter(ncols)}1")
    ws.row_dimensions[1].height = 32


def _write_header(ws, columns: list[ExportColumn]) -> None:
    """A grouped column has its group above (merged across the group) and its label below; a plain
    column's label is merged over both rows."""
    ncols = len(columns)
    col = 1
    while col <= ncols:
        column = columns[col - 1]
        if column.group:
            end = col
            while end < ncols and columns[end].group == column.group:
                end += 1
            ws.cell(row=2, column=col, value=column.group)
            if end > col:
                ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=end)
            for c in range(col, end + 1):
                ws.cell(row=3, column=c, value=columns[c - 1].label)
            col = end + 1
        else:
            ws.cell(row=2, column=col, value=column.label)
            ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
            col += 1
    for row in (2, 3):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=row, column=c)
            cell.font, cell.fill, cell.alignment, cell.border = _HEADER_FONT, _HEADER_FILL, _CENTER, _BORDER
    for c, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = column.width


def _write_rows(ws, columns: list[ExportColumn], rows: list[tuple[tuple[str, ...], dict]]) -> None:
    for offset, (path, data) in enumerate(rows):
        values = export_row_values(data, path, offset + 1)
        for c, column in enumerate(columns, start=1):
            value = values[column.key]
            if column.key in TICK_KEYS:
                value, align = (TICK if value else None), _CENTER
            elif column.key == "seq":
                align = _CENTER
            else:
                value, align = (safe_text(value) or None), _WRAP
            cell = ws.cell(row=FIRST_DATA_ROW + offset, column=c, value=value)
            cell.alignment, cell.border = align, _BORDER


def _merge_runs(ws, rows: list[tuple[tuple[str, ...], dict]], column: int, depth: int) -> None:
    """Merge a name over the rows of its group (the 一级, or with 三级 the 二级), as districts publish it."""
    start = 0
    for i in range(1, len(rows) + 1):
        same = (
            i < len(rows)
            and len(rows[i][0]) >= depth
            and len(rows[start][0]) >= depth
            and rows[i][0][:depth] == rows[start][0][:depth]
        )
        if same:
            ws.cell(row=FIRST_DATA_ROW + i, column=column).value = None
            continue
        if i - start > 1:
            ws.merge_cells(
                start_row=FIRST_DATA_ROW + start,
                start_column=column,
                end_row=FIRST_DATA_ROW + i - 1,
                end_column=column,
            )
        start = i


def write_workbook(out, sheets: list[SheetRows]) -> int:
    """Write the sheets to ``out`` (a path or a binary file); returns the number of item rows."""
    wb = openpyxl.Workbook()
    default = wb.active
    total = sum(write_sheet(wb, spec) for spec in sheets)
    if sheets:
        wb.remove(default)
    else:
        default.title = "目录"
        default["A1"] = _("没有可导出的领域（请先在“试点领域”中启用本区的领域）。")
    wb.properties.creator = "基层政务公开标准化规范化平台"
    wb.properties.title = "政务公开事项标准目录"
    wb.save(out)
    return total


# -- export -----------------------------------------------------------------------------------------------


@dataclass
class ExportSummary:
    sheets: int
    items: int  # item rows written
    source: str  # "工作副本" or "第N版"
    inactive: list[str] | None = None  # fields not activated in the district whose items were exported too

    @property
    def inactive_note(self) -> str:
        if not self.inactive:
            return ""
        return _("其中 %(n)d 个领域尚未在本区启用，其事项也已导出（工作表标题注明“未启用”）：%(names)s") % {
            "n": len(self.inactive),
            "names": "、".join(self.inactive),
        }


def _sheet_rows(items: list[dict]) -> list[tuple[tuple[str, ...], dict]]:
    """Items of one field (in catalog order: parents before children) as rows (names from the 一级 down,
    data). An item with sub-items gets a row of its own only when it carries data of its own."""
    paths: dict[str, tuple[str, ...]] = {}
    has_children = {data.get("parent_code") for data in items if data.get("parent_code")}
    rows = []
    for data in items:
        parent = paths.get(data.get("parent_code") or "")
        paths[data["code"]] = (parent or ()) + (data["name"],)
        if data["code"] not in has_children or own_row(data):
            rows.append((paths[data["code"]], data))
    return rows


def _export_data(edition, field_code: str | None) -> tuple[list[dict], str, str]:
    """The items to export (working copy, or what an edition froze), the source's name and title suffix."""
    if edition is None:
        items = items_for_snapshot()
        if field_code:
            items = items.filter(domain__code=field_code)
        return [item_data(item) for item in items], _("工作副本"), ""
    entries = PublishedItem.objects.filter(edition=edition).order_by("position")
    if field_code:
        entries = entries.filter(domain__code=field_code)
    number = edition.number
    return (
        [entry.data for entry in entries],
        _("第%(n)d版") % {"n": number},
        _("（第%(n)d版）") % {"n": number},
    )


def export_catalog(out, *, field_code: str | None = None, edition=None) -> ExportSummary:
    """Write the catalog in the standard layout, one sheet per field that is active or holds items (or the
    one ``field_code`` names). The source is the office's working copy, or ``edition`` (a CatalogEdition)."""
    if field_code and not Domain.objects.filter(code=field_code).exists():
        raise WorkbookRefused(_("未知的领域代码「%(code)s」。") % {"code": field_code})
    data, source, suffix = _export_data(edition, field_code)
    by_domain: dict[str, list[dict]] = {}
    for entry in data:
        by_domain.setdefault(entry["domain_code"], []).append(entry)
    domains = Domain.objects.order_by("order", "id")
    if field_code:
        domains = domains.filter(code=field_code)
    chosen = [d for d in domains if d.code in by_domain or d.is_active or field_code]
    inactive = [d.name for d in chosen if not d.is_active and d.code in by_domain]
    district = settings.PORTAL_DISTRICT_NAME
    sheets = []
    for d in chosen:
        note = _("（未启用领域）") if not d.is_active and d.code in by_domain else ""
        title = _("%(district)s%(field)s领域基层政务公开标准目录") % {"district": district, "field": d.name}
        sheets.append(SheetRows(d.name, f"{title}{suffix}{note}", _sheet_rows(by_domain.get(d.code, []))))
    total = write_workbook(out, sheets)
    return ExportSummary(len(sheets), total, source, inactive)
