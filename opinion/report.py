"""The month's 舆情 ledger as an Excel workbook (openpyxl), with a Chinese file name."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import clocks
from .selectors import MonthReport


def filename(report: MonthReport) -> str:
    return _("政务舆情回应台账%(y)d年%(m)d月.xlsx") % {"y": report.year, "m": report.month}


def content_disposition(name: str, fallback: str) -> str:
    """``attachment`` with the Chinese name (RFC 6266 / 5987) and an ASCII fallback for old clients."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _cell(value):
    """Text that a spreadsheet would take for a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook(report: MonthReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("汇总")
    bold = Font(bold=True)
    sheet.append([_("%(y)d年%(m)d月政务舆情回应情况") % {"y": report.year, "m": report.month}])
    sheet["A1"].font = bold
    sheet.append([_("舆情总数"), report.total])
    sheet.append([_("已回应"), report.responded])
    sheet.append(
        [_("回应用时中位数（小时）"), report.median_hours if report.median_hours is not None else "—"]
    )
    sheet.append([])
    sheet.append([_("级别"), _("条数")])
    for label, count in report.by_level:
        sheet.append([label, count])
    sheet.append([])
    sheet.append([_("类别"), _("条数")])
    for label, count in report.by_kind:
        sheet.append([label, count])
    sheet.append([])
    sheet.append([_("时限"), *[str(v) for v in clocks.OUTCOME_LABELS.values()]])
    for label, counts in report.outcomes:
        sheet.append([label, *[counts[k] for k in clocks.OUTCOME_LABELS]])
    ledger = book.create_sheet(_("台账"))
    ledger.append(
        [
            _("发现时间"),
            _("责任单位"),
            _("级别"),
            _("突发"),
            _("类别"),
            _("来源"),
            _("摘要"),
            _("状态"),
            _("时限"),
            _("截止时间"),
            _("结果"),
        ]
    )
    for row in report.rows:
        e = row.entry
        for c in row.clocks:
            ledger.append(
                [
                    clocks.beijing(e.found_at),
                    e.unit.name,
                    e.get_level_display(),
                    _("是") if e.emergency else _("否"),
                    e.get_kind_display(),
                    e.get_source_display(),
                    _cell(e.summary),
                    e.get_state_display(),
                    c.label,
                    clocks.beijing(c.deadline.due),
                    c.state_label,
                ]
            )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
