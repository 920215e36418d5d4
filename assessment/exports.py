"""Exports fit to hand to a leader: a round's results (its bulletin, 月通报; 年度考核结果通报 for a yearly round)
and the annual assessment report (年度考核报告), each as Excel (openpyxl), CSV (UTF-8 with BOM, for Excel) and
PDF (WeasyPrint).

Every file carries a title, the issuing body (the district government's full name) and the date; scores with
two decimals and rates as percentages; unit names, never internal ids; a Chinese file name sent with an
RFC 5987 ``filename*`` (:func:`content_disposition`). One dispatcher, :func:`export`, serves both documents.
Text cells are guarded against formula injection (a leading = + - @ or a control character is neutralised
with a quote), numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from weasyprint import HTML

from . import selectors
from .models import Evidence, ExpectedDisclosure, IndicatorScore, Round, RoundKind

FORMATS = ("xlsx", "pdf", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
TWO = Decimal("0.01")


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


def two(value) -> str:
    """A score as text with two decimals ("" for none)."""
    return "" if value is None else f"{Decimal(value).quantize(TWO)}"


def percent(value) -> str:
    """A ratio (0.8512) as text "85.12%" ("" for none)."""
    return "" if value is None else f"{(Decimal(value) * 100).quantize(TWO)}%"


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name as RFC 5987 ``filename*``."""
    stem, _dot, ext = name.rpartition(".")
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "" for c in stem) or "report"
    return f"attachment; filename=\"{fallback}.{ext}\"; filename*=UTF-8''{quote(name)}"


def _issued() -> dict:
    now = timezone.localtime()
    return {"issuer": selectors.issuing_body(), "issued_on": now.date(), "generated_at": now}


# -- a round -----------------------------------------------------------------------------------------------
def cn_day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def as_of_text(round_: Round) -> str:
    """ "截至2026年12月7日" for the round's stored figures ("尚未计算" before an as-of computation)."""
    day = round_.figures_as_of
    return _("截至%(day)s") % {"day": cn_day(day)} if day else _("尚未按截至日期计算")


def round_title(round_: Round) -> str:
    """A closed round's bulletin is a 考核结果通报; any other round's figures are provisional (暂定) and say
    the day they count up to."""
    if round_.is_provisional:
        return _("%(name)s政务公开工作考核暂定结果（%(as_of)s）") % {
            "name": round_.name,
            "as_of": as_of_text(round_),
        }
    kind = _("年度考核结果通报") if round_.kind == RoundKind.YEARLY else _("政务公开工作考核结果通报")
    return f"{round_.name}{kind}"


def provisional_note(round_: Round) -> str:
    """The sentence a provisional round's report opens with ("" for a closed round)."""
    if not round_.is_provisional:
        return ""
    return _(
        "本结果为暂定结果（%(as_of)s）：考核轮次尚未关闭，只计考核期内截至该日已到期的事项（应公开事项、留言答复、"
        "舆情回应等时限），此后到期的不计为未公开或超期；以考核轮次关闭后的正式通报为准。"
    ) % {"as_of": as_of_text(round_)}


def report_context(round_: Round) -> dict:
    """Everything the bulletin and the spreadsheets show. A fixed number of queries."""
    results = list(selectors.results_visible_to_all(round_))
    rows = selectors.ranking(round_, results)
    maximum = selectors.max_points(round_)
    for row in rows:
        row["pct"] = (row["total"] / maximum) if maximum else None
    totals = [r["total"] for r in rows]
    lost = Counter(
        IndicatorScore.objects.filter(round=round_, score__lt=0).values_list("indicator__name", flat=True)
    )
    problems = list(
        Evidence.objects.filter(score__round=round_, score__score__lt=0, deducts=True)
        .select_related("score__unit", "score__indicator")
        .order_by("score__unit__tree_id", "score__unit__lft", "id")[:80]
    )
    ledger = ledger_lines(round_)
    return {
        **_issued(),
        "round": round_,
        "system": round_.system,
        "title": round_title(round_),
        "note": provisional_note(round_),
        "tops": selectors.top_indicators(round_),
        "policies": selectors.policies(round_),
        "rows": rows,
        "maximum": maximum,
        "average": (sum(totals) / len(totals)).quantize(TWO) if totals else None,
        "best": rows[:5],
        "worst": [r for r in rows[-5:] if r not in rows[:5]],
        "heat": selectors.heat_map(round_, results),
        "expected": selectors.expected_summary(round_),
        "deduction_counts": lost.most_common(),
        "problems": problems,
        "ledger": ledger,
        "numbers": _section_numbers(bool(problems), bool(ledger)),
    }


#: The indicators that read the 互动交流 and 舆情 ledgers: the report lists every record they counted.
LEDGER_COMPUTATIONS = ("interaction_late_answers", "opinion_responses")


def ledger_lines(round_: Round) -> list[Evidence]:
    """Every record the ledger indicators counted in the round (on time and not), unit by unit. One query."""
    return list(
        Evidence.objects.filter(score__round=round_, score__indicator__computation__in=LEDGER_COMPUTATIONS)
        .select_related("score__unit", "score__indicator")
        .order_by("score__unit__tree_id", "score__unit__lft", "score__indicator__code", "id")
    )


