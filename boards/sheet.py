"""The printed sheet of one posting (公示张贴页): the record, the 公示 period, the objection channel and a QR code
leading to the online record, with the fingerprint of the online content it was printed from. A4 PDF by
WeasyPrint, as the unit's board sheet (publishing's channels) is printed."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

from publishing.models import Publication

from .models import Board

#: The QR code: medium error correction (a worn print still scans), 10 px modules, a 4-module quiet zone.
QR_BOX, QR_BORDER = 10, 4


def publication_url(publication: Publication, base_url: str) -> str:
    """The absolute address of the record's public page (what the QR code leads to)."""
    try:
        path = reverse("publication", args=[publication.index_number])
    except NoReverseMatch:  # the portal is not routed (a bare test URLconf)
        path = f"/publications/{publication.index_number}/"
    return base_url.rstrip("/") + path


def plain_text(publication: Publication) -> str:
    """The record's words as printed: title and body without markup, whitespace collapsed."""
    body = re.sub(r"\s+", " ", strip_tags(publication.body or "")).strip()
    return f"{publication.title}\n{publication.doc_number}\n{body}"


def content_hash(publication: Publication) -> str:
    """SHA-256 of what the sheet prints from the online record; any change online changes it."""
    fields = {
        "title": publication.title,
        "body": publication.body or "",
        "doc_number": publication.doc_number,
        "validity": publication.validity,
        "notice_from": str(publication.notice_from or ""),
        "notice_until": str(publication.notice_until or ""),
        "objection_channel": publication.objection_channel,
    }
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def qr_png(payload: str) -> bytes:
    """The QR code of ``payload`` as PNG bytes (deterministic: the same payload gives the same bytes)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=QR_BOX, border=QR_BORDER)
    code.add_data(payload)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(out, format="PNG")
    return out.getvalue()


@dataclass(frozen=True)
class SheetData:
    publication: Publication
    board: Board
    posted_on: date
    ends_on: date
    period_label: str
    objection_channel: str
    url: str
    fingerprint: str


def sheet_html(data: SheetData) -> str:
    png = qr_png(data.url)
    return render_to_string(
        "boards/posting_sheet.html",
        {
            "d": data,
            "pub": data.publication,
            "unit": data.board.unit,
            "qr": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            "body_text": re.sub(r"\s+", " ", strip_tags(data.publication.body or "")).strip(),
        },
    )


def sheet_pdf(data: SheetData) -> bytes:
    from weasyprint import HTML

    return HTML(string=sheet_html(data), base_url=data.url).write_pdf()
