"""The printed sheet leads to the record (issue 25 part 1, must show): the PDF is rendered to an image with
`pdftoppm` (poppler-utils) and its QR code decoded with zxing-cpp — it must be the record's public address; the
sheet states the period and the objection channel; and the QR image embedded in the PDF is the one regenerated
from the record (a second check that needs no decoder)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boards import services, sheet

pytestmark = pytest.mark.django_db

from .conftest import POSTED  # noqa: E402


def record_url(record) -> str:
    return "https://portal.example.cn" + reverse("publication", args=[record.index_number])


def decode_qr_of_pdf(data: bytes, tmp_path) -> list[str]:
    """Every QR code on the PDF's first page, rendered at 150 dpi by pdftoppm and read by zxing-cpp."""
    import zxingcpp
    from PIL import Image

    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is installed by .ci/run"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    (png,) = tmp_path.glob("page*.png")
    return [
        r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_sheets_qr_code_decodes_to_the_records_page(world, board, record, tmp_path):
    posting = services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    data = posting.sheet.read()
    assert decode_qr_of_pdf(data, tmp_path) == [record_url(record)]

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(" ", "")
    assert record.title in text
    assert f"{POSTED:%Y年%-m月%-d日}至{posting.ends_on:%Y年%-m月%-d日}" in text
    assert "异议渠道" in text and "社区服务中心二楼民政窗口" in text
    assert posting.content_hash[:16] in text


def test_the_embedded_qr_image_is_the_one_regenerated_from_the_record(world, board, record):
    """Without a decoder: the PNG embedded in the PDF has the pixels of the QR code made again from the record's
    address (WeasyPrint re-encodes the image, so pixels are compared, not file bytes)."""
    from PIL import Image

    posting = services.post(user=world["c11_officer"], publication=record, board=board, posted_on=POSTED)
    page = PdfReader(io.BytesIO(posting.sheet.read())).pages[0]
    (embedded,) = page.images
    expected = Image.open(io.BytesIO(sheet.qr_png(record_url(record)))).convert("L")
    found = embedded.image.convert("L")
    assert found.size == expected.size
    assert hashlib.sha256(found.tobytes()).digest() == hashlib.sha256(expected.tobytes()).digest()
    other = Image.open(io.BytesIO(sheet.qr_png(record_url(record) + "x"))).convert("L")
    assert other.tobytes() != found.tobytes()
