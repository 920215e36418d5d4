"""Catalog workbooks built in code, as districts publish them (standards §1), and malformed ones.

``build(Sheet(...), ...)`` returns xlsx bytes: a title row, the two-row merged header (or a one-row
header), and item rows whose 一级 cells are merged over their group. ``raw(rows)`` writes arbitrary cells.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import openpyxl
from openpyxl.utils import get_column_letter

STANDARD_TIERS = ("区级", "街道级", "社区级")

#: Rows of the 义务教育 sample (standards §1): names, the cells, and which tiers are ticked.
EDUCATION_ROWS: list[dict] = [
    {
        "l1": "招生管理",
        "l2": "招生范围",
        "content": "●招生范围 ●学区划分详细情况",
        "basis": "《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条",
        "time_limit": "信息形成或者变更之日起20个工作日内",
        "subject": "区教育局",
        "channels": "■政府网站■两微一端■公开查阅点",
        "tiers": ("区级",),
    },
    {
        "l1": "招生管理",
        "l2": "招生计划",
        "content": "●招生计划\n●招生人数\n●报名条件",
        "basis": "《中华人民共和国政府信息公开条例》",
        "time_limit": "信息形成或者变更之日起20个工作日内",
        "subject": "区教育局",
        "channels": "■政府网站□两微一端",
        "tiers": ("区级",),
    },
    {
        "l1": "财务信息",
        "l2": "财务信息",
        "content": "●财务管理及监督办法 ●年度经费预决算信息 ●收费项目及收费标准",
        "basis": "《条例》",
        "time_limit": "信息形成或者变更之日起20个工作日内",
        "subject": "镇中心学校",
        "channels": "■政府网站■公开查阅点",
        "tiers": ("街道级",),
    },
    {
        "l1": "学生管理",
        "l2": "义务教育学生资助政策",
        "content": "●统一城乡义务教育“两免一补”政策",
        "basis": "《国务院关于进一步完善城乡义务教育经费保障机制的通知》",
        "time_limit": "20个工作日",
        "subject": "县教育体育局",
        "channels": "",
        "audience": ("全社会", "特定群体"),
        "tiers": ("区级", "街道级"),
    },
    {
        "l1": "政策文件",
        "l2": "",
        "content": "与义务教育有关的法律、法规",
        "basis": "《中华人民共和国义务教育法》",
        "time_limit": "信息形成或变更之日起20个工作日内",
        "subject": "区教育局",
        "channels": "■政府网站□公开查阅点\n■政务服务中心",
        "tiers": ("区级",),
    },
    {
        "l1": "重大决策",
        "l2": "决策草案",
        "content": "●决策前向社会公开决策草案、决策依据",
        "basis": "《关于全面推进政务公开工作的意见》",
        "time_limit": "按进展情况及时公开",
        "subject": "区教育局",
        "channels": "■政府网站",
        "mode": ("主动", "依申请"),
        "tiers": ("区级", "街道级", "社区级"),
    },
    {
        "l1": "重大决策",
        "l2": "学校布局调整",
        "content": "●调整方案\n●征求意见情况",
        "basis": "",
        "time_limit": "另行通知",
        "subject": "区教育局、各街道办事处",
        "channels": "■政府网站■社区/企事业单位/村公示栏（电子屏）",
        "tiers": ("区级", "社区级"),
    },
]


@dataclass
class Sheet:
    name: str = "义务教育"
    rows: list[dict] = field(default_factory=lambda: [dict(r) for r in EDUCATION_ROWS])
    title: str | None = "拱墅区义务教育领域基层政务公开标准目录"
    tiers: tuple[str, ...] = STANDARD_TIERS
    header: str = "two"  # "two": the merged two-row header; "one": one row of labels
    level3: bool = False
    field_column: bool = False
    extras: bool = False  # 五公开, 公开形式, 公开时长, 责任科室, 负面清单, 不予公开依据
    merge_l1: bool = True
    tick: str = "√"


def columns(sheet: Sheet) -> list[tuple[str, str, str]]:
    """(key, group, label) for each column of the sheet."""
    cols = [("seq", "", "序号")]
    if sheet.field_column:
        cols.append(("field", "", "所属领域"))
    cols += [("l1", "公开事项", "一级事项"), ("l2", "公开事项", "二级事项")]
    if sheet.level3:
        cols.append(("l3", "公开事项", "三级事项"))
    cols += [
        ("content", "", "公开内容（要素）"),
        ("basis", "", "公开依据"),
        ("time_limit", "", "公开时限"),
        ("subject", "", "公开主体"),
        ("channels", "", "公开渠道和载体"),
        ("aud:全社会", "公开对象", "全社会"),
        ("aud:特定群体", "公开对象", "特定群体"),
        ("mode:主动", "公开方式", "主动"),
        ("mode:依申请", "公开方式", "依申请"),
    ]
    cols += [(f"tier:{label}", "公开层级", label) for label in sheet.tiers]
    if sheet.extras:
        cols += [
            ("five_public", "", "五公开"),
            ("form", "", "公开形式"),
            ("duration", "", "公开时长"),
            ("office", "", "责任科室"),
            ("negative", "", "负面清单"),
            ("ground", "", "不予公开依据"),
        ]
    return cols


def _cell(sheet: Sheet, row: dict, key: str, seq: int):
    if key == "seq":
        return seq
    if key.startswith("aud:"):
        return sheet.tick if key[4:] in row.get("audience", ("全社会",)) else None
    if key.startswith("mode:"):
        return sheet.tick if key[5:] in row.get("mode", ("主动",)) else None
    if key.startswith("tier:"):
        return sheet.tick if key[5:] in row.get("tiers", (sheet.tiers[0],)) else None
    if key == "negative":
        return sheet.tick if row.get("negative") else None
    return row.get(key) or None


def write_sheet(ws, sheet: Sheet) -> None:
    cols = columns(sheet)
    r = 1
    if sheet.title:
        ws.cell(row=1, column=1, value=sheet.title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(cols))
        r = 2
    if sheet.header == "two":
        c = 1
        while c <= len(cols):
            key, group, label = cols[c - 1]
            if group:
                end = c
                while end < len(cols) and cols[end][1] == group:
                    end += 1
                ws.cell(row=r, column=c, value=group)
                ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=end)
                for i in range(c, end + 1):
                    ws.cell(row=r + 1, column=i, value=cols[i - 1][2])
                c = end + 1
            else:
                ws.cell(row=r, column=c, value=label)
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
                c += 1
        r += 2
    else:
        for c, (_key, _group, label) in enumerate(cols, start=1):
            ws.cell(row=r, column=c, value=label)
        r += 1
    first = r
    for i, row in enumerate(sheet.rows):
        for c, (key, _group, _label) in enumerate(cols, start=1):
            ws.cell(row=first + i, column=c, value=_cell(sheet, row, key, i + 1))
    if sheet.merge_l1 and sheet.rows:
        c = [k for k, _, _ in cols].index("l1") + 1
        start = 0
        for i in range(1, len(sheet.rows) + 1):
            if i < len(sheet.rows) and sheet.rows[i].get("l1") == sheet.rows[start].get("l1"):
                ws.cell(row=first + i, column=c).value = None
                continue
            if i - start > 1:
                ws.merge_cells(start_row=first + start, start_column=c, end_row=first + i - 1, end_column=c)
            start = i


def build(*sheets: Sheet) -> bytes:
    """An xlsx workbook with one worksheet per Sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in sheets or (Sheet(),):
        write_sheet(wb.create_sheet(sheet.name), sheet)
    return save(wb)


def raw(rows: list[list], *, sheet: str = "义务教育", merges: tuple[str, ...] = ()) -> bytes:
    """An xlsx workbook holding exactly these cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    return save(wb)


def save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write(tmp_path, data: bytes, name: str = "catalog.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cell_of(sheet: Sheet, key: str, row_index: int) -> str:
    """The A1 address of a cell of item row ``row_index`` (0-based) in a built sheet."""
    keys = [k for k, _, _ in columns(sheet)]
    first = (2 if sheet.title else 1) + (2 if sheet.header == "two" else 1)
    return f"{get_column_letter(keys.index(key) + 1)}{first + row_index}"
