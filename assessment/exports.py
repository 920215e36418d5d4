"""Exports of a round: Excel (openpyxl), CSV (UTF-8 with BOM, for Excel) and PDF (WeasyPrint).

The PDF of a round is its bulletin (月通报; 年度考核结果通报 for a yearly round). The annual assessment report
(年度考核报告) is a document of its own: the year's closed rounds aggregated per unit (:func:`export_annual`). Text cells are guarded against formula injection (a leading = + - @ or a
control character is neutralised with a quote), numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from . import selectors
from .models import Evidence, IndicatorScore, Round, RoundKind

FORMATS = ("xlsx", "pdf", "csv")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_text(value) -> str:
    """A text cell that a spreadsheet will not evaluate as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in _DANGEROUS:
        return "'" + text
    return text


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float):
        return value
    return safe_text(value)


def report_context(round_: Round) -> dict:
    """Everything the bulletin, the report and the spreadsheets show. A fixed number of queries."""
    results = list(selectors.results_visible_to_all(round_))
    rows = selectors.ranking(round_, results)
    tops = selectors.top_indicators(round_)
    maximum = selectors.max_points(round_)
    totals = [r["total"] for r in rows]
    average = (sum(totals) / len(totals)).quantize(Decimal("0.01")) if totals else None
    # the deductions: which computed rules cost the most, and the lines behind them
    lost = Counter()
    for name in IndicatorScore.objects.filter(round=round_, score__lt=0).values_list(
        "indicator__name", flat=True
    ):
        lost[name] += 1
    problems = list(
        Evidence.objects.filter(score__round=round_, score__score__lt=0)
        .select_related("score__unit", "score__indicator")
        .order_by("score__unit__code", "id")[:60]
    )
    return {
        "round": round_,
        "system": round_.system,
        "kind_title": "年度考核结果通报" if round_.kind == RoundKind.YEARLY else "政务公开工作通报",
        "tops": tops,
        "rows": rows,
        "maximum": maximum,
        "average": average,
        "best": rows[:3],
        "worst": [r for r in rows[-3:] if r not in rows[:3]],
        "heat": selectors.heat_map(round_, results),
        "deduction_counts": lost.most_common(),
        "problems": problems,
        "generated_at": timezone.localtime(),
    }


