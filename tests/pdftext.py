"""Text of a PDF for the tests, read with pdfminer.six: it decodes the CFF CID fonts of Noto Sans CJK as well
as WenQuanYi's TrueType (pypdf cannot map the CFF ones), so PDF tests pass with either CJK font installed."""

from __future__ import annotations

import io


def pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pdf_pages(data: bytes) -> int:
    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
