"""The annual report as xlsx (one sheet per section, in the template's order; table 三 in the template's own
layout), pdf, docx and json; and the Content-Disposition of every FOI download (Chinese names, RFC 5987)."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .categories import APPLICANT_COLUMNS, AppealKind, ApplicantType
from .report import APPEAL_COLUMNS, CHECK_NOTE, COLUMN_LABELS, SECTIONS, TEMPLATES, ReportData, table3_rows

FORMATS = ("xlsx", "pdf", "docx", "json")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}
TABLE2_ROWS = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"]),
]


def table2_blocks(t2: dict) -> list[tuple[str, list[str], list[list]]]:
    """Table 二 as (heading, header, rows) blocks, as the template prints them."""
    return [
        (
            TABLE2_ROWS[0][0],
            TABLE2_ROWS[0][1],
            [["规章", *t2["regulation"]], ["行政规范性文件", *t2["normative"]]],
        ),
        (TABLE2_ROWS[1][0], TABLE2_ROWS[1][1], [["行政许可", t2["licences"]]]),
        (
            TABLE2_ROWS[2][0],
            TABLE2_ROWS[2][1],
            [["行政处罚", t2["penalties"]], ["行政强制", t2["enforcement"]]],
        ),
        (TABLE2_ROWS[3][0], TABLE2_ROWS[3][1], [["行政事业性收费", t2["fees"]]]),
    ]


def table3_display(data: ReportData) -> list[dict]:
    """Rows for templates: labels with rowspans for the merged first columns, then the seven figures."""
    rows = table3_rows(data.template)
    out = []
    for i, (key, group, sub, label) in enumerate(rows):
        first_of_group = i == 0 or rows[i - 1][1] != group
        first_of_sub = sub and (i == 0 or rows[i - 1][2] != sub)
        out.append(
            {
                "key": key,
                "group": group if first_of_group else None,
                "group_span": sum(1 for r in rows if r[1] == group),
                "sub": sub if first_of_sub else None,
                "sub_span": sum(1 for r in rows if r[2] == sub and sub),
                "label": label,
                "has_sub": bool(sub),
                "has_label": bool(label),
                "values": data.table3[key],
            }
        )
    return out


def table4_display(data: ReportData) -> list[int]:
    return [v for kind in AppealKind for v in data.table4[kind.value]]


def context(data: ReportData) -> dict:
    return {
        "data": data,
        "sections": SECTIONS,
        "columns": COLUMN_LABELS,
        "org_columns": [str(ApplicantType(c).label) for c in APPLICANT_COLUMNS[1:]],
        "table2": table2_blocks(data.table2),
        "table3": table3_display(data),
        "table4": table4_display(data),
        "appeal_columns": APPEAL_COLUMNS,
        "check_note": CHECK_NOTE,
        "template_name": TEMPLATES[data.template],
    }


# -- xlsx ------------------------------------------------------------------------------------------------
def _table3_sheet(ws, data: ReportData) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A1:C3")
    ws["A1"] = CHECK_NOTE
    ws.merge_cells("D1:J1")
    ws["D1"] = "申请人情况"
    ws.merge_cells("D2:D3")
    ws["D2"] = "自然人"
    ws.merge_cells("E2:I2")
    ws["E2"] = "法人或其他组织"
    for col, label in zip("EFGHI", COLUMN_LABELS[1:6], strict=True):
        ws[f"{col}3"] = label
    ws.merge_cells("J2:J3")
    ws["J2"] = "总计"
    rows = table3_rows(data.template)
    start = 4
    for offset, (key, group, sub, label) in enumerate(rows):
        r = start + offset
        if not sub:
            ws.cell(r, 1, group)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        else:
            ws.cell(r, 2, sub)
            if label:
                ws.cell(r, 3, label)
            else:
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        for c, value in enumerate(data.table3[key], start=4):
            ws.cell(r, c, value)
    # merged group labels, as the template prints them
    group_rows = [start + i for i, row in enumerate(rows) if row[2]]
    ws.cell(group_rows[0], 1, rows[group_rows[0] - start][1])
    ws.merge_cells(start_row=group_rows[0], start_column=1, end_row=group_rows[-1], end_column=1)
    for sub in dict.fromkeys(r[2] for r in rows if r[3]):
        idx = [start + i for i, row in enumerate(rows) if row[2] == sub]
        ws.merge_cells(start_row=idx[0], start_column=2, end_row=idx[-1], end_column=2)
    for row in ws.iter_rows(min_row=1, max_row=start + len(rows) - 1, max_col=10):
        for cell in row:
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[1] + ws[2] + ws[3]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 40


def _text_sheet(ws, title: str, heading: str, text: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append([title])
    ws.append([heading])
    ws.append([text or "（未填写）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"].font = Font(bold=True)
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100


def to_xlsx(data: ReportData) -> bytes:
    """One sheet per section of the template, named and ordered as its six sections (一 … 六)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws1 = wb.active
    ws1.title = SECTIONS[0]
    _text_sheet(ws1, data.title, SECTIONS[0], data.overview)
    ws2 = wb.create_sheet(SECTIONS[1])
    for heading, header, rows in table2_blocks(data.table2):
        ws2.append([heading])
        ws2.append(header)
        for row in rows:
            ws2.append(row)
    _table3_sheet(wb.create_sheet(SECTIONS[2]), data)
    ws4 = wb.create_sheet(SECTIONS[3])
    ws4.append(["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""])
    ws4.append(["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""])
    ws4.append(APPEAL_COLUMNS * 3)
    ws4.append(table4_display(data))
    ws4.merge_cells("A1:E2")
    ws4.merge_cells("F1:O1")
    ws4.merge_cells("F2:J2")
    ws4.merge_cells("K2:O2")
    _text_sheet(wb.create_sheet(SECTIONS[4]), data.title, SECTIONS[4], data.problems)
    _text_sheet(wb.create_sheet(SECTIONS[5]), data.title, SECTIONS[5], data.other_matters)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- pdf, docx, json -------------------------------------------------------------------------------------
def to_html(data: ReportData) -> str:
    return render_to_string("foi/annual_report_print.html", context(data))


def to_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(data)).write_pdf()


def _docx_table(document, header: list[str], rows: list[list]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    return table


def to_docx(data: ReportData) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(data.title, level=1)
    document.add_heading(SECTIONS[0], level=2)
    document.add_paragraph(data.overview or "（未填写）")
    document.add_heading(SECTIONS[1], level=2)
    for heading, header, rows in table2_blocks(data.table2):
        document.add_paragraph(heading)
        _docx_table(document, header, rows)
    document.add_heading(SECTIONS[2], level=2)
    document.add_paragraph(CHECK_NOTE)
    rows = [
        [" ".join(p for p in (group, sub, label) if p), *data.table3[key]]
        for key, group, sub, label in table3_rows(data.template)
    ]
    _docx_table(document, ["", *COLUMN_LABELS], rows)
    document.add_heading(SECTIONS[3], level=2)
    header = [f"{kind.label}·{c}" for kind in AppealKind for c in APPEAL_COLUMNS]
    _docx_table(document, header, [table4_display(data)])
    document.add_heading(SECTIONS[4], level=2)
    document.add_paragraph(data.problems or "（未填写）")
    document.add_heading(SECTIONS[5], level=2)
    document.add_paragraph(data.other_matters or "（未填写）")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_json(data: ReportData) -> bytes:
    return json.dumps(data.as_json(), ensure_ascii=False, indent=2).encode("utf-8")


def render(data: ReportData, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(_("格式应为 {value} 之一").format(value=", ".join(FORMATS)))
    return {"xlsx": to_xlsx, "pdf": to_pdf, "docx": to_docx, "json": to_json}[fmt](data)


# -- file names ------------------------------------------------------------------------------------------
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def content_disposition(filename: str, fallback: str, *, inline: bool = False) -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the Chinese name>`` (RFC 6266 / RFC 5987):
    browsers save the Chinese name, old clients the ASCII one. Characters a file name cannot hold become _."""
    name = _UNSAFE.sub("_", filename).strip() or fallback
    plain = "".join(c for c in fallback if c.isascii() and (c.isalnum() or c in "-_.")) or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def report_scope_name(unit, district: bool) -> str:
    """Who a report is of, as its file is named: the district (拱墅区) or the unit (区教育局)."""
    from .letters import district_name

    return (district_name(unit) or unit.name) if district else unit.name


def report_filename(scope_name: str, year: int, fmt: str) -> str:
    """``拱墅区2025年政府信息公开工作年度报告.xlsx``, ``区教育局2025年政府信息公开工作年度报告.pdf``."""
    return f"{scope_name}{year}年政府信息公开工作年度报告.{fmt}"