def to_xlsx(round_: Round) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    ctx = report_context(round_)
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    ws.append([safe_text(f"{round_.name} 考核排名（{round_.period_start}至{round_.period_end}）")])
    ws["A1"].font = Font(bold=True, size=14)
    header = [
        "排名",
        "单位",
        "单位代码",
        "总分",
        *[f"{t.code} {t.name}（{t.max_points}分）" for t in ctx["tops"]],
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in ctx["rows"]:
        ws.append(
            [
                _cell(row["rank"]),
                _cell(row["unit"].name),
                _cell(row["unit"].code),
                _cell(row["total"]),
                *[_cell(s) for s in row["scores"]],
            ]
        )
    ws.column_dimensions["B"].width = 34
    ws.freeze_panes = "A3"

    detail = wb.create_sheet("指标得分")
    detail.append(["单位", "指标编号", "指标", "得分", "计量值", "说明"])
    for s in (
        IndicatorScore.objects.filter(round=round_)
        .select_related("unit", "indicator")
        .order_by("unit__tree_id", "unit__lft", "indicator__tree_id", "indicator__lft")
    ):
        detail.append(
            [
                _cell(s.unit.name),
                _cell(s.indicator.code),
                _cell(s.indicator.name),
                _cell(s.score),
                _cell(s.value),
                _cell((s.details or {}).get("note", "")),
            ]
        )

    evidence = wb.create_sheet("扣分依据")
    evidence.append(["单位", "指标", "记录类型", "记录编号", "说明"])
    for e in (
        Evidence.objects.filter(score__round=round_)
        .select_related("score__unit", "score__indicator", "content_type")
        .order_by("score__unit__code", "id")
    ):
        evidence.append(
            [
                _cell(e.score.unit.name),
                _cell(e.score.indicator.name),
                _cell(e.content_type.name),
                e.object_id,
                _cell(e.description),
            ]
        )

    heat = wb.create_sheet("领域覆盖")
    heat.append(["单位", *[c["name"] for c in ctx["heat"]["columns"]]])
    for row in ctx["heat"]["rows"]:
        heat.append(
            [
                _cell(row["unit"].name),
                *[
                    float(c["value"].quantize(Decimal("0.1"))) if c["value"] is not None else ""
                    for c in row["cells"]
                ],
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(round_: Round) -> bytes:
    ctx = report_context(round_)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["排名", "单位", "单位代码", "总分", *[f"{t.code} {t.name}" for t in ctx["tops"]]])
    for row in ctx["rows"]:
        writer.writerow(
            [
                row["rank"],
                safe_text(row["unit"].name),
                safe_text(row["unit"].code),
                row["total"],
                *["" if s is None else s for s in row["scores"]],
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_report_html(round_: Round) -> str:
    return render_to_string("assessment/report_pdf.html", report_context(round_))


def to_pdf(round_: Round) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_report_html(round_)).write_pdf()


def export(round_: Round, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of a round in ``fmt``."""
    stem = f"assessment-{round_.pk}-{round_.period_end:%Y%m%d}"
    if fmt == "xlsx":
        return (
            to_xlsx(round_),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if fmt == "csv":
        return to_csv(round_), "text/csv; charset=utf-8", f"{stem}.csv"
    if fmt == "pdf":
        return to_pdf(round_), "application/pdf", f"{stem}.pdf"
    raise ValueError(f"unknown format {fmt!r}")


# -- the annual assessment report -----------------------------------------------------------------------
def annual_context(year: int) -> dict:
    summary = selectors.annual_summary(year)
    rows = summary["rows"]
    averages = [r["average_pct"] for r in rows if r["average_pct"] is not None]
    return {
        **summary,
        "title": f"{year}年度政务公开考核报告",
        "overall_pct": (sum(averages) / len(averages)).quantize(Decimal("0.01")) if averages else None,
        "best": rows[:3],
        "worst": [r for r in rows[-3:] if r not in rows[:3]],
        "generated_at": timezone.localtime(),
    }


def render_annual_html(year: int) -> str:
    return render_to_string("assessment/annual_report_pdf.html", annual_context(year))


def _annual_header(ctx: dict) -> list[str]:
    return [
        "排名",
        "单位",
        "单位代码",
        *[f"{c['round'].name}（满分{c['max']}）" for c in ctx["columns"]],
        "参评轮次",
        "平均得分",
        "平均得分率（%）",
    ]


def annual_to_xlsx(year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    ctx = annual_context(year)
    wb = Workbook()
    ws = wb.active
    ws.title = "年度汇总"
    ws.append([safe_text(ctx["title"])])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(_annual_header(ctx))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in ctx["rows"]:
        ws.append(
            [
                row["rank"],
                _cell(row["unit"].name),
                _cell(row["unit"].code),
                *[_cell(t) for t in row["totals"]],
                row["rounds"],
                _cell(row["average"]),
                _cell(row["average_pct"]),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def annual_to_csv(year: int) -> bytes:
    ctx = annual_context(year)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_annual_header(ctx))
    for row in ctx["rows"]:
        writer.writerow(
            [
                row["rank"],
                safe_text(row["unit"].name),
                safe_text(row["unit"].code),
                *["" if t is None else t for t in row["totals"]],
                row["rounds"],
                "" if row["average"] is None else row["average"],
                "" if row["average_pct"] is None else row["average_pct"],
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def annual_to_pdf(year: int) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_annual_html(year)).write_pdf()


def export_annual(year: int, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the annual assessment report of ``year`` in ``fmt``."""
    stem = f"assessment-annual-{year}"
    if fmt == "xlsx":
        return (
            annual_to_xlsx(year),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if fmt == "csv":
        return annual_to_csv(year), "text/csv; charset=utf-8", f"{stem}.csv"
    if fmt == "pdf":
        return annual_to_pdf(year), "application/pdf", f"{stem}.pdf"
    raise ValueError(f"unknown format {fmt!r}")