def _section_numbers(problems: bool, ledger: bool) -> dict[str, str]:
    """The Chinese numbers of the report's optional sections (四、五、六…), in the order they appear."""
    numerals = iter("四五六七")
    out = {}
    for key, present in (("problems", problems), ("ledger", ledger), ("heat", True)):
        if present:
            out[key] = next(numerals)
    return out


def _header(ws, title: str, ctx: dict, columns: list[str]) -> None:
    ws.append([safe_text(title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [safe_text(_("发布单位：%(issuer)s　　日期：%(day)s") % {"issuer": ctx["issuer"], "day": _day(ctx)})]
    )
    ws.append([safe_text(ctx["note"])] if ctx.get("note") else [])
    ws.append(columns)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A5"


def _day(ctx: dict) -> str:
    return cn_day(ctx["issued_on"])


def _formats(ws, first_row: int, score_cols: list[int], pct_cols: list[int]) -> None:
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            if cell.column in score_cols and isinstance(cell.value, float | int):
                cell.number_format = SCORE_FORMAT
            elif cell.column in pct_cols and isinstance(cell.value, float | int):
                cell.number_format = PERCENT_FORMAT


def _ranking_header(ctx: dict) -> list[str]:
    tops = [f"{t.name}（{two(t.max_points)}分）" for t in ctx["tops"]]
    return [_("排名"), _("单位"), *tops, _("总分（满分%(max)s）") % {"max": two(ctx["maximum"])}, _("得分率")]


def _ranking_sheet(wb, ctx: dict) -> None:
    ws = wb.active
    ws.title = _("排名")
    header = _ranking_header(ctx)
    _header(ws, ctx["title"], ctx, header)
    for row in ctx["rows"]:
        ws.append(
            [
                row["rank"],
                _cell(row["unit"].name),
                *[_cell(s) for s in row["scores"]],
                _cell(row["total"]),
                _cell(row["pct"]),
            ]
        )
    n = len(header)
    _formats(ws, 5, list(range(3, n)), [n])
    ws.column_dimensions["B"].width = 34


def _scores_sheet(wb, round_: Round, ctx: dict) -> None:
    ws = wb.create_sheet(_("指标得分"))
    _header(ws, ctx["title"], ctx, [_("单位"), _("指标编号"), _("指标"), _("得分"), _("计算说明")])
    scores = (
        IndicatorScore.objects.filter(round=round_)
        .select_related("unit", "indicator")
        .order_by("unit__tree_id", "unit__lft", "indicator__tree_id", "indicator__lft")
    )
    for s in scores:
        note = (s.details or {}).get("note", "")
        ws.append(
            [
                _cell(s.unit.name),
                _cell(s.indicator.code),
                _cell(s.indicator.name),
                _cell(s.score),
                _cell(note),
            ]
        )
    _formats(ws, 5, [4], [])


def _evidence_sheet(wb, round_: Round, ctx: dict) -> None:
    ws = wb.create_sheet(_("扣分依据"))
    _header(ws, ctx["title"], ctx, [_("单位"), _("指标"), _("得分"), _("是否失分"), _("依据")])
    for e in (
        Evidence.objects.filter(score__round=round_)
        .select_related("score__unit", "score__indicator")
        .order_by("score__unit__tree_id", "score__unit__lft", "id")
    ):
        ws.append(
            [
                _cell(e.score.unit.name),
                _cell(e.score.indicator.name),
                _cell(e.score.score),
                _cell(_("失分") if e.deducts else _("计入，未失分")),
                _cell(e.description),
            ]
        )
    _formats(ws, 5, [3], [])


def _expected_sheet(wb, round_: Round, ctx: dict) -> None:
    ws = wb.create_sheet(_("应公开事项"))
    columns = [_("单位"), _("类型"), _("应公开日期"), _("结果"), _("公开日期"), _("逾期工作日"), _("依据")]
    _header(ws, ctx["title"], ctx, columns)
    for e in (
        ExpectedDisclosure.objects.filter(round=round_)
        .select_related("unit")
        .order_by("unit__tree_id", "unit__lft", "due_date", "id")
    ):
        ws.append(
            [
                _cell(e.unit.name),
                _cell(e.get_kind_display()),
                e.due_date,
                _cell(e.get_state_display()),
                e.published_on or "",
                e.late_workdays,
                _cell(e.evidence),
            ]
        )


def _policies_sheet(wb, ctx: dict) -> None:
    ws = wb.create_sheet(_("指标说明"))
    _header(ws, ctx["title"], ctx, [_("指标编号"), _("指标"), _("分值"), _("计分方式"), _("无应考核事项时")])
    for p in ctx["policies"]:
        ws.append(
            [
                _cell(p["code"]),
                _cell(p["name"]),
                _cell(p["max_points"]),
                _cell(p["scoring"]),
                _cell(p["policy"]),
            ]
        )
    _formats(ws, 5, [3], [])


def _heat_sheet(wb, ctx: dict) -> None:
    ws = wb.create_sheet(_("领域覆盖"))
    _header(ws, ctx["title"], ctx, [_("单位"), *[c["name"] for c in ctx["heat"]["columns"]]])
    for row in ctx["heat"]["rows"]:
        cells = [float(c["value"] / 100) if c["value"] is not None else "" for c in row["cells"]]
        ws.append([_cell(row["unit"].name), *cells])
    _formats(ws, 5, [], list(range(2, len(ctx["heat"]["columns"]) + 2)))


def to_xlsx(round_: Round) -> bytes:
    ctx = report_context(round_)
    wb = Workbook()
    _ranking_sheet(wb, ctx)
    _scores_sheet(wb, round_, ctx)
    _evidence_sheet(wb, round_, ctx)
    _expected_sheet(wb, round_, ctx)
    _policies_sheet(wb, ctx)
    _heat_sheet(wb, ctx)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(title: str, ctx: dict, header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_text(title)])
    writer.writerow([safe_text(_("发布单位：%(issuer)s") % {"issuer": ctx["issuer"]}), _day(ctx)])
    if ctx.get("note"):
        writer.writerow([safe_text(ctx["note"])])
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_csv(round_: Round) -> bytes:
    ctx = report_context(round_)
    rows = [
        [
            row["rank"],
            safe_text(row["unit"].name),
            *[two(s) for s in row["scores"]],
            two(row["total"]),
            percent(row["pct"]),
        ]
        for row in ctx["rows"]
    ]
    return _csv(ctx["title"], ctx, _ranking_header(ctx), rows)


def render_report_html(round_: Round) -> str:
    return render_to_string("assessment/report_pdf.html", report_context(round_))


def to_pdf(round_: Round) -> bytes:
    return HTML(string=render_report_html(round_)).write_pdf()


# -- the annual assessment report --------------------------------------------------------------------------
def annual_title(year: int) -> str:
    return _("%(year)s年度政务公开考核报告") % {"year": year}


def annual_context(year: int) -> dict:
    summary = selectors.annual_summary(year)
    rows = summary["rows"]
    averages = [r["average_pct"] for r in rows if r["average_pct"] is not None]
    return {
        **summary,
        **_issued(),
        "title": annual_title(year),
        "note": summary["basis"]["note"],
        "overall_pct": (sum(averages) / len(averages)).quantize(TWO) if averages else None,
        "best": rows[:5],
        "worst": [r for r in rows[-5:] if r not in rows[:5]],
    }


def render_annual_html(year: int) -> str:
    return render_to_string("assessment/annual_report_pdf.html", annual_context(year))


def _annual_header(ctx: dict) -> list[str]:
    return [
        _("排名"),
        _("单位"),
        *[
            _("%(round)s（满分%(max)s）") % {"round": c["round"].name, "max": two(c["max"])}
            for c in ctx["columns"]
        ],
        _("参评轮次"),
        _("平均得分"),
        _("平均得分率"),
    ]


def annual_to_xlsx(year: int) -> bytes:
    ctx = annual_context(year)
    wb = Workbook()
    ws = wb.active
    ws.title = _("年度汇总")
    header = _annual_header(ctx)
    _header(ws, ctx["title"], ctx, header)
    for row in ctx["rows"]:
        pct = row["average_pct"] / 100 if row["average_pct"] is not None else None
        ws.append(
            [
                row["rank"],
                _cell(row["unit"].name),
                *[_cell(t) for t in row["totals"]],
                row["rounds"],
                _cell(row["average"]),
                _cell(pct),
            ]
        )
    n = len(header)
    _formats(ws, 5, [*range(3, n - 2), n - 1], [n])
    ws.column_dimensions["B"].width = 34
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def annual_to_csv(year: int) -> bytes:
    ctx = annual_context(year)
    rows = [
        [
            row["rank"],
            safe_text(row["unit"].name),
            *[two(t) for t in row["totals"]],
            row["rounds"],
            two(row["average"]),
            "" if row["average_pct"] is None else f"{row['average_pct']}%",
        ]
        for row in ctx["rows"]
    ]
    return _csv(ctx["title"], ctx, _annual_header(ctx), rows)


def annual_to_pdf(year: int) -> bytes:
    return HTML(string=render_annual_html(year)).write_pdf()


# -- the one dispatcher ---------------------------------------------------------------------------------------
BUILDERS: dict[str, dict[str, Callable]] = {
    "round": {"xlsx": to_xlsx, "csv": to_csv, "pdf": to_pdf},
    "annual": {"xlsx": annual_to_xlsx, "csv": annual_to_csv, "pdf": annual_to_pdf},
}


def export(subject: Round | int, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, Chinese file name) of a round (a :class:`Round`) or of the annual report of a
    year (an ``int``) in ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if isinstance(subject, Round):
        which, stem = "round", round_title(subject)
    else:
        which, stem = "annual", annual_title(int(subject))
    return BUILDERS[which][fmt](subject), CONTENT_TYPES[fmt], f"{stem}.{fmt}"
