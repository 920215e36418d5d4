"""The pilot's generated reports: the monthly supervision report (月度督查), the quarterly report (季度报告) and the
总结报告 skeleton (总体情况 / 主要做法和成效 / 存在的问题和建议), each built once as sections of text and tables from
:func:`pilot.selectors.figures` and written as Excel (openpyxl) or Word (python-docx).

The figures are the ledger's on the period's last day (or today, when the period has not ended). A task's
progress is its latest report; whether it was done by then is read from its completion date."""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Plan, Task
from .selectors import Figures, events_between, figures

XLSX, DOCX = "xlsx", "docx"
FORMATS = (XLSX, DOCX)
QUARTERLY, MONTHLY, SUMMARY = "quarterly", "monthly", "summary"
KINDS = (QUARTERLY, MONTHLY, SUMMARY)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class ReportError(ValueError):
    """Bad input for a report (the message is Chinese, for the operator)."""


def quarter_bounds(text: str) -> tuple[date, date]:
    match = _QUARTER.match((text or "").strip())
    if not match:
        raise ReportError(_("季度格式应为 YYYY-Qn，例如 2026-Q4。"))
    year, quarter = int(match[1]), int(match[2])
    last_month = quarter * 3
    return date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def month_bounds(text: str) -> tuple[date, date]:
    match = _MONTH.match((text or "").strip())
    if not match:
        raise ReportError(_("月份格式应为 YYYY-MM，例如 2026-11。"))
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)


@dataclass
class Report:
    title: str
    subtitle: str
    sections: list[Section]


