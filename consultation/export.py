"""The comments of a consultation as an xlsx workbook, anonymised: number, 条/段, channel, date, text, answer and
reason — never the commenter's name or contact — with a Chinese file name (RFC 6266 / RFC 5987)."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from organizations import permissions as perms

from . import paragraphs, selectors
from .models import Consultation, Verdict

_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]')


def _cell(value: str) -> str:
    """A cell's text that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def comments_xlsx(consultation: Consultation) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("意见汇总")
    sheet.append([_("征求意见"), consultation.title])
    sheet.append([_("征集期"), selectors.period_words(consultation)])
    header = [
        _("序号"),
        _("条/段"),
        _("渠道"),
        _("收到日期"),
        _("意见内容"),
        _("展示状态"),
        _("归类"),
        _("采纳情况"),
        _("理由"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    rows = consultation.comments.order_by("received_at", "id")
    numbered = paragraphs.split(consultation.draft)
    for number, c in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                paragraphs.label_of(numbered, c.paragraph),
                c.get_channel_display(),
                selectors.local_date(c.received_at).isoformat(),
                _cell(perms.redact_text(c.body)),  # anonymised: no contact typed into the text
                c.get_visibility_display(),
                _cell(c.group),
                str(Verdict(c.verdict).label) if c.verdict else _("未答复"),
                _cell(perms.redact_text(c.reason)),
            ]
        )
    for column, width in zip("ABCDEFGHI", (6, 10, 10, 12, 60, 14, 14, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(consultation: Consultation) -> str:
    return _("征求意见汇总_%(title)s.xlsx") % {"title": consultation.title[:40]}


def content_disposition(name: str, fallback: str) -> str:
    name = _UNSAFE.sub("_", name).strip() or fallback
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def feedback_filename(consultation: Consultation) -> str:
    return _("意见采纳情况说明_%(title)s.docx") % {"title": consultation.title[:40]}


def _docx_font(document) -> None:
    """A Chinese body font the reader's Word has (宋体), set for East Asian text too."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def feedback_docx(consultation: Consultation) -> bytes:
    """The feedback report (意见采纳情况说明) as a Word document, anonymised as the public page is: the summary,
    the figures, the table per 条/段, then every comment shown with its answer and reason — never a name or
    contact, and any ID number, phone or e-mail typed into a text masked. A comment hidden for moderation or
    withheld is counted in the figures, not printed."""
    from docx import Document

    document = Document()
    _docx_font(document)
    document.add_heading(
        _("关于《%(title)s》征求意见采纳情况的说明") % {"title": consultation.title}, level=1
    )
    figures = selectors.tally(consultation)
    document.add_paragraph(
        _(
            "征求意见期：%(period)s。共收到意见 %(total)s 条：采纳 %(adopted)s 条，部分采纳 %(partly)s 条，不予采纳 %(rejected)s 条。"
        )
        % {"period": selectors.period_words(consultation), **figures}
    )
    if consultation.decided_on:
        document.add_paragraph(_("会议决策日期：%(day)s。") % {"day": consultation.decided_on.isoformat()})
    for line in (consultation.feedback_summary or "").splitlines():
        if line.strip():
            document.add_paragraph(perms.redact_text(line.strip()))
    shown = selectors.public_comments(consultation)
    groups = selectors.by_paragraph(consultation, shown)
    if groups:
        document.add_heading(_("按条/段汇总"), level=2)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("条/段"), _("意见"), _("采纳"), _("部分采纳"), _("不予采纳")), strict=True
        ):
            cell.text = text
        for g in groups:
            row = table.add_row().cells
            for cell, value in zip(row, (g.label, g.total, g.adopted, g.partly, g.rejected), strict=True):
                cell.text = str(value)
    document.add_heading(_("意见及采纳情况"), level=2)
    for c in shown:
        where = f"（{c.paragraph_label}）" if c.paragraph_label else ""
        document.add_paragraph(
            _("意见 %(n)s%(where)s · %(channel)s · %(day)s：%(body)s")
            % {
                "n": c.number,
                "where": where,
                "channel": c.channel,
                "day": c.received_on.isoformat(),
                "body": c.body,
            }
        )
        if c.verdict:
            group = f"（{c.group}）" if c.group else ""
            document.add_paragraph(f"{c.verdict}{group}：{c.reason}")
    if not shown:
        document.add_paragraph(_("暂无公开的意见。"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
