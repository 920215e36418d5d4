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