def _pct(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _figure(value) -> object:
    return "" if value is None else float(value)


def _units(task: Task) -> str:
    return "、".join(u.name for u in task.cooperating.all())


def overview(f: Figures) -> Section:
    targets = len(f.targets)
    return Section(
        _("总体情况"),
        [
            _(
                "截至%(d)s，%(plan)s共分解%(c)d类、%(t)d项量化目标、%(m)d项工作措施；已完成量化目标%(done)d项"
                "（完成率%(rate)s），其中按时完成%(ontime)d项；超期未完成%(late)d项；量化目标平均进度%(avg)d%%。"
            )
            % {
                "d": f.as_of,
                "plan": f.plan.name,
                "c": len(f.classes),
                "t": targets,
                "m": len(f.measures),
                "done": f.targets_done,
                "rate": _pct(f.targets_done, targets),
                "ontime": f.targets_on_time,
                "late": len(f.targets_overdue),
                "avg": f.average_progress,
            },
            _("留存佐证材料%(e)d份；问题清单共%(p)d个问题，已销号%(c)d个，未销号%(o)d个。")
            % {
                "e": f.evidence_count,
                "p": f.problems_total,
                "c": f.problems_closed,
                "o": len(f.problems_open),
            },
        ],
        [_("指标"), _("数值")],
        [
            [_("类别数"), len(f.classes)],
            [_("量化目标数"), targets],
            [_("已完成量化目标"), f.targets_done],
            [_("按时完成量化目标"), f.targets_on_time],
            [_("超期未完成量化目标"), len(f.targets_overdue)],
            [_("量化目标平均进度（%）"), f.average_progress],
            [_("工作措施数"), len(f.measures)],
            [_("已完成工作措施"), f.measures_done],
            [_("佐证材料（份）"), f.evidence_count],
            [_("问题总数"), f.problems_total],
            [_("已销号问题"), f.problems_closed],
            [_("未销号问题"), len(f.problems_open)],
        ],
    )


def targets_table(f: Figures) -> Section:
    classes = {c.pk: c.title for c in f.classes}
    return Section(
        _("量化目标进展（工作清单·责任清单）"),
        header=[
            _("编号"), _("类别"), _("量化目标"), _("指标"), _("目标值"), _("完成值"), _("计量单位"),
            _("牵头单位"), _("配合单位"), _("完成时限"), _("状态"), _("进度（%）"), _("佐证材料（份）"),
        ],
        rows=[
            [
                t.number, classes.get(t.parent_id or 0, ""), t.title, t.indicator, _figure(t.target_value),
                _figure(t.actual_value), t.measure_unit, t.lead_unit.name, _units(t), t.deadline.isoformat(),
                t.get_status_display(), t.progress, len(t.evidence.all()),
            ]
            for t in f.targets
        ],
    )  # fmt: skip


def problems_table(f: Figures, heading: str = "") -> Section:
    return Section(
        heading or _("问题清单"),
        header=[_("问题"), _("责任单位"), _("发现日期"), _("整改措施"), _("整改时限"), _("状态"), _("销号日期")],
        rows=[
            [
                p.title, p.unit.name, p.found_on.isoformat(), p.correction,
                p.correct_by.isoformat() if p.correct_by else "", p.get_state_display(),
                p.closed_on.isoformat() if p.closed_on else "",
            ]
            for p in f.problems
        ],
    )  # fmt: skip


def milestones_table(f: Figures) -> Section:
    return Section(
        _("工作节点"),
        header=[_("节点"), _("应完成日期"), _("完成日期"), _("说明")],
        rows=[
            [
                m.get_kind_display(),
                m.due_on.isoformat(),
                m.done_on.isoformat() if m.done_on else _("未完成"),
                m.note,
            ]
            for m in f.milestones
        ],
    )


def _as_of(start: date, end: date) -> date:
    """The day the figures are counted on: the period's last day, or today while it runs; a period that has not
    begun has no figures yet."""
    today = timezone.localdate()
    if start > today:
        raise ReportError(_("该报告期（%(s)s 起）尚未开始。") % {"s": start})
    return min(end, today)


def quarterly(plan: Plan, quarter: str) -> Report:
    start, end = quarter_bounds(quarter)
    f = figures(plan, _as_of(start, end))
    return Report(
        title=_("%(plan)s %(q)s 季度报告") % {"plan": plan.name, "q": quarter},
        subtitle=_("报告期 %(s)s 至 %(e)s，数据截至 %(d)s") % {"s": start, "e": end, "d": f.as_of},
        sections=[overview(f), targets_table(f), problems_table(f), milestones_table(f)],
    )


def monthly(plan: Plan, month: str) -> Report:
    start, end = month_bounds(month)
    f = figures(plan, _as_of(start, end))
    steps = Section(
        _("本月工作记录"),
        header=[_("时间"), _("任务"), _("操作人"), _("记录")],
        rows=[
            [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"),
                str(e.task or ""),
                str(e.user or ""),
                e.note,
            ]
            for e in events_between(plan, start, end)
        ],
    )
    late = Section(
        _("督查发现：超期未完成的量化目标"),
        header=[_("编号"), _("量化目标"), _("牵头单位"), _("完成时限"), _("进度（%）")],
        rows=[
            [t.number, t.title, t.lead_unit.name, t.deadline.isoformat(), t.progress]
            for t in f.targets_overdue
        ],
    )
    return Report(
        title=_("%(plan)s %(m)s 月度督查通报") % {"plan": plan.name, "m": month},
        subtitle=_("督查期 %(s)s 至 %(e)s，数据截至 %(d)s") % {"s": start, "e": end, "d": f.as_of},
        sections=[overview(f), late, steps, problems_table(f, _("问题清单及整改情况"))],
    )


def summary(plan: Plan, as_of: date | None = None) -> Report:
    """The 总结报告 skeleton: the three customary parts, each opened with the ledger's figures; the district
    writes the narrative under each (marked 【待补充】)."""
    f = figures(plan, as_of)
    first = overview(f)
    practice = Section(
        _("主要做法和成效"),
        [
            _("%(c)s：%(n)d项量化目标，已完成%(d)d项，平均进度%(p)d%%。【待补充：主要做法、典型经验】")
            % {"c": row["task"].title, "n": row["targets"], "d": row["done"], "p": row["progress"]}
            for row in f.by_class
        ],
    )
    issues = Section(
        _("存在的问题和建议"),
        [
            _("尚有%(n)d项量化目标超期未完成：%(list)s。")
            % {
                "n": len(f.targets_overdue),
                "list": "；".join(f"{t.number} {t.title}" for t in f.targets_overdue) or "—",
            },
            _("问题清单中尚有%(n)d个问题未销号：%(list)s。")
            % {"n": len(f.problems_open), "list": "；".join(p.title for p in f.problems_open) or "—"},
            _("【待补充：下一步工作建议】"),
        ],
    )
    return Report(
        title=_("%(plan)s 总结报告") % {"plan": plan.name},
        subtitle=_("数据截至 %(d)s（由试点台账生成）") % {"d": f.as_of},
        sections=[first, practice, issues, targets_table(f)],
    )


# -- writers ---------------------------------------------------------------------------------------------------
def _sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "", text)[:28] or "Sheet"
    while title in used:
        title += "_"
    used.add(title)
    return title


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for section in report.sections:
        sheet = book.create_sheet(_sheet_title(section.heading, used))
        sheet.append([report.title])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([report.subtitle])
        sheet.append([section.heading])
        for paragraph in section.paragraphs:
            sheet.append([paragraph])
        if section.header:
            sheet.append(section.header)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in section.rows:
                sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_docx(report: Report) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{_cn_number(number)}、{section.heading}", level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.header:
            table = document.add_table(rows=1, cols=len(section.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, section.header, strict=True):
                cell.text = str(text)
            for row in section.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _cell_text(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _cn_number(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def render(report: Report, fmt: str) -> bytes:
    if fmt == XLSX:
        return to_xlsx(report)
    if fmt == DOCX:
        return to_docx(report)
    raise ReportError(_("格式只能是 xlsx 或 docx。"))
